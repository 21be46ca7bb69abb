//! What can go wrong while calibrating, quantizing, saving or loading, with messages that
//! say what to do.

use std::fmt;
use std::path::PathBuf;

/// Why a layer or model could not be quantized, or a quantized model not saved or loaded.
///
/// Everything here comes from input a user supplies (calibration data, models, files), so
/// it is reported, never a panic.
#[derive(Clone, Debug, PartialEq)]
pub enum QuantError {
    /// No calibration sample was given: the input range cannot be measured.
    NoCalibrationData,
    /// A calibration sample does not fit the layer's input.
    CalibrationShape {
        /// The layer, e.g. `"Linear(64 -> 32)"`.
        layer: String,
        /// The sample's shape.
        shape: Vec<usize>,
        /// The size the last axis must have.
        in_features: usize,
    },
    /// A calibration sample holds NaN or an infinity.
    NonFiniteCalibration,
    /// `Calibrator::Percentile(p)` with `p` outside `(50, 100]`.
    InvalidPercentile {
        /// The value given.
        p: f32,
    },
    /// The model holds a layer this module cannot quantize.
    UnsupportedLayer {
        /// The layer's name, e.g. `"Conv2d(1 -> 8, 3x3)"`.
        layer: String,
        /// Why, and what to do.
        reason: String,
    },
    /// The file does not exist.
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// Reading or writing the file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        message: String,
    },
    /// The file is not a valid quantized model: truncated, corrupt, or missing a tensor.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The file was written by a newer version of this format.
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: String,
        /// The newest version this code reads.
        supported: u32,
    },
}

impl fmt::Display for QuantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantError::NoCalibrationData => write!(
                f,
                "no calibration data: pass at least one batch of typical inputs (e.g. a few \
                 hundred training samples) so the activation range can be measured"
            ),
            QuantError::CalibrationShape {
                layer,
                shape,
                in_features,
            } => write!(
                f,
                "{layer}: calibration sample of shape {shape:?} does not fit: its last axis must \
                 be in_features = {in_features}"
            ),
            QuantError::NonFiniteCalibration => write!(
                f,
                "a calibration sample holds NaN or an infinity: clean the data (or the model \
                 diverged) before calibrating"
            ),
            QuantError::InvalidPercentile { p } => write!(
                f,
                "Calibrator::Percentile({p}): the percentile must be in (50, 100], e.g. 99.9"
            ),
            QuantError::UnsupportedLayer { layer, reason } => {
                write!(f, "cannot quantize layer {layer}: {reason}")
            }
            QuantError::NotFound { path } => write!(
                f,
                "{}: no such file: save the model first (`save`) or check the path",
                path.display()
            ),
            QuantError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            QuantError::Corrupt { path, reason } => write!(
                f,
                "{}: not a valid quantized model ({reason}): the file is corrupt or truncated; \
                 save the model again",
                path.display()
            ),
            QuantError::UnsupportedVersion {
                path,
                found,
                supported,
            } => write!(
                f,
                "{}: format version {found} is newer than this code reads (up to {supported}): \
                 update tinytorch",
                path.display()
            ),
        }
    }
}

impl std::error::Error for QuantError {}

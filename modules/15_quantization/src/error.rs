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
    /// A calibration sample for a convolution is not `[N, in_channels, H, W]`.
    ConvCalibrationShape {
        /// The layer, e.g. `"Conv2d(1 -> 4, 3x3, stride 1, padding 1)"`.
        layer: String,
        /// The sample's shape.
        shape: Vec<usize>,
        /// The channel count the second axis must have.
        in_channels: usize,
    },
    /// `Calibrator::Percentile(p)` with `p` outside `(50, 100]`.
    InvalidPercentile {
        /// The value given.
        p: f32,
    },
    /// A bias is too large for the `i32` code at scale `s_x * s_w` (see
    /// [`BIAS_CODE_LIMIT`](crate::BIAS_CODE_LIMIT)).
    BiasOutOfRange {
        /// The output channel.
        channel: usize,
        /// The bias value.
        bias: f32,
        /// Its scale `s_x * s_w[channel]`.
        scale: f32,
    },
    /// The parts of a quantized layer do not fit together (shapes, scales, zero points).
    InvalidLayer {
        /// What is wrong.
        reason: String,
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
    /// The file was written by a version of this format this code does not read.
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: String,
        /// The oldest version this code reads.
        oldest: u32,
        /// The newest version this code reads.
        newest: u32,
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
            QuantError::ConvCalibrationShape {
                layer,
                shape,
                in_channels,
            } => write!(
                f,
                "{layer}: calibration sample of shape {shape:?} does not fit: it must be \
                 [N, C, H, W] with C = in_channels = {in_channels}"
            ),
            QuantError::BiasOutOfRange {
                channel,
                bias,
                scale,
            } => write!(
                f,
                "the bias {bias} of output channel {channel} is {:.3e} steps of its scale \
                 s_x * s_w = {scale:e}, beyond the i32 codes the kernel adds (at most 2^29): \
                 the channel's weights are almost zero next to its bias; keep this layer in \
                 f32, or calibrate on inputs with a wider range",
                f64::from(*bias) / f64::from(*scale)
            ),
            QuantError::InvalidLayer { reason } => {
                write!(f, "not a valid quantized layer: {reason}")
            }
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
                oldest,
                newest,
            } => write!(
                f,
                "{}: format version {found} is not one this code reads ({oldest} to {newest}): \
                 a newer file needs a newer tinytorch; an older one must be quantized and \
                 saved again",
                path.display()
            ),
        }
    }
}

impl std::error::Error for QuantError {}

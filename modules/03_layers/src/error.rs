//! Errors for layers built from values a user supplies (a dropout rate from a config, the
//! tensors of a checkpoint).
use std::fmt;

/// What was wrong with the values a layer was built from.
///
/// Math on impossible shapes (feeding a `[4, 5]` batch to a layer that expects 3 features)
/// panics instead, naming the layer and the shapes: that is a bug in the calling code.
#[derive(Clone, Debug, PartialEq)]
pub enum LayerError {
    /// A dropout probability outside `[0, 1)` (or NaN).
    InvalidDropout {
        /// The probability given.
        p: f32,
    },
    /// A `Linear` weight that is not a 2-D `[in_features, out_features]` matrix.
    WeightNot2d {
        /// The shape given.
        shape: Vec<usize>,
    },
    /// A `Linear` bias whose shape is not `[out_features]`.
    BiasShape {
        /// The shape given.
        shape: Vec<usize>,
        /// The number of output features the weight implies.
        out_features: usize,
    },
}

impl fmt::Display for LayerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayerError::InvalidDropout { p } => write!(
                f,
                "dropout probability must be in [0, 1), got {p}: use 0 to disable dropout; \
                 p = 1 would drop every value (and divide by zero when rescaling)"
            ),
            LayerError::WeightNot2d { shape } => write!(
                f,
                "Linear weight must be a 2-D [in_features, out_features] matrix, got shape {shape:?}: \
                 check that the checkpoint tensor belongs to a Linear layer"
            ),
            LayerError::BiasShape {
                shape,
                out_features,
            } => write!(
                f,
                "Linear bias must have shape [{out_features}] (one value per output feature), got {shape:?}: \
                 check that weight and bias come from the same layer (a weight stored as [out, in] must be transposed)"
            ),
        }
    }
}

impl std::error::Error for LayerError {}

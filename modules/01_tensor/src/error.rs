//! Errors for tensor construction from user-supplied data.
use std::fmt;

/// What went wrong when building a tensor from data a user supplied.
///
/// Math on impossible shapes (adding a [2, 3] to a [4]) panics instead, naming the op and
/// both shapes: that is a bug in the calling code, not bad input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TensorError {
    /// The number of values does not match the product of the shape.
    ShapeMismatch {
        /// Values supplied.
        len: usize,
        /// The requested shape.
        shape: Vec<usize>,
    },
    /// A reshape request that cannot be satisfied.
    BadReshape {
        /// Elements in the tensor.
        numel: usize,
        /// The requested shape, with at most one -1.
        requested: Vec<isize>,
        /// Why it cannot be done.
        reason: &'static str,
    },
}

impl fmt::Display for TensorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TensorError::ShapeMismatch { len, shape } => {
                let want: usize = shape.iter().product();
                write!(
                    f,
                    "{len} values cannot fill shape {shape:?}, which holds {want}: pass exactly {want} values or change the shape"
                )
            }
            TensorError::BadReshape {
                numel,
                requested,
                reason,
            } => write!(
                f,
                "cannot reshape {numel} elements to {requested:?}: {reason}"
            ),
        }
    }
}

impl std::error::Error for TensorError {}

//! What can go wrong when asking for gradients, with messages that say what to do.

use std::fmt;

/// Why [`backward`](crate::backward) or [`backward_with`](crate::backward_with) could not run.
///
/// These are mistakes in how the backward pass is called (not bugs in a backward rule), so
/// they are errors a caller can report, not panics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutogradError {
    /// `backward` was called on a tensor with more (or fewer) than one element: the
    /// gradient of a non-scalar has no implicit seed.
    NotScalar {
        /// The shape of the root tensor.
        shape: Vec<usize>,
    },
    /// The seed given to `backward_with` does not have the root's shape.
    SeedShape {
        /// The shape of the root tensor.
        root: Vec<usize>,
        /// The shape of the seed.
        seed: Vec<usize>,
    },
    /// The root does not require a gradient: no input of the computation did, so nothing
    /// was recorded and there is nothing to differentiate.
    NothingRequiresGrad,
}

impl fmt::Display for AutogradError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AutogradError::NotScalar { shape } => write!(
                f,
                "backward needs a scalar loss; got shape {shape:?}: reduce it with mean_all() or pass a seed with backward_with"
            ),
            AutogradError::SeedShape { root, seed } => write!(
                f,
                "backward_with: the seed has shape {seed:?} but the root has shape {root:?}: the seed is the gradient of the loss with respect to the root, so the shapes must be equal"
            ),
            AutogradError::NothingRequiresGrad => write!(
                f,
                "nothing requires a gradient: did you create the parameters with requires_grad / Parameter::new?"
            ),
        }
    }
}

impl std::error::Error for AutogradError {}

/// Why [`check_gradients`](crate::check_gradients) failed.
#[derive(Clone, Debug, PartialEq)]
pub enum GradCheckError {
    /// The analytic backward pass itself returned an error.
    Backward(AutogradError),
    /// `f` returned a tensor that does not record any op on the inputs (it ignored them,
    /// or detached them).
    NotRecorded,
    /// The analytic and numeric derivatives disagree beyond the tolerance.
    Mismatch {
        /// Which input (index into the `inputs` slice).
        input: usize,
        /// The element of that input, as a multi-dimensional index.
        index: Vec<usize>,
        /// The derivative from the backward pass.
        analytic: f64,
        /// The derivative from central differences.
        numeric: f64,
    },
}

impl fmt::Display for GradCheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GradCheckError::Backward(e) => write!(f, "gradient check: backward failed: {e}"),
            GradCheckError::NotRecorded => write!(
                f,
                "gradient check: the function's output does not require a gradient: compute it from the tensors it is given, without detach()"
            ),
            GradCheckError::Mismatch {
                input,
                index,
                analytic,
                numeric,
            } => write!(
                f,
                "gradient check: input {input}, element {index:?}: backward gives {analytic:.6}, central differences give {numeric:.6} (difference {:.2e})",
                (analytic - numeric).abs()
            ),
        }
    }
}

impl std::error::Error for GradCheckError {}

impl From<AutogradError> for GradCheckError {
    fn from(e: AutogradError) -> Self {
        GradCheckError::Backward(e)
    }
}

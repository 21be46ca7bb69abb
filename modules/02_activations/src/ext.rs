//! Method syntax for activations: `x.relu()`, `logits.softmax(-1)`.

use crate::imp;
use tinytorch_tensor::Tensor;

/// Activations as methods on [`Tensor`], so that a chain reads left to right.
///
/// ```
/// use tinytorch_activations::ActivationExt;
/// use tinytorch_tensor::Tensor;
/// let x = Tensor::from_vec(vec![-1.0, 0.0, 2.0], &[3]).unwrap();
/// assert_eq!(x.relu().to_vec(), vec![0.0, 0.0, 2.0]);
/// assert_eq!(x.sigmoid().to_vec()[1], 0.5);
/// ```
pub trait ActivationExt {
    /// [`relu`](crate::relu) of this tensor.
    fn relu(&self) -> Tensor;
    /// [`sigmoid`](crate::sigmoid) of this tensor.
    fn sigmoid(&self) -> Tensor;
    /// [`tanh`](crate::tanh) of this tensor.
    fn tanh(&self) -> Tensor;
    /// [`gelu`](crate::gelu) of this tensor.
    fn gelu(&self) -> Tensor;
    /// [`softmax`](crate::softmax) of this tensor along `axis`.
    fn softmax(&self, axis: isize) -> Tensor;
    /// [`log_softmax`](crate::log_softmax) of this tensor along `axis`.
    fn log_softmax(&self, axis: isize) -> Tensor;
}

impl ActivationExt for Tensor {
    fn relu(&self) -> Tensor {
        imp::relu(self)
    }
    fn sigmoid(&self) -> Tensor {
        imp::sigmoid(self)
    }
    fn tanh(&self) -> Tensor {
        imp::tanh(self)
    }
    fn gelu(&self) -> Tensor {
        imp::gelu(self)
    }
    fn softmax(&self, axis: isize) -> Tensor {
        imp::softmax(self, axis)
    }
    fn log_softmax(&self, axis: isize) -> Tensor {
        imp::log_softmax(self, axis)
    }
}

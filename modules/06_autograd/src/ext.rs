//! Method syntax: `loss.backward()`.

use crate::{AutogradError, Gradients, imp};
use tinytorch_tensor::Tensor;

/// `backward` as a method on [`Tensor`], so that a training step reads like PyTorch.
///
/// ```
/// use tinytorch_autograd::BackwardExt;
/// use tinytorch_tensor::Tensor;
/// let w = Tensor::from_vec(vec![2.0, -1.0], &[2]).unwrap().with_requires_grad(true);
/// let loss = w.mul(&w).sum_all(); // Σ w², gradient 2w
/// let grads = loss.backward().unwrap();
/// assert_eq!(grads.get(&w).unwrap().to_vec(), vec![4.0, -2.0]);
/// ```
pub trait BackwardExt {
    /// [`backward`](crate::backward) from this scalar tensor.
    ///
    /// # Errors
    /// See [`backward`](crate::backward).
    fn backward(&self) -> Result<Gradients, AutogradError>;

    /// [`backward_with`](crate::backward_with) from this tensor with the given seed.
    ///
    /// # Errors
    /// See [`backward_with`](crate::backward_with).
    fn backward_with(&self, seed: &Tensor) -> Result<Gradients, AutogradError>;
}

impl BackwardExt for Tensor {
    fn backward(&self) -> Result<Gradients, AutogradError> {
        imp::backward(self)
    }

    fn backward_with(&self, seed: &Tensor) -> Result<Gradients, AutogradError> {
        imp::backward_with(self, seed)
    }
}

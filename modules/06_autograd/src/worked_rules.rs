//! The worked examples of task 06.3: the backward rules of add, add_scalar, mul_scalar
//! and neg, written out in full. Read them, then write the other elementwise rules in
//! `elementwise.rs` in the same style.

use crate::dispatch::BinaryGrads;
use crate::reduce_to_shape;
use ndarray::ArrayD;
use tinytorch_tensor::Tensor;

/// `y = a + b`: ∂y/∂a = ∂y/∂b = 1, so both inputs receive the upstream gradient, summed
/// over the axes along which they were broadcast.
pub(crate) fn add_grad(a: &Tensor, b: &Tensor, grad: &ArrayD<f32>) -> BinaryGrads {
    let da = a
        .requires_grad()
        .then(|| reduce_to_shape(grad.clone(), a.shape()));
    let db = b
        .requires_grad()
        .then(|| reduce_to_shape(grad.clone(), b.shape()));
    (da, db)
}

/// `y = x + c`: the gradient passes through unchanged.
pub(crate) fn add_scalar_grad(grad: &ArrayD<f32>) -> ArrayD<f32> {
    grad.clone()
}

/// `y = c·x`: ∂y/∂x = c.
pub(crate) fn mul_scalar_grad(c: f32, grad: &ArrayD<f32>) -> ArrayD<f32> {
    grad * c
}

/// `y = -x`: ∂y/∂x = -1.
pub(crate) fn neg_grad(grad: &ArrayD<f32>) -> ArrayD<f32> {
    grad.mapv(|g| -g)
}

//! Task 06.4 (part 2): gradients of shape operations.
//!
//! Reshape and permute move elements without changing them, so their backward passes move
//! the gradient's elements back to where they came from: no arithmetic at all.

use ndarray::{ArrayD, IxDyn, Order};
use tinytorch_tensor::Tensor;

/// `y = x.reshape(..)`: the same elements in the same (row-major) order, so the gradient
/// is the upstream gradient reshaped back to `x`'s shape.
pub(crate) fn reshape_grad(x: &Tensor, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.4
    grad.to_shape((IxDyn(x.shape()), Order::RowMajor))
        .expect("a reshape keeps the element count")
        .into_owned()
    // END SOLUTION
}

/// `y = x.permute(perm)` (output axis `i` is input axis `perm[i]`): the gradient is
/// permuted by the inverse permutation, which sends every axis back where it came from.
pub(crate) fn permute_grad(perm: &[usize], grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.4
    let mut inverse = vec![0; perm.len()];
    for (i, &p) in perm.iter().enumerate() {
        inverse[p] = i; // output axis i came from input axis p
    }
    grad.view()
        .permuted_axes(IxDyn(&inverse))
        .as_standard_layout()
        .into_owned()
    // END SOLUTION
}

//! Task 06.2: sending a gradient back through broadcasting.
//!
//! When `x: [4, 3]` meets `b: [3]` in `x + b`, the forward pass reuses each `b_j` for all
//! 4 rows. Every reuse is a use of `b_j`, and the gradients of all uses add up: ∂loss/∂b_j
//! is the sum of column `j` of the upstream gradient. In general, broadcasting copies
//! values along some axes, and the backward pass sums along exactly those axes.

use ndarray::{ArrayD, Axis};

/// Sums `grad` (the gradient of a broadcast result) down to `shape`, the shape of the
/// input before broadcasting: leading axes that broadcasting added are summed away, and
/// axes where `shape` has size 1 are summed with the axis kept.
///
/// Takes `grad` by value: when no broadcasting happened (the common case) it is returned
/// as is, without a copy.
///
/// # Panics
/// If `grad` cannot have come from broadcasting `shape` (e.g. `[4, 3]` to `[4]`), naming
/// both shapes.
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use tinytorch_autograd::reduce_to_shape;
/// let g = ArrayD::from_shape_vec(IxDyn(&[2, 3]), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
/// // A [3] bias was used by both rows: its gradient sums the rows.
/// assert_eq!(reduce_to_shape(g.clone(), &[3]).into_raw_vec_and_offset().0, vec![5.0, 7.0, 9.0]);
/// // A [2, 1] column was used by all 3 columns: sum along axis 1, kept.
/// assert_eq!(reduce_to_shape(g, &[2, 1]).shape(), &[2, 1]);
/// ```
pub fn reduce_to_shape(grad: ArrayD<f32>, shape: &[usize]) -> ArrayD<f32> {
    if grad.shape() == shape {
        return grad; // nothing was broadcast
    }
    // BEGIN SOLUTION 06.2
    let original = grad.shape().to_vec();
    let fail = || -> ! {
        panic!(
            "reduce_to_shape: a gradient of shape {original:?} cannot come from broadcasting shape {shape:?}"
        )
    };
    if grad.ndim() < shape.len() {
        fail();
    }
    let mut grad = grad;
    // Axes that broadcasting prepended: sum them away.
    while grad.ndim() > shape.len() {
        grad = grad.sum_axis(Axis(0));
    }
    // Axes stretched from size 1: sum them, keeping the axis with size 1.
    for (axis, &size) in shape.iter().enumerate() {
        if size == 1 && grad.shape()[axis] != 1 {
            grad = grad.sum_axis(Axis(axis)).insert_axis(Axis(axis));
        }
    }
    if grad.shape() != shape {
        fail();
    }
    grad
    // END SOLUTION
}

//! Task 06.5: gradients of reductions.
//!
//! A reduction maps many elements to one; going back, one gradient value is handed to
//! many elements. `sum` hands it to every element unchanged, `mean` divides it by the
//! number of elements averaged, and `max` gives it only to the element(s) that won.

use ndarray::{ArrayD, Axis, IxDyn, Zip};
use tinytorch_tensor::Tensor;

/// Stretches `values`, the result of reducing a tensor of shape `shape` over `axis` (all
/// axes for `None`; `keepdim` as in the forward call), back to `shape` by repeating each
/// value along the reduced axis.
///
/// Without `keepdim` the reduced axis is gone, so it is put back (with size 1) before
/// broadcasting: otherwise a `[3]` row-sum gradient of a `[3, 3]` input would broadcast
/// along the wrong axis.
fn expand_reduced(
    values: &ArrayD<f32>,
    shape: &[usize],
    axis: Option<usize>,
    keepdim: bool,
) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.5
    let view = match axis {
        Some(axis) if !keepdim => values.view().insert_axis(Axis(axis)),
        _ => values.view(),
    };
    view.broadcast(IxDyn(shape))
        .unwrap_or_else(|| {
            panic!(
                "expand_reduced: {:?} does not broadcast to {shape:?}",
                values.shape()
            )
        })
        .to_owned()
    // END SOLUTION
}

/// `y = sum(x)` over `axis` (or everything): ∂y/∂x_i = 1 for every summed element, so the
/// gradient is the upstream gradient repeated along the reduced axis.
pub(crate) fn sum_grad(
    x: &Tensor,
    axis: Option<usize>,
    keepdim: bool,
    grad: &ArrayD<f32>,
) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.5
    expand_reduced(grad, x.shape(), axis, keepdim)
    // END SOLUTION
}

/// `y = mean(x)` over `axis` (or everything): ∂y/∂x_i = 1/N, N the number of elements
/// averaged into each output.
pub(crate) fn mean_grad(
    x: &Tensor,
    axis: Option<usize>,
    keepdim: bool,
    grad: &ArrayD<f32>,
) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.5
    let n = match axis {
        Some(axis) => x.shape()[axis],
        None => x.numel(),
    };
    expand_reduced(grad, x.shape(), axis, keepdim) / n as f32
    // END SOLUTION
}

/// `y = max(x)` over `axis` (or everything): the gradient goes to the element that is the
/// maximum, and nowhere else. On a tie, the gradient is SPLIT EVENLY between the tied
/// elements (each of `k` winners gets `1/k` of it), a valid subgradient that does not
/// depend on the order of the elements.
pub(crate) fn max_grad(
    x: &Tensor,
    out: &Tensor,
    axis: Option<usize>,
    keepdim: bool,
    grad: &ArrayD<f32>,
) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.5
    let best = expand_reduced(out.data(), x.shape(), axis, keepdim);
    let winners = Zip::from(x.data())
        .and(&best)
        .map_collect(|&v, &m| if v == m { 1.0 } else { 0.0 });
    // How many winners each output has (1 unless there is a tie).
    let counts = match axis {
        Some(a) if keepdim => winners.sum_axis(Axis(a)).insert_axis(Axis(a)),
        Some(a) => winners.sum_axis(Axis(a)),
        None => ArrayD::from_elem(IxDyn(&[]), winners.sum()),
    };
    let share = expand_reduced(&(grad / &counts), x.shape(), axis, keepdim);
    winners * share
    // END SOLUTION
}

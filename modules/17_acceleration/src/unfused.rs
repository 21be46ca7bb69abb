//! The unfused baselines: the same math as the fused kernels, written the way a chain of
//! tensor operations runs it. Every step is a full pass over the data that allocates a new
//! array, so each intermediate travels to memory and back. The tests check the fused
//! kernels against these; the benches time the two side by side.

use crate::Activation;
use crate::shapes::{broadcast_mask, check_bias, last_axis, matmul_dims};
use ndarray::{Array2, ArrayD, ArrayView1, ArrayView2, ArrayViewD, Axis};

/// `act(x @ w + bias)` in three passes with two temporaries: the matmul result, then
/// `+ bias` into a new array, then the activation into a third.
///
/// # Panics
/// If the inner sizes differ or `bias` does not have one entry per output column.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::{Activation, unfused_linear_bias_act};
/// let x = array![[1.0_f32, -1.0]];
/// let w = array![[1.0_f32, 2.0], [3.0, 4.0]];
/// let y = unfused_linear_bias_act(x.view(), w.view(), array![0.5_f32, 0.0].view(), Activation::Relu);
/// assert_eq!(y, array![[0.0_f32, 0.0]]); // relu([-2 + 0.5, -2 + 0])
/// ```
pub fn unfused_linear_bias_act(
    x: ArrayView2<'_, f32>,
    w: ArrayView2<'_, f32>,
    bias: ArrayView1<'_, f32>,
    act: Activation,
) -> Array2<f32> {
    let (_, _, n) = matmul_dims("unfused_linear_bias_act", &x, &w);
    check_bias("unfused_linear_bias_act", n, &bias);
    let y = x.dot(&w); // temporary 1: [m, n]
    let z = &y + &bias; // temporary 2: a second [m, n] pass
    z.mapv(|v| act.apply(v)) // the result: a third [m, n] pass
}

/// Softmax over the last axis of `scores * scale + mask`, in six passes over the whole
/// array with five temporaries (scale, mask, row max, subtract, exp, then the division by
/// the row sums). Same conventions as
/// [`fused_scaled_masked_softmax`](crate::fused_scaled_masked_softmax): a row whose every
/// entry is masked (`-inf`) becomes all zeros.
///
/// # Panics
/// If `scores` is a scalar or the mask does not broadcast to it.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::unfused_scaled_masked_softmax;
/// let scores = array![[0.0_f32, 0.0]].into_dyn();
/// let p = unfused_scaled_masked_softmax(scores.view(), 1.0, None);
/// assert_eq!(p, array![[0.5_f32, 0.5]].into_dyn());
/// ```
pub fn unfused_scaled_masked_softmax(
    scores: ArrayViewD<'_, f32>,
    scale: f32,
    mask: Option<ArrayViewD<'_, f32>>,
) -> ArrayD<f32> {
    const OP: &str = "unfused_scaled_masked_softmax";
    let axis = Axis(last_axis(OP, scores.shape()));
    let scaled = &scores * scale;
    let masked = match &mask {
        Some(mask) => &scaled + &broadcast_mask(OP, mask, scores.shape()),
        None => scaled,
    };
    // A fully masked row has max -inf; subtracting 0 instead keeps its exps at exactly 0
    // (not exp(-inf + inf) = NaN), and its sum of 0 is divided into zeros below.
    let max = masked
        .fold_axis(axis, f32::NEG_INFINITY, |&acc, &v| acc.max(v))
        .mapv(|m| if m == f32::NEG_INFINITY { 0.0 } else { m })
        .insert_axis(axis);
    let exp = (&masked - &max).mapv(f32::exp);
    // Every other row contains exp(0) = 1, so only a fully masked row sums to 0.
    let sum = exp
        .sum_axis(axis)
        .mapv(|s| if s == 0.0 { 1.0 } else { s })
        .insert_axis(axis);
    exp / &sum
}

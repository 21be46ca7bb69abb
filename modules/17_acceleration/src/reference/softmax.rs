//! Task 17.5: the fused attention softmax.

use crate::shapes::{broadcast_mask, last_axis};
use ndarray::{ArrayView1, ArrayViewD, ArrayViewMut1, ArrayViewMutD, Axis, Zip};

/// Softmax over the last axis of `scores * scale + mask`, in place: for each row, one
/// sweep scales, adds the mask and finds the row max, one takes `exp(v - max)` and sums,
/// one multiplies by `1 / sum`. A row (128 floats in the bench) stays in L1 across its
/// three sweeps, so the whole tensor is read from memory once and written once, with no
/// temporary. [`unfused_scaled_masked_softmax`](crate::unfused_scaled_masked_softmax)
/// computes the same in six full passes and five temporaries.
///
/// - `mask` is additive (0 = attend, `-inf` = blocked) and broadcasts to `scores`, e.g. a
///   causal `[S_q, S_k]` mask or a padding `[B, 1, 1, S_k]` mask (module 12).
/// - Subtracting the row max before `exp` keeps every exponent `<= 0`, so large scores
///   cannot overflow to `inf` (`inf / inf` = NaN).
/// - A row whose every entry is `-inf` (a query that may attend to nothing) becomes all
///   zeros, not NaN, matching module 12.
///
/// # Panics
/// If `scores` is a scalar or `mask` does not broadcast to it, naming the shapes.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::fused_scaled_masked_softmax;
/// let inf = f32::INFINITY;
/// let mut scores = array![[2.0_f32, 2.0, 100.0], [1.0, 2.0, 3.0]].into_dyn();
/// let mask = array![[0.0_f32, 0.0, -inf], [-inf, -inf, -inf]].into_dyn();
/// fused_scaled_masked_softmax(scores.view_mut(), 0.5, Some(mask.view()));
/// assert_eq!(scores, array![[0.5_f32, 0.5, 0.0], [0.0, 0.0, 0.0]].into_dyn());
/// ```
pub fn fused_scaled_masked_softmax(
    mut scores: ArrayViewMutD<'_, f32>,
    scale: f32,
    mask: Option<ArrayViewD<'_, f32>>,
) {
    const OP: &str = "fused_scaled_masked_softmax";
    let axis = Axis(last_axis(OP, scores.shape()));
    let shape = scores.shape().to_vec();
    let mask = mask.as_ref().map(|mask| broadcast_mask(OP, mask, &shape));
    // BEGIN SOLUTION 17.5
    match mask {
        Some(mask) => Zip::from(scores.lanes_mut(axis))
            .and(mask.lanes(axis))
            .for_each(|row, mask_row| softmax_row(row, scale, Some(mask_row))),
        None => scores
            .lanes_mut(axis)
            .into_iter()
            .for_each(|row| softmax_row(row, scale, None)),
    }
    // END SOLUTION
}

/// One row of [`fused_scaled_masked_softmax`], in place.
fn softmax_row(mut row: ArrayViewMut1<'_, f32>, scale: f32, mask: Option<ArrayView1<'_, f32>>) {
    // BEGIN SOLUTION 17.5
    let mut max = f32::NEG_INFINITY;
    match mask {
        Some(mask) => Zip::from(&mut row).and(&mask).for_each(|v, &m| {
            *v = *v * scale + m;
            max = max.max(*v);
        }),
        None => row.iter_mut().for_each(|v| {
            *v *= scale;
            max = max.max(*v);
        }),
    }
    if max == f32::NEG_INFINITY {
        // Every key is blocked: no distribution to normalize, so no attention at all.
        row.fill(0.0);
        return;
    }
    let mut sum = 0.0;
    row.iter_mut().for_each(|v| {
        *v = (*v - max).exp();
        sum += *v;
    });
    let inv = 1.0 / sum;
    row.iter_mut().for_each(|v| *v *= inv);
    // END SOLUTION
}

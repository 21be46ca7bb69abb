//! Task 02.5: softmax and log-softmax along one axis, stable for any logits.
//!
//! Both work lane by lane: a lane is the 1-D run of elements along `axis` with every other
//! index fixed (a row of a `[batch, classes]` tensor for axis -1, a column for axis 0).

use ndarray::{ArrayViewMut1, Axis};
use tinytorch_tensor::{Op, Tensor};

/// The shift that keeps `exp` in range: the lane's maximum, or 0 when the whole lane is
/// `-inf` (a fully masked row), where `-inf - (-inf)` would be NaN.
fn lane_shift(lane: &ArrayViewMut1<'_, f32>) -> f32 {
    // BEGIN SOLUTION 02.5
    let max = lane.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    if max == f32::NEG_INFINITY { 0.0 } else { max }
    // END SOLUTION
}

/// Softmax along `axis` (negative counts from the end): `e^(x_i) / Σ_j e^(x_j)`, so every
/// lane along `axis` is a probability distribution.
///
/// Stable: the lane's maximum is subtracted before `exp` (the result is unchanged, and the
/// largest exponent is `e^0 = 1`). A lane that is entirely `-inf` (fully masked) becomes
/// all zeros, never NaN.
///
/// # Panics
/// If `axis` is out of range for `x`.
///
/// ```
/// use tinytorch_tensor::Tensor;
/// let logits = Tensor::from_vec(vec![1000.0, 1000.0], &[1, 2]).unwrap();
/// assert_eq!(tinytorch_activations::softmax(&logits, -1).to_vec(), vec![0.5, 0.5]);
/// ```
pub fn softmax(x: &Tensor, axis: isize) -> Tensor {
    let axis = x.normalize_axis(axis, "softmax");
    // BEGIN SOLUTION 02.5
    let mut probs = x.data().to_owned();
    for mut lane in probs.lanes_mut(Axis(axis)) {
        let shift = lane_shift(&lane);
        lane.mapv_inplace(|v| (v - shift).exp());
        let sum = lane.sum();
        // sum == 0 only for a fully masked lane, which stays all zeros.
        if sum != 0.0 {
            lane.mapv_inplace(|e| e / sum);
        }
    }
    Tensor::from_op(probs, &[x], || Op::Softmax {
        input: x.clone(),
        axis,
    })
    // END SOLUTION
}

/// Log-softmax along `axis`: `(x - max) - ln Σ e^(x - max)`, the log of [`softmax`]
/// computed without ever taking the log of a probability that underflowed to 0.
///
/// Finite for any finite logits (e.g. `[1000, 1001]`); a fully masked lane (all `-inf`)
/// gives all `-inf`, the log of its all-zero softmax.
///
/// # Panics
/// If `axis` is out of range for `x`.
///
/// ```
/// use tinytorch_tensor::Tensor;
/// let logits = Tensor::from_vec(vec![0.0, 0.0], &[2]).unwrap();
/// let y = tinytorch_activations::log_softmax(&logits, 0).to_vec();
/// assert!((y[0] + std::f32::consts::LN_2).abs() < 1e-6);
/// ```
pub fn log_softmax(x: &Tensor, axis: isize) -> Tensor {
    let axis = x.normalize_axis(axis, "log_softmax");
    // BEGIN SOLUTION 02.5
    let mut data = x.data().to_owned();
    for mut lane in data.lanes_mut(Axis(axis)) {
        let shift = lane_shift(&lane);
        let log_sum = lane.fold(0.0, |s, &v| s + (v - shift).exp()).ln();
        // log_sum == -inf only for a fully masked lane: every entry is -inf already.
        if log_sum != f32::NEG_INFINITY {
            lane.mapv_inplace(|v| v - shift - log_sum);
        }
    }
    Tensor::from_op(data, &[x], || Op::LogSoftmax {
        input: x.clone(),
        axis,
    })
    // END SOLUTION
}

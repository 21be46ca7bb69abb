//! Measuring what quantization costs (shared code): the worst error in steps and the
//! signal-to-quantization-noise ratio.

use crate::QuantizedTensor;
use tinytorch_tensor::Tensor;

/// The largest `|original - dequantized| / scale` over all values, each measured in the
/// steps of its own parameters (per tensor or per channel).
///
/// For a value inside the representable range, rounding to the nearest code errs by at
/// most half a step, so this is `<= 0.5` (plus f32 noise, ~1e-3 steps) unless values were
/// clipped; clipped values (outside the range, e.g. after percentile calibration) err by
/// more.
///
/// # Panics
/// If the three shapes differ, naming them.
///
/// ```
/// use tinytorch_quantization::{Granularity, Scheme, dequantize, max_error_in_steps, quantize};
/// use tinytorch_tensor::Tensor;
/// let x = Tensor::from_vec(vec![-1.0, 0.3, 0.77, 2.0], &[4]).unwrap();
/// let q = quantize(&x, Scheme::Asymmetric, Granularity::PerTensor);
/// assert!(max_error_in_steps(&x, &dequantize(&q), &q) <= 0.5 + 1e-3);
/// ```
pub fn max_error_in_steps(original: &Tensor, dequantized: &Tensor, q: &QuantizedTensor) -> f32 {
    assert!(
        original.shape() == dequantized.shape() && original.shape() == q.shape.as_slice(),
        "max_error_in_steps: original {:?}, dequantized {:?} and quantized {:?} must have one shape",
        original.shape(),
        dequantized.shape(),
        q.shape
    );
    original
        .data()
        .iter()
        .zip(dequantized.data().iter())
        .enumerate()
        .map(|(flat, (&x, &y))| (x - y).abs() / q.params[q.param_index(flat)].scale)
        .fold(0.0, f32::max)
}

/// The signal-to-quantization-noise ratio in decibels:
/// `10 * log10(sum(x^2) / sum((x - x_hat)^2))`. Each bit of precision adds about 6 dB; a
/// uniform signal spread over all 256 INT8 codes gets about 48 dB. Infinite when the
/// reconstruction is exact; summed in f64.
///
/// # Panics
/// If the shapes differ, naming them.
///
/// ```
/// use tinytorch_quantization::sqnr_db;
/// use tinytorch_tensor::Tensor;
/// let x = Tensor::from_vec(vec![3.0, 4.0], &[2]).unwrap();
/// let noisy = Tensor::from_vec(vec![3.0, 4.5], &[2]).unwrap();
/// // signal 9 + 16 = 25, noise 0.25: 10 * log10(100) = 20 dB
/// assert!((sqnr_db(&x, &noisy) - 20.0).abs() < 1e-4);
/// ```
pub fn sqnr_db(original: &Tensor, dequantized: &Tensor) -> f32 {
    assert!(
        original.shape() == dequantized.shape(),
        "sqnr_db: original {:?} and dequantized {:?} must have one shape",
        original.shape(),
        dequantized.shape()
    );
    let (signal, noise) = original.data().iter().zip(dequantized.data().iter()).fold(
        (0.0f64, 0.0f64),
        |(s, n), (&x, &y)| {
            let e = f64::from(x) - f64::from(y);
            (s + f64::from(x) * f64::from(x), n + e * e)
        },
    );
    (10.0 * (signal / noise).log10()) as f32
}

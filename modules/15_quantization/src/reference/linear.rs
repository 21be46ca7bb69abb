//! Task 15.4: calibration, the bias codes, `QuantizedLinear` from a `Linear`, and the
//! integer arithmetic of its forward pass.

use super::{choose_params, quantize};
use crate::{
    BIAS_CODE_LIMIT, Calibrator, Granularity, QuantError, QuantParams, QuantizedLinear, Scheme,
    gemm_i8_fast, quantize_into,
};
use tinytorch_layers::{Linear, Module, Parameter};
use tinytorch_tensor::Tensor;

impl Calibrator {
    /// The real range `(min, max)` to quantize activations with, from every value of every
    /// sample: the extremes (`MinMax`), or the `(100 - p)`-th and `p`-th percentiles of the
    /// sorted values (`Percentile(p)`), the `q`-th percentile being the value at index
    /// `round(q / 100 * (len - 1))`.
    ///
    /// # Errors
    /// [`QuantError::NoCalibrationData`] if there is no value at all,
    /// [`QuantError::NonFiniteCalibration`] if a value is NaN or infinite, and
    /// [`QuantError::InvalidPercentile`] unless `50 < p <= 100`.
    ///
    /// ```
    /// use tinytorch_quantization::Calibrator;
    /// use tinytorch_tensor::Tensor;
    /// let x = Tensor::arange(0.0, 101.0, 1.0); // 0, 1, ..., 100
    /// assert_eq!(Calibrator::MinMax.range(&[x.clone()]).unwrap(), (0.0, 100.0));
    /// assert_eq!(Calibrator::Percentile(90.0).range(&[x]).unwrap(), (10.0, 90.0));
    /// ```
    pub fn range(&self, samples: &[Tensor]) -> Result<(f32, f32), QuantError> {
        // BEGIN SOLUTION 15.4
        let mut values: Vec<f32> = samples
            .iter()
            .flat_map(|s| s.data().iter().copied())
            .collect();
        if values.is_empty() {
            return Err(QuantError::NoCalibrationData);
        }
        if values.iter().any(|v| !v.is_finite()) {
            return Err(QuantError::NonFiniteCalibration);
        }
        match *self {
            Calibrator::MinMax => Ok(values
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                })),
            Calibrator::Percentile(p) => {
                if !(p > 50.0 && p <= 100.0) {
                    return Err(QuantError::InvalidPercentile { p });
                }
                values.sort_unstable_by(f32::total_cmp);
                let last = (values.len() - 1) as f64;
                let at = |q: f64| values[(q / 100.0 * last).round() as usize];
                Ok((at(100.0 - f64::from(p)), at(f64::from(p))))
            }
        }
        // END SOLUTION
    }
}

/// The `i32` codes of a layer's bias at the scale of its accumulator: bias `j` becomes
/// `round(bias[j] / (input_scale * weights[j].scale))`, rounded half away from zero
/// (`f32::round`), with the scale product computed in f32 exactly as written.
///
/// The accumulator `sum_k (q_x - z_x) * q_w[j, k]` counts steps of `s_x * s_w[j]`, so a
/// bias in those steps is added in integers, and one multiply at the end turns the sum
/// into real numbers (the TFLite scheme). A code errs by at most half a step.
///
/// # Errors
/// [`QuantError::BiasOutOfRange`] for a code beyond
/// [`BIAS_CODE_LIMIT`](crate::BIAS_CODE_LIMIT) in size (a bias far larger than its
/// channel's weights).
///
/// # Panics
/// If `bias` and `weights` differ in length.
///
/// ```
/// use tinytorch_quantization::{QuantParams, quantize_bias};
/// let w = [QuantParams { scale: 0.5, zero_point: 0 }, QuantParams { scale: 0.25, zero_point: 0 }];
/// // steps 0.1 * 0.5 = 0.05 and 0.1 * 0.25 = 0.025: 1.0 / 0.05 = 20, -0.0625 / 0.025 = -2.5 -> -3
/// assert_eq!(quantize_bias(&[1.0, -0.0625], 0.1, &w).unwrap(), vec![20, -3]);
/// ```
pub fn quantize_bias(
    bias: &[f32],
    input_scale: f32,
    weights: &[QuantParams],
) -> Result<Vec<i32>, QuantError> {
    assert!(
        bias.len() == weights.len(),
        "quantize_bias: {} bias values for {} weight channels",
        bias.len(),
        weights.len()
    );
    // BEGIN SOLUTION 15.4
    bias.iter()
        .zip(weights)
        .enumerate()
        .map(|(channel, (&b, w))| {
            let scale = input_scale * w.scale;
            let code = (b / scale).round();
            if code.abs() > BIAS_CODE_LIMIT as f32 || code.is_nan() {
                return Err(QuantError::BiasOutOfRange {
                    channel,
                    bias: b,
                    scale,
                });
            }
            Ok(code as i32)
        })
        .collect()
    // END SOLUTION
}

impl QuantizedLinear {
    /// Quantizes `linear`: the weight (transposed to `[out, in]`) symmetrically per output
    /// channel, the input asymmetrically per tensor with the range `calibrator` measures on
    /// `calibration` (sample inputs of this layer, each `[..., in_features]`), and the bias
    /// with [`quantize_bias`] (zeros if the layer has none). The parts are put together
    /// with [`QuantizedLinear::from_parts`].
    ///
    /// # Errors
    /// [`QuantError::NoCalibrationData`] for no samples, [`QuantError::CalibrationShape`] if
    /// a sample's last axis is not `in_features`, the errors of [`Calibrator::range`], of
    /// [`quantize_bias`] and of [`QuantizedLinear::from_parts`].
    pub fn from_linear_with(
        linear: &Linear,
        calibration: &[Tensor],
        calibrator: Calibrator,
    ) -> Result<QuantizedLinear, QuantError> {
        // BEGIN SOLUTION 15.4
        let (in_features, out_features) = (linear.in_features(), linear.out_features());
        if calibration.is_empty() {
            return Err(QuantError::NoCalibrationData);
        }
        if let Some(bad) = calibration
            .iter()
            .find(|s| s.shape().last() != Some(&in_features))
        {
            return Err(QuantError::CalibrationShape {
                layer: linear.name(),
                shape: bad.shape().to_vec(),
                in_features,
            });
        }
        let (min, max) = calibrator.range(calibration)?;
        let input = choose_params(min, max, Scheme::Asymmetric);
        // [in, out] -> [out, in]: row j is what output j reads, contiguous for the kernel.
        let w_t = linear.weight().get().detach().t();
        let weight = quantize(&w_t, Scheme::Symmetric, Granularity::PerChannel { axis: 0 });
        let bias = linear
            .bias()
            .map(Parameter::get)
            .map_or_else(|| vec![0.0; out_features], |b| b.to_vec());
        let bias = quantize_bias(&bias, input.scale, &weight.params)?;
        QuantizedLinear::from_parts(weight, bias, input)
        // END SOLUTION
    }

    /// The layer applied to `m` rows of `in_features` values (`x`, row-major), giving `m`
    /// rows of `out_features` values: the integer path of the forward pass.
    ///
    /// 1. `x` quantized with the calibrated `input` parameters ([`quantize_into`]);
    /// 2. `acc = x_q @ W_q^T` exactly in `i32` ([`gemm_i8_fast`]);
    /// 3. requantized: `y_ij = (s_x * s_w[j]) * (acc_ij - z_x * weight_sums[j] + bias[j])`.
    ///
    /// # Panics
    /// If `x` does not hold `m * in_features` values, naming both.
    ///
    /// ```
    /// use tinytorch_quantization::{QuantParams, QuantizedLinear, QuantizedTensor};
    /// // One output, weight codes [2, -1] with scale 0.5; input scale 0.25, zero point 4.
    /// let weight = QuantizedTensor {
    ///     values: vec![2, -1],
    ///     shape: vec![1, 2],
    ///     params: vec![QuantParams { scale: 0.5, zero_point: 0 }],
    ///     axis: Some(0),
    /// };
    /// let input = QuantParams { scale: 0.25, zero_point: 4 };
    /// let layer = QuantizedLinear::from_parts(weight, vec![8], input).unwrap();
    /// // x = [1, 0.5] -> codes [8, 6]; acc = 16 - 6 = 10; minus 4 * (2 - 1) = 6; plus 8 = 14;
    /// // times 0.25 * 0.5: y = 1.75 (= 1 * 1 + 0.5 * -0.5 + bias 8 * 0.125 = 1.75)
    /// assert_eq!(layer.forward_rows(&[1.0, 0.5], 1), vec![1.75]);
    /// ```
    pub fn forward_rows(&self, x: &[f32], m: usize) -> Vec<f32> {
        let (k, n) = (self.in_features, self.out_features);
        assert!(
            x.len() == m * k,
            "{}: {} input values are not m * in_features = {m} * {k}",
            self.name(),
            x.len()
        );
        // BEGIN SOLUTION 15.4
        let mut codes = vec![0i8; x.len()];
        quantize_into(x, self.input, &mut codes);
        let acc = gemm_i8_fast(&codes, &self.weight.values, m, k, n);
        // Per output channel: one scale, and one integer offset that folds the bias and
        // the input zero-point correction together.
        let (s_x, z_x) = (self.input.scale, self.input.zero_point);
        let scales: Vec<f32> = self.weight.params.iter().map(|p| s_x * p.scale).collect();
        let offsets: Vec<i32> = self
            .bias
            .iter()
            .zip(&self.weight_sums)
            .map(|(&b, &sum)| b - z_x * sum)
            .collect();
        let mut y = vec![0.0f32; m * n];
        for (y_row, acc_row) in y.chunks_exact_mut(n).zip(acc.chunks_exact(n)) {
            for (((out, &a), &scale), &offset) in
                y_row.iter_mut().zip(acc_row).zip(&scales).zip(&offsets)
            {
                *out = scale * (a + offset) as f32;
            }
        }
        y
        // END SOLUTION
    }
}

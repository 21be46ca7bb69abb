//! Task 15.4: calibration, `QuantizedLinear` from a `Linear`, and its integer forward pass.

use super::{choose_params, gemm_i8_packed, quantize, quantize_value};
use crate::{Calibrator, Granularity, QuantError, QuantizedLinear, Scheme};
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

impl QuantizedLinear {
    /// Quantizes `linear`: the weight (transposed to `[out, in]`) symmetrically per output
    /// channel, the input asymmetrically per tensor with the range `calibrator` measures on
    /// `calibration` (sample inputs of this layer, each `[..., in_features]`). The bias
    /// stays f32 (zeros if the layer has none).
    ///
    /// # Errors
    /// [`QuantError::NoCalibrationData`] for no samples, [`QuantError::CalibrationShape`] if
    /// a sample's last axis is not `in_features`, and the errors of [`Calibrator::range`].
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
        Ok(QuantizedLinear {
            weight_sums: QuantizedLinear::row_sums(&weight),
            weight,
            bias,
            input,
            in_features,
            out_features,
        })
        // END SOLUTION
    }
}

impl Module for QuantizedLinear {
    /// `x` (`[..., in_features]`) quantized with the calibrated input parameters, multiplied
    /// by the INT8 weight in `i32` ([`gemm_i8_packed`]), then each output brought back to
    /// f32: `y_ij = s_x * s_w[j] * (acc_ij - z_x * weight_sums[j]) + b_j`.
    /// Gives `[..., out_features]`; inference only (no gradient is recorded).
    ///
    /// # Panics
    /// If the last axis of `x` is not `in_features`, naming the layer and the shape.
    fn forward(&self, x: &Tensor) -> Tensor {
        let (k, n) = (self.in_features, self.out_features);
        assert!(
            x.shape().last() == Some(&k),
            "{}: input of shape {:?} does not match: the last axis must be in_features = {k}",
            self.name(),
            x.shape()
        );
        let m = x.numel() / k.max(1);
        let mut shape = x.shape().to_vec();
        *shape.last_mut().expect("checked above") = n;
        // BEGIN SOLUTION 15.4
        let a: Vec<i8> = x
            .data()
            .iter()
            .map(|&v| quantize_value(v, self.input))
            .collect();
        let acc = gemm_i8_packed(&a, &self.weight.values, m, k, n);
        let (s_x, z_x) = (self.input.scale, self.input.zero_point);
        let out: Vec<f32> = acc
            .chunks_exact(n.max(1))
            .flat_map(|row| {
                row.iter().enumerate().map(move |(j, &dot)| {
                    let corrected = dot - z_x * self.weight_sums[j];
                    s_x * self.weight.params[j].scale * corrected as f32 + self.bias[j]
                })
            })
            .collect();
        Tensor::from_vec(out, &shape).expect("forward: the output fits its shape")
        // END SOLUTION
    }

    fn name(&self) -> String {
        format!(
            "QuantizedLinear({} -> {}, int8)",
            self.in_features, self.out_features
        )
    }
}

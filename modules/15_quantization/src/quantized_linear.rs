//! The `QuantizedLinear` type, its checked constructor and its `Module` impl (shared code).
//! Calibration, the bias codes, building it from a `Linear` and the integer arithmetic of
//! its forward pass are the exercises, in `reference/linear.rs`.

use crate::{
    BIAS_CODE_LIMIT, Calibrator, MAX_IN_FEATURES, QMAX, QMIN, QuantError, QuantParams,
    QuantizedTensor,
};
use tinytorch_layers::{Linear, Module};
use tinytorch_tensor::Tensor;

/// A `Linear` layer running on INT8: `y = s_x * s_w[j] * (acc_j - z_x * sum_k W_q[j, k] +
/// bias_j)` with `acc = quant(x) @ W_q^T` computed exactly in `i32`.
///
/// - `weight`: the weight TRANSPOSED to `[out_features, in_features]` (the packed layout of
///   [`gemm_i8_packed`](crate::gemm_i8_packed): row `j` holds what output `j` reads),
///   quantized symmetrically per output channel (`axis: Some(0)`, zero points 0).
/// - `bias`: `i32` codes at scale `s_x * s_w[j]` (the TFLite scheme): added to the `i32`
///   accumulator before the one final multiply.
/// - `input`: the asymmetric per-tensor parameters of the input, calibrated once from
///   sample activations: at inference the input is quantized with them, never re-measured.
/// - `weight_sums[j] = sum_k W_q[j, k]`, for the input zero-point correction
///   `sum_k (a_k - z_a) w_k = sum_k a_k w_k - z_a * sum_k w_k`.
///
/// Build one with [`QuantizedLinear::from_linear`] or, from parts already quantized, with
/// [`QuantizedLinear::from_parts`], which checks that they fit together. The fields are
/// public plain data; change them only through `from_parts`, which recomputes
/// `weight_sums`.
///
/// ```
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_quantization::QuantizedLinear;
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let linear = Linear::new(16, 4, &mut seeded_rng(0));
/// let calibration = vec![Tensor::randn(&[32, 16], &mut seeded_rng(1))];
/// let q = QuantizedLinear::from_linear(&linear, &calibration).unwrap();
/// let x = Tensor::randn(&[2, 16], &mut seeded_rng(2));
/// let (y, y_q) = (linear.forward(&x).to_vec(), q.forward(&x).to_vec());
/// assert!(y.iter().zip(&y_q).all(|(a, b)| (a - b).abs() < 0.05));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct QuantizedLinear {
    /// `[out_features, in_features]`, symmetric per output channel.
    pub weight: QuantizedTensor,
    /// `[out_features]` bias codes at scale `input.scale * weight.params[j].scale`.
    pub bias: Vec<i32>,
    /// The calibrated parameters of the input.
    pub input: QuantParams,
    /// `weight_sums[j] = sum_k weight.values[j * in_features + k]`, as `i32`.
    pub weight_sums: Vec<i32>,
    /// The size of the last axis of the input.
    pub in_features: usize,
    /// The size of the last axis of the output.
    pub out_features: usize,
}

impl QuantizedLinear {
    /// [`QuantizedLinear::from_linear_with`] and [`Calibrator::MinMax`].
    ///
    /// # Errors
    /// As [`QuantizedLinear::from_linear_with`].
    pub fn from_linear(linear: &Linear, calibration: &[Tensor]) -> Result<Self, QuantError> {
        Self::from_linear_with(linear, calibration, Calibrator::MinMax)
    }

    /// The layer made of an INT8 `weight` (`[out, in]`, symmetric per output channel),
    /// its `bias` codes and the `input` parameters, after checking that they fit.
    ///
    /// # Errors
    /// [`QuantError::InvalidLayer`], saying what is wrong, unless: the weight is 2-D
    /// `[out, in]` with `1 <= in <= MAX_IN_FEATURES` and `out >= 1`, holds `out * in` codes
    /// and `out` parameters along axis 0, each with a positive finite scale and zero point
    /// 0; the bias holds `out` codes within `BIAS_CODE_LIMIT`; the input scale is positive
    /// and finite and its zero point a code.
    ///
    /// ```
    /// use tinytorch_quantization::{QuantParams, QuantizedLinear, QuantizedTensor};
    /// let weight = QuantizedTensor {
    ///     values: vec![1, -2, 3, 4],
    ///     shape: vec![2, 2],
    ///     params: vec![QuantParams { scale: 0.5, zero_point: 0 }; 2],
    ///     axis: Some(0),
    /// };
    /// let input = QuantParams { scale: 0.1, zero_point: -3 };
    /// let layer = QuantizedLinear::from_parts(weight, vec![0, 10], input).unwrap();
    /// assert_eq!(layer.weight_sums, vec![-1, 7]);
    /// ```
    pub fn from_parts(
        weight: QuantizedTensor,
        bias: Vec<i32>,
        input: QuantParams,
    ) -> Result<QuantizedLinear, QuantError> {
        let (out_features, in_features) = check_parts(&weight, &bias, input)?;
        Ok(QuantizedLinear {
            weight_sums: QuantizedLinear::row_sums(&weight),
            weight,
            bias,
            input,
            in_features,
            out_features,
        })
    }

    /// Checks that the layer is still what [`QuantizedLinear::from_parts`] would build
    /// (its public fields may have been changed since).
    ///
    /// # Errors
    /// [`QuantError::InvalidLayer`], as [`QuantizedLinear::from_parts`], or if the sizes
    /// or `weight_sums` no longer match the weight.
    pub fn check(&self) -> Result<(), QuantError> {
        let (out, inputs) = check_parts(&self.weight, &self.bias, self.input)?;
        if (out, inputs) != (self.out_features, self.in_features) {
            return Err(invalid(format!(
                "the weight is [{out}, {inputs}] but the layer says {} -> {}",
                self.in_features, self.out_features
            )));
        }
        if self.weight_sums != QuantizedLinear::row_sums(&self.weight) {
            return Err(invalid(
                "weight_sums do not match the weight (rebuild the layer with from_parts)".into(),
            ));
        }
        Ok(())
    }

    /// `sum_k W_q[j, k]` for every row `j` of a `[out, in]` INT8 weight.
    pub fn row_sums(weight: &QuantizedTensor) -> Vec<i32> {
        let k = weight.shape.get(1).copied().unwrap_or(0).max(1);
        weight
            .values
            .chunks_exact(k)
            .map(|row| row.iter().map(|&v| i32::from(v)).sum())
            .collect()
    }

    /// The bias in real numbers: `bias[j] * s_x * s_w[j]`.
    pub fn bias_f32(&self) -> Vec<f32> {
        self.bias
            .iter()
            .zip(&self.weight.params)
            .map(|(&code, p)| code as f32 * (self.input.scale * p.scale))
            .collect()
    }

    /// The bytes [`save`](crate::save) writes for this layer's tensors: one per weight
    /// code, 4 per output channel for its f32 scale and 4 for its i32 bias, and 5 for
    /// the input (an f32 scale and an i8 zero point). The symmetric weights' zero points
    /// are all 0 and are not stored.
    pub fn stored_bytes(&self) -> usize {
        self.weight.values.len() + 8 * self.out_features + 5
    }
}

impl Module for QuantizedLinear {
    /// `x` (`[..., in_features]`) through [`QuantizedLinear::forward_rows`]: gives
    /// `[..., out_features]`. Inference only (no gradient is recorded).
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
        let mut shape = x.shape().to_vec();
        *shape.last_mut().expect("checked above") = n;
        let y = with_row_major(x, |values| self.forward_rows(values, x.numel() / k.max(1)));
        Tensor::from_vec(y, &shape).expect("forward: the output fits its shape")
    }

    fn name(&self) -> String {
        format!(
            "QuantizedLinear({} -> {}, int8)",
            self.in_features, self.out_features
        )
    }
}

/// `f` applied to the values of `x` in row-major order, without a copy when `x` is
/// already laid out that way.
pub(crate) fn with_row_major<T>(x: &Tensor, f: impl FnOnce(&[f32]) -> T) -> T {
    match x.data().as_slice() {
        Some(values) => f(values),
        None => f(&x.to_vec()),
    }
}

/// Checks the parts of a [`QuantizedLinear`] and returns `(out, in)`.
fn check_parts(
    weight: &QuantizedTensor,
    bias: &[i32],
    input: QuantParams,
) -> Result<(usize, usize), QuantError> {
    let (out, inputs) = check_weight(weight)?;
    if bias.len() != out {
        return Err(invalid(format!(
            "{} bias codes for {out} output channels",
            bias.len()
        )));
    }
    if let Some(code) = bias
        .iter()
        .find(|c| c.unsigned_abs() > BIAS_CODE_LIMIT as u32)
    {
        return Err(invalid(format!(
            "bias code {code} is beyond +-{BIAS_CODE_LIMIT}"
        )));
    }
    check_params(input, "the input")?;
    Ok((out, inputs))
}

/// Checks a weight for [`QuantizedLinear::from_parts`] and returns `(out, in)`.
fn check_weight(weight: &QuantizedTensor) -> Result<(usize, usize), QuantError> {
    let &[out, inputs] = weight.shape.as_slice() else {
        return Err(invalid(format!(
            "the weight has shape {:?}, not [out, in]",
            weight.shape
        )));
    };
    if out == 0 || inputs == 0 || inputs > MAX_IN_FEATURES {
        return Err(invalid(format!(
            "the weight has shape {:?}: a layer needs at least one output and 1 to \
             {MAX_IN_FEATURES} inputs (more could overflow the i32 accumulator)",
            weight.shape
        )));
    }
    if weight.values.len() != out * inputs {
        return Err(invalid(format!(
            "the weight holds {} codes, not {out} * {inputs}",
            weight.values.len()
        )));
    }
    if weight.axis != Some(0) || weight.params.len() != out {
        return Err(invalid(format!(
            "the weight has {} scale(s) along axis {:?}: it must be quantized per output \
             channel, one scale per row (axis 0, {out} scales)",
            weight.params.len(),
            weight.axis
        )));
    }
    for (j, &p) in weight.params.iter().enumerate() {
        check_params(p, &format!("weight channel {j}"))?;
        if p.zero_point != 0 {
            return Err(invalid(format!(
                "weight channel {j} has zero point {}: weights must be symmetric (zero \
                 point 0)",
                p.zero_point
            )));
        }
    }
    Ok((out, inputs))
}

/// Checks that a scale is positive and finite and a zero point is a code.
fn check_params(p: QuantParams, what: &str) -> Result<(), QuantError> {
    if p.scale.is_finite() && p.scale > 0.0 && (QMIN..=QMAX).contains(&p.zero_point) {
        return Ok(());
    }
    Err(invalid(format!(
        "{what} has scale {} and zero point {}: a scale must be positive and finite, a zero \
         point in [-128, 127]",
        p.scale, p.zero_point
    )))
}

/// A [`QuantError::InvalidLayer`].
fn invalid(reason: String) -> QuantError {
    QuantError::InvalidLayer { reason }
}

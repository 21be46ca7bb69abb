//! The `QuantizedLinear` type and its accessors (shared code). Calibration, building it
//! from a `Linear` and its forward pass are the exercises, in `reference/linear.rs`.

use crate::{Calibrator, QuantError, QuantParams, QuantizedTensor};
use tinytorch_layers::Linear;
use tinytorch_tensor::Tensor;

/// A `Linear` layer running on INT8: `y = dequant(quant(x) @ W_q) + b`.
///
/// - `weight`: the weight TRANSPOSED to `[out_features, in_features]` (the packed layout of
///   [`gemm_i8_packed`](crate::gemm_i8_packed): row `j` holds what output `j` reads),
///   quantized symmetrically per output channel (`axis: Some(0)`, zero points 0).
/// - `input`: the asymmetric per-tensor parameters of the input, calibrated once from
///   sample activations: at inference the input is quantized with them, never re-measured.
/// - `weight_sums[j] = sum_k W_q[j, k]`, for the input zero-point correction
///   `sum_k (a_k - z_a) w_k = sum_k a_k w_k - z_a * sum_k w_k`.
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
    /// `[out_features]` in f32 (zeros for a layer without bias): added after dequantizing.
    pub bias: Vec<f32>,
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

    /// `sum_k W_q[j, k]` for every row `j` of a `[out, in]` INT8 weight.
    pub fn row_sums(weight: &QuantizedTensor) -> Vec<i32> {
        let k = weight.shape.get(1).copied().unwrap_or(0).max(1);
        weight
            .values
            .chunks_exact(k)
            .map(|row| row.iter().map(|&v| i32::from(v)).sum())
            .collect()
    }

    /// The bytes of this layer's stored data: INT8 codes, weight scales and zero points,
    /// f32 bias, input scale and zero point.
    pub fn nbytes(&self) -> usize {
        self.weight.nbytes() + 4 * self.bias.len() + 8
    }
}

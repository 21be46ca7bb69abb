//! Tasks 15.1 and 15.2: choosing the affine parameters, quantizing and dequantizing.

use crate::{Granularity, QMAX, QMIN, QuantParams, QuantizedTensor, Scheme, channel_layout};
use tinytorch_tensor::Tensor;

/// The `(scale, zero_point)` that map the real range `[min, max]` onto the INT8 codes.
///
/// - `Asymmetric`: the range is first widened to include 0 (`min <= 0 <= max`, so 0.0 is
///   exactly a code), then `scale = (max - min) / 255` and
///   `zero_point = round(-128 - min / scale)`, clamped to `[-128, 127]`: `min` lands on
///   code -128 and `max` on 127.
/// - `Symmetric`: `scale = max(|min|, |max|) / 127` and `zero_point = 0`: the codes
///   `[-127, 127]` cover `[-max|x|, max|x|]` (-128 is left unused so the range is
///   symmetric).
///
/// A range of width 0 (an all-zero tensor) would give `scale = 0` and a division by zero
/// everywhere after; it gets `scale = 1.0` instead (any scale represents 0 exactly).
///
/// ```
/// use tinytorch_quantization::{Scheme, choose_params};
/// // [-1, 2]: scale 3/255, zero point round(-128 + 85) = -43
/// let p = choose_params(-1.0, 2.0, Scheme::Asymmetric);
/// assert_eq!(p.zero_point, -43);
/// assert!((p.scale - 3.0 / 255.0).abs() < 1e-9);
/// let s = choose_params(-0.5, 2.54, Scheme::Symmetric); // 2.54 / 127 = 0.02
/// assert!((s.scale - 0.02).abs() < 1e-9 && s.zero_point == 0);
/// ```
pub fn choose_params(min: f32, max: f32, scheme: Scheme) -> QuantParams {
    // BEGIN SOLUTION 15.1
    match scheme {
        Scheme::Symmetric => {
            let amax = min.abs().max(max.abs());
            let scale = if amax > 0.0 { amax / QMAX as f32 } else { 1.0 };
            QuantParams {
                scale,
                zero_point: 0,
            }
        }
        Scheme::Asymmetric => {
            // 0.0 must be representable exactly (zero padding, ReLU zeros).
            let (min, max) = (min.min(0.0), max.max(0.0));
            let range = max - min;
            let scale = if range > 0.0 {
                range / (QMAX - QMIN) as f32
            } else {
                1.0
            };
            let zero_point = (QMIN as f32 - min / scale).round() as i32;
            QuantParams {
                scale,
                zero_point: zero_point.clamp(QMIN, QMAX),
            }
        }
    }
    // END SOLUTION
}

/// One value's code: `clamp(round(x / scale) + zero_point, -128, 127)`.
///
/// Rounding is half away from zero (`f32::round`: 2.5 -> 3, -2.5 -> -3); the clamp keeps
/// values outside the calibrated range on the nearest end code instead of wrapping around
/// (`300 as i8` would be 44). The float-to-integer cast saturates (`1e30 as i32` is
/// `i32::MAX`, NaN gives 0), so the zero point is added with `saturating_add`: a plain `+`
/// would overflow for huge values.
///
/// ```
/// use tinytorch_quantization::{QuantParams, quantize_value};
/// let p = QuantParams { scale: 0.5, zero_point: 10 };
/// assert_eq!(quantize_value(1.0, p), 12); // 1.0 / 0.5 + 10
/// assert_eq!(quantize_value(1000.0, p), 127); // clamped
/// assert_eq!(quantize_value(f32::INFINITY, p), 127);
/// ```
#[inline]
pub fn quantize_value(x: f32, params: QuantParams) -> i8 {
    // BEGIN SOLUTION 15.2
    let q = (x / params.scale).round() as i32;
    q.saturating_add(params.zero_point).clamp(QMIN, QMAX) as i8
    // END SOLUTION
}

/// `x` as INT8 codes with parameters chosen by [`choose_params`] from its range: one pair
/// for the whole tensor, or one per index along `axis` (each from the min and max of its
/// own slice).
///
/// # Panics
/// If the per-channel `axis` is out of range, or `x` holds NaN or an infinity (quantize
/// data only after checking it: see `QuantizedLinear::from_linear`).
///
/// ```
/// use tinytorch_quantization::{Granularity, Scheme, dequantize, quantize};
/// use tinytorch_tensor::Tensor;
/// // Row 0 spans [-1, 1], row 1 spans [-100, 100]: per row, each gets its own scale.
/// let w = Tensor::from_vec(vec![-1.0, 0.5, 1.0, -100.0, 50.0, 100.0], &[2, 3]).unwrap();
/// let q = quantize(&w, Scheme::Symmetric, Granularity::PerChannel { axis: 0 });
/// assert_eq!(q.values, vec![-127, 64, 127, -127, 64, 127]);
/// assert_eq!(q.params.len(), 2);
/// assert!((q.params[0].scale - 1.0 / 127.0).abs() < 1e-9);
/// assert_eq!(dequantize(&q).shape(), &[2, 3]);
/// ```
pub fn quantize(x: &Tensor, scheme: Scheme, granularity: Granularity) -> QuantizedTensor {
    assert!(
        x.data().iter().all(|v| v.is_finite()),
        "quantize: the tensor of shape {:?} holds NaN or an infinity",
        x.shape()
    );
    // BEGIN SOLUTION 15.2
    let shape = x.shape().to_vec();
    // `(channels, inner)`: the value at flat position f belongs to channel (f / inner) % channels.
    let (axis, channels, inner) = match granularity {
        Granularity::PerTensor => (None, 1, x.numel().max(1)),
        Granularity::PerChannel { axis } => {
            let (dim, inner) = channel_layout(&shape, axis);
            (Some(axis), dim, inner)
        }
    };
    let channel = |flat: usize| (flat / inner) % channels;
    let mut ranges = vec![(f32::INFINITY, f32::NEG_INFINITY); channels];
    for (flat, &v) in x.data().iter().enumerate() {
        let (lo, hi) = &mut ranges[channel(flat)];
        (*lo, *hi) = (lo.min(v), hi.max(v));
    }
    let params: Vec<QuantParams> = ranges
        .iter()
        // An empty channel (a zero-sized axis) saw no value: treat its range as [0, 0].
        .map(|&(lo, hi)| match lo <= hi {
            true => choose_params(lo, hi, scheme),
            false => choose_params(0.0, 0.0, scheme),
        })
        .collect();
    let values = x
        .data()
        .iter()
        .enumerate()
        .map(|(flat, &v)| quantize_value(v, params[channel(flat)]))
        .collect();
    QuantizedTensor {
        values,
        shape,
        params,
        axis,
    }
    // END SOLUTION
}

/// The real values `(q - zero_point) * scale` of every code, each with its own parameters,
/// as an f32 tensor of the quantized shape.
///
/// # Panics
/// If `q` is malformed (`values` does not fit `shape`, or `axis` is out of range).
///
/// ```
/// use tinytorch_quantization::{QuantParams, QuantizedTensor, dequantize};
/// let q = QuantizedTensor {
///     values: vec![-128, -43, 127],
///     shape: vec![3],
///     params: vec![QuantParams { scale: 3.0 / 255.0, zero_point: -43 }],
///     axis: None,
/// };
/// // (-128 + 43) * 3/255 = -1, 0, (127 + 43) * 3/255 = 2
/// let x = dequantize(&q).to_vec();
/// assert!((x[0] + 1.0).abs() < 1e-6 && x[1] == 0.0 && (x[2] - 2.0).abs() < 1e-6);
/// ```
pub fn dequantize(q: &QuantizedTensor) -> Tensor {
    // BEGIN SOLUTION 15.2
    let values = q
        .values
        .iter()
        .enumerate()
        .map(|(flat, &code)| {
            let p = q.params[q.param_index(flat)];
            (i32::from(code) - p.zero_point) as f32 * p.scale
        })
        .collect();
    Tensor::from_vec(values, &q.shape).expect("dequantize: values do not fit the shape")
    // END SOLUTION
}

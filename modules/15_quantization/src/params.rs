//! The plain data of quantization (shared code): the affine parameters, the schemes, and
//! the quantized tensor itself.

/// The INT8 code range: every quantized value lies in `[QMIN, QMAX]`.
pub const QMIN: i32 = -128;
/// See [`QMIN`].
pub const QMAX: i32 = 127;

/// The largest `|code|` an `i32` bias may have (`2^29`). With at most
/// [`MAX_IN_FEATURES`] inputs, `sum (q_x - z_x) * q_w` stays below `2^30`, so adding such a
/// bias keeps every intermediate value of the requantization inside `i32`.
pub const BIAS_CODE_LIMIT: i32 = 1 << 29;

/// The most inputs (`in_features`, or `C * kh * kw` of a convolution) an INT8 layer may
/// have: `2^15`, so that the `i32` accumulator and the zero-point correction cannot
/// overflow (`2^15 * 128 * 128 = 2^29`).
pub const MAX_IN_FEATURES: usize = 1 << 15;

/// The affine map between real numbers and INT8 codes:
/// `q = clamp(round(x / scale) + zero_point, -128, 127)` and `x ~ (q - zero_point) * scale`.
///
/// `scale` is the real size of one step; `zero_point` is the code that stands for the real
/// 0.0 exactly (so zero padding and ReLU zeros survive quantization without error).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuantParams {
    /// The real value of one INT8 step, `> 0`.
    pub scale: f32,
    /// The INT8 code of the real value 0.0, in `[-128, 127]`.
    pub zero_point: i32,
}

/// How the real range maps onto the 256 codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// `[-max|x|, max|x|]` onto `[-127, 127]`, zero point 0: the integer kernel needs no
    /// zero-point correction (used for weights, which are roughly centered on 0).
    Symmetric,
    /// `[min, max]` (widened to include 0) onto `[-128, 127]`: no code is wasted on a range
    /// the data never reaches (used for activations, e.g. ReLU outputs are all `>= 0`).
    Asymmetric,
}

/// Which values share one `(scale, zero_point)` pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    /// One pair for the whole tensor.
    PerTensor,
    /// One pair per index along `axis` (e.g. per output channel of a weight): a channel
    /// with small weights is not forced onto the coarse steps of the largest channel.
    PerChannel {
        /// The axis whose indices get their own parameters.
        axis: usize,
    },
}

/// A tensor stored as INT8 codes with their affine parameters.
///
/// `values` holds the codes in row-major order of `shape`. With `axis: None` there is one
/// entry in `params` for every value; with `axis: Some(a)` there are `shape[a]` entries and
/// value `v` uses the entry of its index along axis `a`.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantizedTensor {
    /// The INT8 codes, row-major.
    pub values: Vec<i8>,
    /// The shape of the tensor.
    pub shape: Vec<usize>,
    /// One `QuantParams` (per tensor) or `shape[axis]` of them (per channel).
    pub params: Vec<QuantParams>,
    /// The per-channel axis, or `None` for per-tensor parameters.
    pub axis: Option<usize>,
}

impl QuantizedTensor {
    /// The bytes this tensor occupies in memory as stored: one per code, plus 8 per
    /// `(scale, zero_point)` pair (an `f32` and an `i32`).
    ///
    /// ```
    /// use tinytorch_quantization::{QuantParams, QuantizedTensor};
    /// let q = QuantizedTensor {
    ///     values: vec![0; 12],
    ///     shape: vec![3, 4],
    ///     params: vec![QuantParams { scale: 0.1, zero_point: 0 }; 3],
    ///     axis: Some(0),
    /// };
    /// assert_eq!(q.nbytes(), 12 + 3 * 8);
    /// ```
    pub fn nbytes(&self) -> usize {
        self.values.len() + self.params.len() * 8
    }

    /// The index into `params` of the value at row-major position `flat`.
    ///
    /// # Panics
    /// If `axis` is out of range for `shape` (a malformed tensor).
    pub fn param_index(&self, flat: usize) -> usize {
        match self.axis {
            None => 0,
            Some(axis) => {
                let (dim, inner) = channel_layout(&self.shape, axis);
                (flat / inner) % dim
            }
        }
    }
}

/// For a row-major `shape` and an `axis`: `(shape[axis], product of the axes after it)`.
/// The value at flat position `f` then has index `(f / inner) % dim` along `axis`.
///
/// # Panics
/// If `axis >= shape.len()`, naming both.
pub fn channel_layout(shape: &[usize], axis: usize) -> (usize, usize) {
    assert!(
        axis < shape.len(),
        "per-channel quantization: axis {axis} is out of range for shape {shape:?}"
    );
    (shape[axis], shape[axis + 1..].iter().product())
}

/// How to pick the real range `[min, max]` of activations from calibration samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Calibrator {
    /// The smallest and largest value seen: nothing clips, but one outlier stretches the
    /// steps for everyone.
    MinMax,
    /// The `(100 - p)`-th and `p`-th percentiles (e.g. `Percentile(99.9)`): the rare
    /// outliers beyond are clipped, and every other value gets finer steps.
    Percentile(f32),
}

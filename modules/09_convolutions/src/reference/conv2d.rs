//! Task 09.4: initializing a `Conv2d` and its forward pass as im2col + one matrix product.

use crate::{Conv2d, ConvError, conv_output_size, im2col};

use rand::Rng;
use tinytorch_layers::Parameter;
use tinytorch_tensor::Tensor;

impl Conv2d {
    /// A convolution from `in_channels` to `out_channels` with a `kernel = (kh, kw)`
    /// window, moving `stride` pixels at a time over the image padded with `padding`
    /// zeros on each side.
    ///
    /// Weights are drawn from `rng` with He (Kaiming) uniform initialization: uniform in
    /// `[-b, b)` with `b = sqrt(6 / fan_in)`, `fan_in = in_channels * kh * kw` (the inputs
    /// of one output value). A uniform on `[-b, b]` has variance `b^2 / 3 = 2 / fan_in`:
    /// ReLU zeroes half of its inputs, which halves the signal's second moment, and the
    /// factor 2 gives it back, so deep ReLU stacks keep their scale. The bias starts at 0.
    ///
    /// # Errors
    /// [`ConvError::ZeroSize`] when a channel count or a kernel side is 0,
    /// [`ConvError::ZeroStride`] when `stride` is 0.
    ///
    /// ```
    /// use tinytorch_convolutions::Conv2d;
    /// use tinytorch_layers::Module;
    /// use tinytorch_tensor::seeded_rng;
    /// let conv = Conv2d::new(64, 128, (3, 3), 1, 1, &mut seeded_rng(0)).unwrap();
    /// assert_eq!(conv.weight().shape(), vec![128, 64, 3, 3]);
    /// assert_eq!(conv.num_parameters(), 73_856); // 128 * 64 * 9 + 128
    /// assert!(Conv2d::new(3, 8, (3, 3), 0, 1, &mut seeded_rng(0)).is_err());
    /// ```
    pub fn new(
        in_channels: usize,
        out_channels: usize,
        kernel: (usize, usize),
        stride: usize,
        padding: usize,
        rng: &mut impl Rng,
    ) -> Result<Conv2d, ConvError> {
        Conv2d::check_settings(in_channels, out_channels, kernel, stride)?;
        // BEGIN SOLUTION 09.4
        let (kh, kw) = kernel;
        let fan_in = in_channels * kh * kw;
        let bound = (6.0 / fan_in as f32).sqrt();
        let shape = [out_channels, in_channels, kh, kw];
        let weight = Tensor::rand_uniform(&shape, -bound, bound, rng);
        Ok(Conv2d {
            weight: Parameter::new(weight),
            bias: Some(Parameter::new(Tensor::zeros(&[out_channels]))),
            in_channels,
            out_channels,
            kernel,
            stride,
            padding,
        })
        // END SOLUTION
    }
}

/// The convolution of `x` (`[N, C, H, W]`) with `weight` (`[out, C, kh, kw]`) plus an
/// optional `bias` (`[out]`), giving `[N, out, oh, ow]`; the function behind
/// [`Conv2d`]'s forward pass, usable with any tensors (e.g. in a gradient check).
///
/// Computed as [`im2col`] (`[N * oh * ow, C * kh * kw]`), then ONE matrix product with the
/// weight reshaped to `[out, C * kh * kw]` and transposed (`[N * oh * ow, out]`), then a
/// reshape to `[N, oh, ow, out]` and a permute back to channels-first, plus the bias
/// reshaped to `[out, 1, 1]`. Only im2col needs a backward rule of its own; matmul, add, reshape and
/// permute already have theirs.
///
/// # Panics
/// If `x` or `weight` is not 4-D, their channel counts differ, the bias is not `[out]`, or
/// the kernel does not fit the padded input, naming the shapes.
///
/// ```
/// use tinytorch_convolutions::conv2d;
/// use tinytorch_tensor::Tensor;
/// let x = Tensor::ones(&[1, 2, 4, 4]);
/// let w = Tensor::ones(&[3, 2, 3, 3]);
/// let y = conv2d(&x, &w, None, 1, 0);
/// assert_eq!(y.shape(), &[1, 3, 2, 2]);
/// assert_eq!(y.to_vec(), vec![18.0; 12]); // 2 channels * 9 ones
/// ```
pub fn conv2d(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    stride: usize,
    padding: usize,
) -> Tensor {
    // BEGIN SOLUTION 09.4
    let (&[n, c, h, w], &[out, wc, kh, kw]) = (x.shape(), weight.shape()) else {
        panic!(
            "conv2d: input {:?} and weight {:?} must both be 4-D ([N, C, H, W] and [out, C, kh, kw])",
            x.shape(),
            weight.shape()
        );
    };
    assert!(
        c == wc,
        "conv2d: input of shape {:?} has {c} channels but the weight {:?} expects {wc}",
        x.shape(),
        weight.shape()
    );
    if let Some(b) = bias {
        assert!(
            b.shape() == [out],
            "conv2d: bias of shape {:?} does not match the weight {:?}: expected [{out}]",
            b.shape(),
            weight.shape()
        );
    }
    let size = |input, kernel| {
        conv_output_size(input, kernel, stride, padding)
            .unwrap_or_else(|e| panic!("conv2d: input of shape {:?}: {e}", x.shape()))
    };
    let (oh, ow) = (size(h, kh), size(w, kw));
    let cols = im2col(x, kh, kw, stride, padding); // [N*oh*ow, C*kh*kw]
    let filters = weight.reshape(&[out, c * kh * kw]); // [out, C*kh*kw], same column order
    let y = cols.matmul(&filters.t()); // [N*oh*ow, out]: one GEMM for the whole batch
    // Rows are (n, oy, ox): channels-last. Permute to PyTorch's [N, out, oh, ow] BEFORE
    // adding the bias: then each channel's bias runs along whole rows of positions
    // instead of one value at a time across rows of `out`, and no reshape follows.
    let y = y.reshape(&[n, oh, ow, out]).permute(&[0, 3, 1, 2]);
    match bias {
        Some(b) => y.add(&b.reshape(&[out, 1, 1])), // [out, 1, 1] broadcasts over positions
        None => y,
    }
    // END SOLUTION
}

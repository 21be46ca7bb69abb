//! The `QuantizedConv2d` type and its accessors (shared code). Building it from a
//! `Conv2d` and its forward pass are the exercises, in `reference/conv.rs`.

use crate::{Calibrator, QuantError, QuantizedLinear};
use tinytorch_convolutions::{Conv2d, conv_output_size};
use tinytorch_layers::Module;
use tinytorch_tensor::Tensor;

/// A `Conv2d` running on INT8: im2col, then the integer GEMM of a [`QuantizedLinear`] on
/// every patch.
///
/// A convolution is a linear layer applied to every `C x kh x kw` patch of the image. So
/// the filters are stored as the INT8 weight of a `QuantizedLinear` (`linear`):
/// `[out_channels, C * kh * kw]`, in the column order of
/// [`im2col`](tinytorch_convolutions::im2col), quantized symmetrically per OUTPUT CHANNEL
/// (one scale per filter). The bias is `i32` codes at `s_x * s_w[j]`, and the input
/// parameters are calibrated on the layer's input images.
///
/// ```
/// use tinytorch_convolutions::Conv2d;
/// use tinytorch_layers::Module;
/// use tinytorch_quantization::QuantizedConv2d;
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let conv = Conv2d::new(2, 3, (3, 3), 1, 1, &mut seeded_rng(0)).unwrap();
/// let images = vec![Tensor::randn(&[4, 2, 6, 6], &mut seeded_rng(1))];
/// let q = QuantizedConv2d::from_conv2d(&conv, &images).unwrap();
/// assert_eq!(q.linear.weight.shape, vec![3, 2 * 3 * 3]);
/// let x = Tensor::randn(&[1, 2, 6, 6], &mut seeded_rng(2)).clamp(-2.0, 2.0);
/// let (y, y_q) = (conv.forward(&x).to_vec(), q.forward(&x).to_vec());
/// assert!(y.iter().zip(&y_q).all(|(a, b)| (a - b).abs() < 0.1));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct QuantizedConv2d {
    /// The filters as a quantized linear layer over patches: weight
    /// `[out_channels, in_channels * kh * kw]`, per output channel; the bias codes; the
    /// input parameters.
    pub linear: QuantizedLinear,
    /// The number of input channels.
    pub in_channels: usize,
    /// `(kh, kw)`.
    pub kernel: (usize, usize),
    /// The step between two windows, along both axes.
    pub stride: usize,
    /// The zeros added on each side of the image, along both axes.
    pub padding: usize,
}

impl QuantizedConv2d {
    /// [`QuantizedConv2d::from_conv2d_with`] and [`Calibrator::MinMax`].
    ///
    /// # Errors
    /// As [`QuantizedConv2d::from_conv2d_with`].
    pub fn from_conv2d(conv: &Conv2d, calibration: &[Tensor]) -> Result<Self, QuantError> {
        Self::from_conv2d_with(conv, calibration, Calibrator::MinMax)
    }

    /// The layer from an already quantized `linear` (weight `[out, in_channels * kh * kw]`)
    /// and the geometry of the convolution.
    ///
    /// # Errors
    /// [`QuantError::InvalidLayer`] if a size or the stride is 0, or the weight's width is
    /// not `in_channels * kh * kw`.
    pub fn from_parts(
        linear: QuantizedLinear,
        in_channels: usize,
        kernel: (usize, usize),
        stride: usize,
        padding: usize,
    ) -> Result<QuantizedConv2d, QuantError> {
        let (kh, kw) = kernel;
        if in_channels == 0 || kh == 0 || kw == 0 || stride == 0 {
            return Err(QuantError::InvalidLayer {
                reason: format!(
                    "a convolution with {in_channels} input channels, a {kh}x{kw} kernel and \
                     stride {stride}: every one must be at least 1"
                ),
            });
        }
        if linear.in_features != in_channels * kh * kw {
            return Err(QuantError::InvalidLayer {
                reason: format!(
                    "the filters hold {} values each, not in_channels * kh * kw = \
                     {in_channels} * {kh} * {kw}",
                    linear.in_features
                ),
            });
        }
        Ok(QuantizedConv2d {
            linear,
            in_channels,
            kernel,
            stride,
            padding,
        })
    }

    /// The number of output channels (filters).
    pub fn out_channels(&self) -> usize {
        self.linear.out_features
    }

    /// The bytes [`save`](crate::save) writes for this layer's tensors: those of its
    /// [`QuantizedLinear`] ([`QuantizedLinear::stored_bytes`]). The geometry (stride,
    /// padding) is in the file's header.
    pub fn stored_bytes(&self) -> usize {
        self.linear.stored_bytes()
    }

    /// The batch size and output size `(n, oh, ow)` of the convolution of `x`.
    ///
    /// # Panics
    /// If `x` is not 4-D with `in_channels` channels, or the kernel does not fit, naming
    /// the layer and the shape.
    pub(crate) fn output_geometry(&self, x: &Tensor) -> (usize, usize, usize) {
        let &[n, c, h, w] = x.shape() else {
            panic!(
                "{}: input of shape {:?} must be 4-D [N, C, H, W]",
                self.name(),
                x.shape()
            );
        };
        assert!(
            c == self.in_channels,
            "{}: input of shape {:?} has {c} channels, not {}",
            self.name(),
            x.shape(),
            self.in_channels
        );
        let (kh, kw) = self.kernel;
        let size = |input, kernel| {
            conv_output_size(input, kernel, self.stride, self.padding)
                .unwrap_or_else(|e| panic!("{}: input of shape {:?}: {e}", self.name(), x.shape()))
        };
        (n, size(h, kh), size(w, kw))
    }
}

//! The `Conv2d` layer type, its accessors and its `Module` impl (shared code: `forward`
//! calls the `conv2d` function). Initialization and `conv2d` are the exercises, in
//! `reference/conv2d.rs`.

use crate::ConvError;
use crate::conv2d;
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

/// A 2-D convolution over `[N, C_in, H, W]` image batches, giving
/// `[N, C_out, oh, ow]`: every output channel is a learned `C_in x kh x kw` filter slid
/// over the image, plus a bias.
///
/// The weight is `[out_channels, in_channels, kh, kw]` (PyTorch's layout), the bias
/// `[out_channels]`. Stride and zero padding are the same along both axes.
///
/// Cloning a `Conv2d` shares its parameters (they are handles), like
/// [`Linear`](tinytorch_layers::Linear).
///
/// ```
/// use tinytorch_convolutions::Conv2d;
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let conv = Conv2d::new(3, 16, (3, 3), 1, 1, &mut seeded_rng(0)).unwrap();
/// assert_eq!(conv.num_parameters(), 16 * 3 * 3 * 3 + 16); // 448
/// let y = conv.forward(&Tensor::zeros(&[2, 3, 32, 32]));
/// assert_eq!(y.shape(), &[2, 16, 32, 32]); // padding 1 keeps 32x32
/// ```
#[derive(Clone, Debug)]
pub struct Conv2d {
    /// `[out_channels, in_channels, kh, kw]`.
    pub(crate) weight: Parameter,
    /// `[out_channels]`, or `None` for a convolution without bias.
    pub(crate) bias: Option<Parameter>,
    pub(crate) in_channels: usize,
    pub(crate) out_channels: usize,
    /// `(kh, kw)`.
    pub(crate) kernel: (usize, usize),
    pub(crate) stride: usize,
    pub(crate) padding: usize,
}

impl Conv2d {
    /// Checks the settings of [`Conv2d::new`] (sizes at least 1, stride at least 1).
    pub(crate) fn check_settings(
        in_channels: usize,
        out_channels: usize,
        kernel: (usize, usize),
        stride: usize,
    ) -> Result<(), ConvError> {
        let sizes = [
            (in_channels, "in_channels"),
            (out_channels, "out_channels"),
            (kernel.0, "kernel height"),
            (kernel.1, "kernel width"),
        ];
        if let Some(&(_, what)) = sizes.iter().find(|(v, _)| *v == 0) {
            return Err(ConvError::ZeroSize { what });
        }
        if stride == 0 {
            return Err(ConvError::ZeroStride);
        }
        Ok(())
    }

    /// The same layer without its bias: `y = conv(x, W)` (used before a normalization
    /// layer, whose own shift makes a bias redundant).
    #[must_use]
    pub fn without_bias(mut self) -> Conv2d {
        self.bias = None;
        self
    }

    /// The filters, `[out_channels, in_channels, kh, kw]`.
    pub fn weight(&self) -> &Parameter {
        &self.weight
    }

    /// The bias, `[out_channels]`, if the layer has one.
    pub fn bias(&self) -> Option<&Parameter> {
        self.bias.as_ref()
    }

    /// The number of input channels.
    pub fn in_channels(&self) -> usize {
        self.in_channels
    }

    /// The number of output channels (filters).
    pub fn out_channels(&self) -> usize {
        self.out_channels
    }

    /// The kernel size `(kh, kw)`.
    pub fn kernel(&self) -> (usize, usize) {
        self.kernel
    }

    /// The step between two windows, along both axes.
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// The zeros added on each side of the image, along both axes.
    pub fn padding(&self) -> usize {
        self.padding
    }
}

impl Module for Conv2d {
    /// The convolution of `x` (`[N, in_channels, H, W]`), giving
    /// `[N, out_channels, oh, ow]` with `oh`, `ow` from
    /// [`conv_output_size`](crate::conv_output_size).
    ///
    /// Calls [`conv2d`](crate::conv2d) with the layer's current weight and bias.
    ///
    /// # Panics
    /// If `x` is not 4-D, its channel count is not `in_channels`, or the kernel does not
    /// fit, naming the shapes (see [`conv2d`](crate::conv2d)).
    ///
    /// ```
    /// use tinytorch_convolutions::Conv2d;
    /// use tinytorch_layers::Module;
    /// use tinytorch_tensor::{Tensor, seeded_rng};
    /// // A 2x2 kernel [[1, 0], [0, 1]] adds each pixel to its lower-right neighbour.
    /// let conv = Conv2d::new(1, 1, (2, 2), 1, 0, &mut seeded_rng(0)).unwrap();
    /// conv.weight().set(Tensor::from_vec(vec![1.0, 0.0, 0.0, 1.0], &[1, 1, 2, 2]).unwrap());
    /// let x = Tensor::arange(1.0, 10.0, 1.0).reshape(&[1, 1, 3, 3]);
    /// assert_eq!(conv.forward(&x).to_vec(), vec![6.0, 8.0, 12.0, 14.0]);
    /// ```
    fn forward(&self, x: &Tensor) -> Tensor {
        let bias = self.bias.as_ref().map(Parameter::get);
        conv2d(
            x,
            &self.weight.get(),
            bias.as_ref(),
            self.stride,
            self.padding,
        )
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        let mut named = vec![("weight".to_string(), self.weight.clone())];
        if let Some(bias) = &self.bias {
            named.push(("bias".to_string(), bias.clone()));
        }
        named
    }

    fn name(&self) -> String {
        let (kh, kw) = self.kernel;
        let bias = if self.bias.is_some() { "" } else { ", no bias" };
        format!(
            "Conv2d({} -> {}, {kh}x{kw}, stride {}, padding {}{bias})",
            self.in_channels, self.out_channels, self.stride, self.padding
        )
    }
}

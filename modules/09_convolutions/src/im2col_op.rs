//! The `im2col` custom op (shared code): what autograd needs to send the gradient of the
//! unfolded matrix back to the image. The rule itself is [`col2im`](crate::col2im).

use ndarray::ArrayD;
use tinytorch_tensor::{CustomOp, Tensor};

/// The record of one [`im2col`](crate::im2col) call: its input and its geometry.
#[derive(Debug)]
pub(crate) struct Im2colOp {
    /// The `[N, C, H, W]` image batch that was unfolded.
    pub(crate) input: Tensor,
    /// `(kh, kw)`.
    pub(crate) kernel: (usize, usize),
    pub(crate) stride: usize,
    pub(crate) padding: usize,
}

impl CustomOp for Im2colOp {
    fn name(&self) -> &'static str {
        "im2col"
    }

    fn inputs(&self) -> Vec<&Tensor> {
        vec![&self.input]
    }

    /// im2col copies each pixel into every window that covers it, so the pixel's gradient
    /// is the sum of the gradients of all those copies: exactly what col2im computes.
    fn backward(&self, _output: &Tensor, grad: &ArrayD<f32>) -> Vec<Option<ArrayD<f32>>> {
        let (kh, kw) = self.kernel;
        let dx = crate::col2im(grad, self.input.shape(), kh, kw, self.stride, self.padding);
        vec![Some(dx)]
    }
}

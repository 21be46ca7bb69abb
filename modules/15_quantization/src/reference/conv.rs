//! Task 15.5: a quantized convolution, as im2col plus the integer GEMM of task 15.4.

use super::{choose_params, quantize, quantize_bias};
use crate::{
    Calibrator, Granularity, QuantError, QuantizedConv2d, QuantizedLinear, Scheme,
    quantized_linear::with_row_major,
};
use tinytorch_convolutions::{Conv2d, im2col};
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

impl QuantizedConv2d {
    /// Quantizes `conv`: its filters reshaped to `[out, C * kh * kw]` (the column order of
    /// im2col) and quantized symmetrically PER OUTPUT CHANNEL, the input asymmetrically
    /// per tensor with the range `calibrator` measures on `calibration` (sample inputs of
    /// this layer, each `[N, C, H, W]`), and the bias with
    /// [`quantize_bias`](crate::quantize_bias) (zeros if the layer has none).
    ///
    /// The patches im2col cuts from an image hold its pixels and, with padding, zeros.
    /// The asymmetric range always includes 0, so calibrating on the images is the same
    /// as calibrating on their patches (for `MinMax`).
    ///
    /// # Errors
    /// [`QuantError::NoCalibrationData`] for no samples,
    /// [`QuantError::ConvCalibrationShape`] if a sample is not `[N, C, H, W]` with
    /// `C = in_channels`, the errors of [`Calibrator::range`], of
    /// [`quantize_bias`](crate::quantize_bias) and of the `from_parts` constructors.
    pub fn from_conv2d_with(
        conv: &Conv2d,
        calibration: &[Tensor],
        calibrator: Calibrator,
    ) -> Result<QuantizedConv2d, QuantError> {
        // BEGIN SOLUTION 15.5
        let (c, out, (kh, kw)) = (conv.in_channels(), conv.out_channels(), conv.kernel());
        if calibration.is_empty() {
            return Err(QuantError::NoCalibrationData);
        }
        if let Some(bad) = calibration
            .iter()
            .find(|s| s.ndim() != 4 || s.shape()[1] != c)
        {
            return Err(QuantError::ConvCalibrationShape {
                layer: conv.name(),
                shape: bad.shape().to_vec(),
                in_channels: c,
            });
        }
        let (min, max) = calibrator.range(calibration)?;
        let input = choose_params(min, max, Scheme::Asymmetric);
        // [out, C, kh, kw] -> [out, C * kh * kw]: row j is filter j, in im2col's column order.
        let filters = conv.weight().get().detach().reshape(&[out, c * kh * kw]);
        let weight = quantize(
            &filters,
            Scheme::Symmetric,
            Granularity::PerChannel { axis: 0 },
        );
        let bias = conv
            .bias()
            .map(Parameter::get)
            .map_or_else(|| vec![0.0; out], |b| b.to_vec());
        let bias = quantize_bias(&bias, input.scale, &weight.params)?;
        let linear = QuantizedLinear::from_parts(weight, bias, input)?;
        QuantizedConv2d::from_parts(linear, c, (kh, kw), conv.stride(), conv.padding())
        // END SOLUTION
    }
}

impl Module for QuantizedConv2d {
    /// The convolution of `x` (`[N, in_channels, H, W]`) on INT8, giving
    /// `[N, out_channels, oh, ow]`: im2col (`[N * oh * ow, C * kh * kw]`), the integer path
    /// of the linear layer on every row ([`QuantizedLinear::forward_rows`]), then the rows
    /// `(n, oy, ox)` put back channels-first. Inference only.
    ///
    /// # Panics
    /// If `x` is not 4-D with `in_channels` channels, or the kernel does not fit, naming
    /// the layer and the shape.
    fn forward(&self, x: &Tensor) -> Tensor {
        let (kh, kw) = self.kernel;
        let (n, oh, ow) = self.output_geometry(x);
        // BEGIN SOLUTION 15.5
        let patches = im2col(x, kh, kw, self.stride, self.padding); // [N*oh*ow, C*kh*kw]
        let rows = n * oh * ow;
        let y = with_row_major(&patches, |values| self.linear.forward_rows(values, rows));
        // Rows are (n, oy, ox), channels last: permute to [N, out, oh, ow].
        Tensor::from_vec(y, &[n, oh, ow, self.out_channels()])
            .expect("forward: the output fits its shape")
            .permute(&[0, 3, 1, 2])
        // END SOLUTION
    }

    fn name(&self) -> String {
        let (kh, kw) = self.kernel;
        format!(
            "QuantizedConv2d({} -> {}, {kh}x{kw}, stride {}, padding {}, int8)",
            self.in_channels,
            self.out_channels(),
            self.stride,
            self.padding
        )
    }
}

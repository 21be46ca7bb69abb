//! Task 15.6: quantizing a whole `Sequential` model.

use crate::{QuantError, QuantizedConv2d, QuantizedLayer, QuantizedLinear, QuantizedModel};
use tinytorch_convolutions::Conv2d;
use tinytorch_layers::{Linear, Sequential};
use tinytorch_tensor::Tensor;

/// `model` with every `Linear` replaced by a [`QuantizedLinear`], every `Conv2d` by a
/// [`QuantizedConv2d`], and every other layer kept as its f32 op
/// ([`QuantizedLayer::parameter_free`]: activations, pooling, Flatten, Dropout).
///
/// Each quantized layer is calibrated on ITS OWN inputs: the calibration samples (inputs
/// of the whole model) are run forward through the layers converted so far, so layer `i`
/// sees what it will see at inference, including the rounding of the layers before it.
///
/// # Errors
/// [`QuantError::NoCalibrationData`] for no samples, any error of
/// [`QuantizedLinear::from_linear`] or [`QuantizedConv2d::from_conv2d`] (e.g. samples of
/// the wrong shape), and [`QuantError::UnsupportedLayer`] for a layer that cannot be
/// converted (e.g. an attention block).
///
/// ```
/// use tinytorch_activations::Relu;
/// use tinytorch_layers::{Linear, Module, Sequential};
/// use tinytorch_quantization::{QuantizedLayer, quantize_model};
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let mut rng = seeded_rng(0);
/// let model = Sequential::new().add(Linear::new(8, 4, &mut rng)).add(Relu).add(Linear::new(4, 2, &mut rng));
/// let calibration = vec![Tensor::randn(&[64, 8], &mut rng)];
/// let q = quantize_model(&model, &calibration).unwrap();
/// assert_eq!(q.layers.len(), 3);
/// assert_eq!(q.layers[1], QuantizedLayer::Relu);
/// assert_eq!(q.forward(&Tensor::zeros(&[5, 8])).shape(), &[5, 2]);
/// ```
pub fn quantize_model(
    model: &Sequential,
    calibration: &[Tensor],
) -> Result<QuantizedModel, QuantError> {
    // BEGIN SOLUTION 15.6
    if calibration.is_empty() {
        return Err(QuantError::NoCalibrationData);
    }
    let mut activations = calibration.to_vec();
    let mut layers = Vec::with_capacity(model.len());
    for module in model.layers() {
        let module = module.as_ref();
        let any = module.as_any();
        let layer = if let Some(linear) = any.downcast_ref::<Linear>() {
            QuantizedLayer::Linear(QuantizedLinear::from_linear(linear, &activations)?)
        } else if let Some(conv) = any.downcast_ref::<Conv2d>() {
            QuantizedLayer::Conv2d(QuantizedConv2d::from_conv2d(conv, &activations)?)
        } else {
            QuantizedLayer::parameter_free(module)?
        };
        // The next layer is calibrated on what this (quantized) layer outputs.
        activations = activations.iter().map(|a| layer.forward(a)).collect();
        layers.push(layer);
    }
    Ok(QuantizedModel { layers })
    // END SOLUTION
}

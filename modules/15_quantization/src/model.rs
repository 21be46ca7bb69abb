//! `QuantizedModel`: a `Sequential` whose `Linear` layers run on INT8 (shared code; the
//! conversion is task 15.5, in `reference/model.rs`).

use crate::{QuantError, QuantizedLinear};
use tinytorch_activations::{Gelu, Relu, Sigmoid, Tanh};
use tinytorch_convolutions::{Conv2d, Flatten};
use tinytorch_layers::{Dropout, Module};
use tinytorch_tensor::Tensor;

/// One layer of a [`QuantizedModel`]: an INT8 linear layer, or a parameter-free f32 op.
#[derive(Clone, Debug, PartialEq)]
pub enum QuantizedLayer {
    /// A `Linear` run on INT8.
    Linear(QuantizedLinear),
    /// ReLU, in f32.
    Relu,
    /// Sigmoid, in f32.
    Sigmoid,
    /// Tanh, in f32.
    Tanh,
    /// GELU, in f32.
    Gelu,
    /// `[N, ...] -> [N, prod(...)]`.
    Flatten,
    /// The identity (what `Dropout` is at inference).
    Identity,
}

impl QuantizedLayer {
    /// The parameter-free layer that `module` is (ReLU, Sigmoid, Tanh, GELU, Flatten;
    /// Dropout becomes the identity, which it is at inference).
    ///
    /// # Errors
    /// [`QuantError::UnsupportedLayer`] for anything else: a `Linear` must go through
    /// [`QuantizedLinear::from_linear`]; `Conv2d` quantization is not supported yet.
    ///
    /// ```
    /// use tinytorch_activations::Relu;
    /// use tinytorch_quantization::QuantizedLayer;
    /// assert_eq!(QuantizedLayer::parameter_free(&Relu).unwrap(), QuantizedLayer::Relu);
    /// ```
    pub fn parameter_free(module: &dyn Module) -> Result<QuantizedLayer, QuantError> {
        let any = module.as_any();
        let layer = if any.is::<Relu>() {
            QuantizedLayer::Relu
        } else if any.is::<Sigmoid>() {
            QuantizedLayer::Sigmoid
        } else if any.is::<Tanh>() {
            QuantizedLayer::Tanh
        } else if any.is::<Gelu>() {
            QuantizedLayer::Gelu
        } else if any.is::<Flatten>() {
            QuantizedLayer::Flatten
        } else if any.is::<Dropout>() {
            QuantizedLayer::Identity
        } else {
            let reason = if any.is::<Conv2d>() {
                "Conv2d quantization: not supported yet (it would run as im2col + gemm_i8)"
            } else {
                "only Linear and parameter-free layers (ReLU, Sigmoid, Tanh, GELU, Flatten, \
                 Dropout) are supported"
            };
            return Err(QuantError::UnsupportedLayer {
                layer: module.name(),
                reason: reason.to_string(),
            });
        };
        Ok(layer)
    }

    /// The layer applied to `x`.
    ///
    /// # Panics
    /// As the layer's own forward (e.g. a shape that does not fit a linear layer).
    pub fn forward(&self, x: &Tensor) -> Tensor {
        match self {
            QuantizedLayer::Linear(linear) => linear.forward(x),
            QuantizedLayer::Relu => Relu.forward(x),
            QuantizedLayer::Sigmoid => Sigmoid.forward(x),
            QuantizedLayer::Tanh => Tanh.forward(x),
            QuantizedLayer::Gelu => Gelu.forward(x),
            QuantizedLayer::Flatten => Flatten.forward(x),
            QuantizedLayer::Identity => x.clone(),
        }
    }

    /// The name this layer has in a saved file: `linear`, `relu`, `sigmoid`, `tanh`,
    /// `gelu`, `flatten` or `identity`.
    pub fn kind(&self) -> &'static str {
        match self {
            QuantizedLayer::Linear(_) => "linear",
            QuantizedLayer::Relu => "relu",
            QuantizedLayer::Sigmoid => "sigmoid",
            QuantizedLayer::Tanh => "tanh",
            QuantizedLayer::Gelu => "gelu",
            QuantizedLayer::Flatten => "flatten",
            QuantizedLayer::Identity => "identity",
        }
    }

    /// The parameter-free layer of kind `kind` (see [`QuantizedLayer::kind`]), or `None`
    /// for `linear` or an unknown name.
    pub fn from_kind(kind: &str) -> Option<QuantizedLayer> {
        Some(match kind {
            "relu" => QuantizedLayer::Relu,
            "sigmoid" => QuantizedLayer::Sigmoid,
            "tanh" => QuantizedLayer::Tanh,
            "gelu" => QuantizedLayer::Gelu,
            "flatten" => QuantizedLayer::Flatten,
            "identity" => QuantizedLayer::Identity,
            _ => return None,
        })
    }
}

/// A model whose linear layers run on INT8 and whose other layers run in f32, in order.
/// Built by [`quantize_model`](crate::quantize_model), saved and loaded with
/// [`save`](crate::save) and [`load`](crate::load).
#[derive(Clone, Debug, PartialEq)]
pub struct QuantizedModel {
    /// The layers, applied in order.
    pub layers: Vec<QuantizedLayer>,
}

impl QuantizedModel {
    /// Every layer applied in turn to `x`.
    ///
    /// # Panics
    /// As the layers' forward (e.g. an input whose last axis does not fit the first layer).
    pub fn forward(&self, x: &Tensor) -> Tensor {
        self.layers
            .iter()
            .fold(x.clone(), |h, layer| layer.forward(&h))
    }

    /// The quantized linear layers, in order.
    pub fn linears(&self) -> impl Iterator<Item = &QuantizedLinear> {
        self.layers.iter().filter_map(|layer| match layer {
            QuantizedLayer::Linear(linear) => Some(linear),
            _ => None,
        })
    }
}

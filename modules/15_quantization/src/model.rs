//! `QuantizedModel`: a `Sequential` whose `Linear` and `Conv2d` layers run on INT8 (shared
//! code; the conversion is task 15.6, in `reference/model.rs`).

use crate::{QuantError, QuantizedConv2d, QuantizedLinear};
use tinytorch_activations::{Gelu, Relu, Sigmoid, Tanh};
use tinytorch_convolutions::{AvgPool2d, Flatten, MaxPool2d};
use tinytorch_layers::{Dropout, Module};
use tinytorch_tensor::Tensor;

/// One layer of a [`QuantizedModel`]: an INT8 linear or convolution layer, or a
/// parameter-free f32 op.
#[derive(Clone, Debug, PartialEq)]
pub enum QuantizedLayer {
    /// A `Linear` run on INT8.
    Linear(QuantizedLinear),
    /// A `Conv2d` run on INT8.
    Conv2d(QuantizedConv2d),
    /// Max pooling, in f32.
    MaxPool2d(MaxPool2d),
    /// Average pooling, in f32.
    AvgPool2d(AvgPool2d),
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
    /// The parameter-free layer that `module` is (ReLU, Sigmoid, Tanh, GELU, Flatten,
    /// MaxPool2d, AvgPool2d; Dropout becomes the identity, which it is at inference).
    ///
    /// # Errors
    /// [`QuantError::UnsupportedLayer`] for anything else: a `Linear` or a `Conv2d` must go
    /// through [`QuantizedLinear::from_linear`] or [`QuantizedConv2d::from_conv2d`].
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
        } else if let Some(pool) = any.downcast_ref::<MaxPool2d>() {
            QuantizedLayer::MaxPool2d(*pool)
        } else if let Some(pool) = any.downcast_ref::<AvgPool2d>() {
            QuantizedLayer::AvgPool2d(*pool)
        } else {
            return Err(QuantError::UnsupportedLayer {
                layer: module.name(),
                reason: "only Linear, Conv2d and parameter-free layers (ReLU, Sigmoid, Tanh, \
                         GELU, Flatten, MaxPool2d, AvgPool2d, Dropout) are supported"
                    .to_string(),
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
            QuantizedLayer::Conv2d(conv) => conv.forward(x),
            QuantizedLayer::MaxPool2d(pool) => pool.forward(x),
            QuantizedLayer::AvgPool2d(pool) => pool.forward(x),
            QuantizedLayer::Relu => Relu.forward(x),
            QuantizedLayer::Sigmoid => Sigmoid.forward(x),
            QuantizedLayer::Tanh => Tanh.forward(x),
            QuantizedLayer::Gelu => Gelu.forward(x),
            QuantizedLayer::Flatten => Flatten.forward(x),
            QuantizedLayer::Identity => x.clone(),
        }
    }

    /// The name of this layer in a saved file: `linear`, `conv2d:STRIDE:PADDING`,
    /// `maxpool2d:KERNEL:STRIDE`, `avgpool2d:KERNEL:STRIDE`, `relu`, `sigmoid`, `tanh`,
    /// `gelu`, `flatten` or `identity`. (A convolution's kernel size and channels are
    /// the shape of its stored weight.)
    ///
    /// ```
    /// use tinytorch_convolutions::MaxPool2d;
    /// use tinytorch_quantization::QuantizedLayer;
    /// let pool = QuantizedLayer::MaxPool2d(MaxPool2d::new(2).unwrap());
    /// assert_eq!(pool.kind(), "maxpool2d:2:2");
    /// assert_eq!(QuantizedLayer::from_kind("maxpool2d:2:2"), Some(pool));
    /// ```
    pub fn kind(&self) -> String {
        match self {
            QuantizedLayer::Linear(_) => "linear".into(),
            QuantizedLayer::Conv2d(conv) => format!("conv2d:{}:{}", conv.stride, conv.padding),
            QuantizedLayer::MaxPool2d(p) => format!("maxpool2d:{}:{}", p.kernel(), p.stride()),
            QuantizedLayer::AvgPool2d(p) => format!("avgpool2d:{}:{}", p.kernel(), p.stride()),
            QuantizedLayer::Relu => "relu".into(),
            QuantizedLayer::Sigmoid => "sigmoid".into(),
            QuantizedLayer::Tanh => "tanh".into(),
            QuantizedLayer::Gelu => "gelu".into(),
            QuantizedLayer::Flatten => "flatten".into(),
            QuantizedLayer::Identity => "identity".into(),
        }
    }

    /// The parameter-free layer of kind `kind` (see [`QuantizedLayer::kind`]), or `None`
    /// for `linear`, `conv2d:..`, an unknown name or a pooling with invalid numbers.
    pub fn from_kind(kind: &str) -> Option<QuantizedLayer> {
        if let Some((kernel, stride)) = two_numbers(kind, "maxpool2d") {
            return MaxPool2d::with_stride(kernel, stride)
                .ok()
                .map(QuantizedLayer::MaxPool2d);
        }
        if let Some((kernel, stride)) = two_numbers(kind, "avgpool2d") {
            return AvgPool2d::with_stride(kernel, stride)
                .ok()
                .map(QuantizedLayer::AvgPool2d);
        }
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

/// `(a, b)` for a kind `"{name}:{a}:{b}"` with two unsigned numbers, else `None`.
pub(crate) fn two_numbers(kind: &str, name: &str) -> Option<(usize, usize)> {
    let rest = kind.strip_prefix(name)?.strip_prefix(':')?;
    let (a, b) = rest.split_once(':')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// A model whose linear and convolution layers run on INT8 and whose other layers run in
/// f32, in order. Built by [`quantize_model`](crate::quantize_model), saved and loaded
/// with [`save`](crate::save) and [`load`](crate::load).
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

    /// The quantized convolutions, in order.
    pub fn convs(&self) -> impl Iterator<Item = &QuantizedConv2d> {
        self.layers.iter().filter_map(|layer| match layer {
            QuantizedLayer::Conv2d(conv) => Some(conv),
            _ => None,
        })
    }

    /// The bytes of tensor data [`save`](crate::save) writes for this model: the sum of
    /// the layers' `stored_bytes`. [`stored_size`](crate::stored_size) measures the same
    /// from the file (its `weight_bytes`), plus the header.
    pub fn stored_bytes(&self) -> usize {
        self.linears()
            .map(QuantizedLinear::stored_bytes)
            .sum::<usize>()
            + self
                .convs()
                .map(QuantizedConv2d::stored_bytes)
                .sum::<usize>()
    }
}

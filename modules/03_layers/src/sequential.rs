//! The `Sequential` container and its builder (shared code). Its forward pass and
//! parameter naming are the exercise, in `reference/sequential.rs`.

use crate::Module;
use std::fmt;

/// Layers applied one after the other: the output of layer `i` is the input of layer
/// `i + 1`. A `Sequential` is itself a [`Module`], so networks nest.
///
/// ```
/// use tinytorch_activations::Relu;
/// use tinytorch_layers::{Linear, Module, Sequential};
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let mut rng = seeded_rng(0);
/// let mlp = Sequential::new()
///     .add(Linear::new(784, 128, &mut rng))
///     .add(Relu)
///     .add(Linear::new(128, 10, &mut rng));
/// assert_eq!(mlp.name(), "Sequential(3 layers)");
/// assert_eq!(mlp.forward(&Tensor::zeros(&[32, 784])).shape(), &[32, 10]);
/// let names: Vec<String> = mlp.named_parameters().into_iter().map(|(n, _)| n).collect();
/// assert_eq!(names, ["0.weight", "0.bias", "2.weight", "2.bias"]);
/// ```
#[derive(Default)]
pub struct Sequential {
    pub(crate) layers: Vec<Box<dyn Module>>,
}

impl Sequential {
    /// An empty network (its forward is the identity).
    pub fn new() -> Sequential {
        Sequential::default()
    }

    /// The network with `layer` appended (builder style).
    // Not `std::ops::Add`: this appends a layer (any `Module`), it does not add networks.
    #[allow(clippy::should_implement_trait)]
    #[must_use = "`add` returns the extended network; use `push` to extend in place"]
    pub fn add(mut self, layer: impl Module + 'static) -> Sequential {
        self.push(layer);
        self
    }

    /// Appends `layer`.
    pub fn push(&mut self, layer: impl Module + 'static) {
        self.layers.push(Box::new(layer));
    }

    /// The number of layers (not nested: a `Sequential` inside counts as one).
    pub fn len(&self) -> usize {
        self.layers.len()
    }

    /// Whether there are no layers.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// The layers, in order.
    pub fn layers(&self) -> &[Box<dyn Module>] {
        &self.layers
    }

    /// The layers, in order, for replacing one in place (e.g. by a quantized version).
    pub fn layers_mut(&mut self) -> &mut [Box<dyn Module>] {
        &mut self.layers
    }
}

impl fmt::Debug for Sequential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.layers.iter().map(|layer| layer.name()).collect();
        f.debug_tuple("Sequential").field(&names).finish()
    }
}

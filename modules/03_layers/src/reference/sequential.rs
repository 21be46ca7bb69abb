//! Task 03.4: the forward pass and parameter names of `Sequential`.

use crate::{Module, Parameter, Sequential};
use tinytorch_tensor::Tensor;

impl Module for Sequential {
    /// Feeds `x` through every layer in order; an empty network returns `x`.
    ///
    /// # Panics
    /// If a layer panics on the shape it receives (e.g. a `Linear` whose `in_features` is
    /// not the previous layer's output size).
    fn forward(&self, x: &Tensor) -> Tensor {
        // BEGIN SOLUTION 03.4
        let mut h = x.clone();
        for layer in &self.layers {
            h = layer.forward(&h);
        }
        h
        // END SOLUTION
    }

    /// Each layer's parameters, its names prefixed with the layer's index:
    /// `0.weight`, `0.bias`, `2.weight`, ... (nested: `1.0.weight`).
    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        // BEGIN SOLUTION 03.4
        let mut named = Vec::new();
        for (index, layer) in self.layers.iter().enumerate() {
            for (name, parameter) in layer.named_parameters() {
                named.push((format!("{index}.{name}"), parameter));
            }
        }
        named
        // END SOLUTION
    }

    /// Sets the mode of every layer (so a `Dropout` inside follows `train()` / `eval()`).
    fn set_training(&mut self, training: bool) {
        // BEGIN SOLUTION 03.4
        for layer in &mut self.layers {
            layer.set_training(training);
        }
        // END SOLUTION
    }

    fn name(&self) -> String {
        let n = self.layers.len();
        format!("Sequential({n} layer{})", if n == 1 { "" } else { "s" })
    }
}

//! Task 13.2: the feed-forward (MLP) block.

use crate::FeedForward;
use tinytorch_activations::gelu;
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

impl Module for FeedForward {
    /// `fc2(gelu(fc1(x)))` for `x` of shape `[..., D]`, giving `[..., D]`: every token is
    /// transformed on its own (the leading axes only batch the matmuls).
    ///
    /// # Panics
    /// If the last axis of `x` is not `D` (from `fc1`).
    fn forward(&self, x: &Tensor) -> Tensor {
        // BEGIN SOLUTION 13.2
        let hidden = gelu(&self.fc1.forward(x));
        self.fc2.forward(&hidden)
        // END SOLUTION
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        let mut named = Vec::new();
        for (prefix, layer) in [("fc1", &self.fc1), ("fc2", &self.fc2)] {
            for (name, p) in layer.named_parameters() {
                named.push((format!("{prefix}.{name}"), p));
            }
        }
        named
    }

    fn name(&self) -> String {
        format!(
            "FeedForward({} -> {} -> {})",
            self.d_model(),
            self.hidden(),
            self.d_model()
        )
    }
}

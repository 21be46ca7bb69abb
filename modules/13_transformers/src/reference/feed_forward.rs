//! Task 13.2: the feed-forward (MLP) block.

use crate::FeedForward;
use crate::named_parameters::prefixed_parameters;
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
        prefixed_parameters([("fc1", &self.fc1), ("fc2", &self.fc2)])
    }

    fn name(&self) -> String {
        let (d, h) = (self.d_model(), self.hidden());
        format!("FeedForward({d} -> {h} -> {d})")
    }
}

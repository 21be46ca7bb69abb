//! Module 02's activations as modules (shared code), so that a `Sequential` can hold a
//! `Relu` between two `Linear` layers. They have no parameters and behave the same in
//! training and evaluation, so only `forward` and `name` are needed.

use crate::Module;
use tinytorch_activations::{Gelu, LogSoftmax, Relu, Sigmoid, Softmax, Tanh};
use tinytorch_tensor::Tensor;

/// `impl Module` for an activation struct whose inherent `forward` does the work.
macro_rules! activation_module {
    ($layer:ty, |$this:ident| $name:expr) => {
        impl Module for $layer {
            fn forward(&self, x: &Tensor) -> Tensor {
                // The inherent method (module 02), not this trait method.
                <$layer>::forward(self, x)
            }

            fn name(&self) -> String {
                let $this = self;
                $name
            }
        }
    };
}

activation_module!(Relu, |_this| "ReLU".to_string());
activation_module!(Sigmoid, |_this| "Sigmoid".to_string());
activation_module!(Tanh, |_this| "Tanh".to_string());
activation_module!(Gelu, |_this| "GELU".to_string());
activation_module!(Softmax, |this| format!("Softmax(axis={})", this.axis));
activation_module!(LogSoftmax, |this| format!("LogSoftmax(axis={})", this.axis));

//! Module 02 exercises: free functions over [`Tensor`](tinytorch_tensor::Tensor).

mod pointwise;
mod softmax;

pub use pointwise::{gelu, relu, sigmoid, tanh};
pub use softmax::{log_softmax, softmax};

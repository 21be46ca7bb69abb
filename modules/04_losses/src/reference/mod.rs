//! Module 04 exercises: loss functions over [`Tensor`](tinytorch_tensor::Tensor).

mod bce;
mod cross_entropy;
mod mse;
mod reduce;

pub use bce::binary_cross_entropy;
pub use cross_entropy::cross_entropy;
pub use mse::mse_loss;

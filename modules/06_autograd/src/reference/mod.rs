//! Module 06 exercises: the backward driver and one backward rule per [`Op`] variant.
//!
//! [`Op`]: tinytorch_tensor::Op

mod activations;
mod backward;
mod broadcast;
mod elementwise;
mod loss;
mod matmul;
mod reductions;
mod shape;

pub use backward::{backward, backward_with, topological_order};
pub use broadcast::reduce_to_shape;

pub(crate) use activations::{
    gelu_grad, log_softmax_grad, relu_grad, sigmoid_grad, softmax_grad, tanh_grad,
};
pub(crate) use elementwise::{
    clamp_grad, div_grad, exp_grad, log_grad, mul_grad, powf_grad, sqrt_grad, sub_grad,
};
pub(crate) use loss::cross_entropy_grad;
pub(crate) use matmul::matmul_grad;
pub(crate) use reductions::{max_grad, mean_grad, sum_grad};
pub(crate) use shape::{permute_grad, reshape_grad};

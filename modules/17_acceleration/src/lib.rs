#![doc = include_str!("../README.md")]

mod activation;
mod batch;
mod error;
mod fused_linear;
mod kernel;
mod linear;
mod shapes;
mod threads;
mod unfused;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use activation::Activation;
pub use error::AccelError;
pub use fused_linear::FusedLinear;
pub use imp::{
    batched_forward, bias_act_inplace, fused_scaled_masked_softmax, matmul_blocked, matmul_naive,
    matmul_parallel, matmul_reordered, row_chunks, with_threads,
};
pub use kernel::{Kernel, matmul_ndarray};
pub use linear::{linear_bias_act, linear_bias_gelu, linear_bias_relu};
pub use threads::thread_pool;
pub use unfused::{unfused_linear_bias_act, unfused_scaled_masked_softmax};

tinytorch_tensor::module_edition!(
    "17",
    [tinytorch_tensor, tinytorch_activations, tinytorch_layers]
);

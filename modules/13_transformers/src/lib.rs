#![doc = include_str!("../README.md")]

mod block;
mod error;
mod feed_forward;
mod gpt;
mod layer_norm;
mod named_parameters;
mod sampling;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use block::TransformerBlock;
pub use error::ModelError;
pub use feed_forward::FeedForward;
pub use gpt::{Gpt, GptConfig};
pub use imp::{layer_norm, sample_token};
pub use layer_norm::LayerNorm;
pub use sampling::Sampling;

tinytorch_tensor::module_edition!(
    "13",
    [
        tinytorch_tensor,
        tinytorch_activations,
        tinytorch_layers,
        tinytorch_autograd,
        tinytorch_embeddings,
        tinytorch_attention
    ]
);

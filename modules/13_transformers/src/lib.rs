#![doc = include_str!("../README.md")]

mod block;
mod error;
mod feed_forward;
mod gpt;
mod layer_norm;
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

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01, 02, 03, 04
/// and 06 through autograd, 11, 12).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_activations::editions(),
            tinytorch_layers::editions(),
            tinytorch_autograd::editions(),
            tinytorch_embeddings::editions(),
            tinytorch_attention::editions(),
        ],
        ModuleEdition::new("13", EDITION),
    )
}

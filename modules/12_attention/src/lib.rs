#![doc = include_str!("../README.md")]

mod error;
mod mha;
mod shape_check;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use error::AttentionError;
pub use imp::{causal_mask, merge_heads, padding_mask, scaled_dot_product_attention, split_heads};
pub use mha::MultiHeadAttention;

tinytorch_tensor::module_edition!(
    "12",
    [tinytorch_tensor, tinytorch_activations, tinytorch_layers]
);

#![doc = include_str!("../README.md")]

mod embedding;
mod error;
mod ops;
mod positional;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use embedding::{Embedding, INIT_STD};
pub use error::EmbeddingError;
pub use imp::{embedding, position_rows, sinusoidal_encoding};
pub use ops::{Gather, RowSlice};
pub use positional::PositionalEmbedding;

tinytorch_tensor::module_edition!("11", [tinytorch_tensor, tinytorch_layers]);

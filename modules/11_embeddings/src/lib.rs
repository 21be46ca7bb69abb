#![doc = include_str!("../README.md")]

mod embedding;
mod error;
mod positional;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use embedding::{Embedding, INIT_STD};
pub use error::EmbeddingError;
pub use imp::{Gather, RowSlice, embedding, position_rows, sinusoidal_encoding};
pub use positional::PositionalEmbedding;

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01, 02, 03).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[tinytorch_tensor::editions(), tinytorch_layers::editions()],
        ModuleEdition::new("11", EDITION),
    )
}

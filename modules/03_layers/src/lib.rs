#![doc = include_str!("../README.md")]

mod activations;
mod dropout;
mod error;
mod linear;
mod module;
mod parameter;
mod sequential;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use dropout::Dropout;
pub use error::LayerError;
pub use linear::Linear;
pub use module::{AsAny, Module};
pub use parameter::Parameter;
pub use sequential::Sequential;

tinytorch_tensor::module_edition!("03", [tinytorch_tensor, tinytorch_activations]);

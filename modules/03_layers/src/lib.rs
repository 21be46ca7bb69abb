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

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01, 02).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_activations::editions(),
        ],
        ModuleEdition::new("03", EDITION),
    )
}

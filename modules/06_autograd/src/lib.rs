#![doc = include_str!("../README.md")]

mod dispatch;
mod error;
mod ext;
mod freeze;
mod gradcheck;
mod gradients;
mod linalg;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use error::{AutogradError, GradCheckError};
pub use ext::BackwardExt;
pub use freeze::{no_grad, set_requires_grad};
pub use gradcheck::{GradCheck, GradCheckReport, check_gradients};
pub use gradients::Gradients;
pub use imp::{backward, backward_with, reduce_to_shape, topological_order};
pub use linalg::batched_matmul;

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01–04).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_activations::editions(),
            tinytorch_layers::editions(),
            tinytorch_losses::editions(),
        ],
        ModuleEdition::new("06", EDITION),
    )
}

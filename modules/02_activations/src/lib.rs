#![doc = include_str!("../README.md")]

mod ext;
mod layers;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use ext::ActivationExt;
pub use imp::{gelu, log_softmax, relu, sigmoid, softmax, tanh};
pub use layers::{Gelu, LogSoftmax, Relu, Sigmoid, Softmax, Tanh};

use tinytorch_tensor::{Edition, ModuleEdition};

/// The cubic coefficient of the course's one GELU (tanh form, Hendrycks & Gimpel 2016):
/// `GELU(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
pub const GELU_COEFF: f32 = 0.044715;

/// `√(2/π) ≈ 0.7978846`, the scale inside the tanh of [`gelu`].
pub const SQRT_2_OVER_PI: f32 = std::f32::consts::FRAC_2_SQRT_PI * std::f32::consts::FRAC_1_SQRT_2;

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[tinytorch_tensor::editions()],
        ModuleEdition::new("02", EDITION),
    )
}

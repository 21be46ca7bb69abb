#![doc = include_str!("../README.md")]

mod ext;
mod layers;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use ext::ActivationExt;
pub use imp::{gelu, log_softmax, relu, sigmoid, softmax, tanh};
pub use layers::{Gelu, LogSoftmax, Relu, Sigmoid, Softmax, Tanh};

/// The cubic coefficient of the course's one GELU (tanh form, Hendrycks & Gimpel 2016):
/// `GELU(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
pub const GELU_COEFF: f32 = 0.044715;

/// `√(2/π) ≈ 0.7978846`, the scale inside the tanh of [`gelu`].
pub const SQRT_2_OVER_PI: f32 = std::f32::consts::FRAC_2_SQRT_PI * std::f32::consts::FRAC_1_SQRT_2;

tinytorch_tensor::module_edition!("02", [tinytorch_tensor]);

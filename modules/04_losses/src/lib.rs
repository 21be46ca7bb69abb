#![doc = include_str!("../README.md")]

mod error;
mod layers;
mod reduction;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use error::LossError;
pub use imp::{binary_cross_entropy, cross_entropy, mse_loss};
pub use layers::{BceLoss, CrossEntropyLoss, MseLoss};
pub use reduction::Reduction;

/// How far [`binary_cross_entropy`] keeps probabilities from 0 and 1: they are clamped to
/// `[BCE_EPSILON, 1 - BCE_EPSILON]`, so the loss of a wrong, certain prediction is about
/// `-ln(1e-7) = 16.1` instead of infinity.
pub const BCE_EPSILON: f32 = 1e-7;

tinytorch_tensor::module_edition!("04", [tinytorch_tensor]);

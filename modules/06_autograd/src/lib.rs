#![doc = include_str!("../README.md")]

mod dispatch;
mod error;
mod ext;
mod freeze;
mod gradcheck;
mod gradients;
mod linalg;
mod worked_rules;

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

tinytorch_tensor::module_edition!(
    "06",
    [
        tinytorch_tensor,
        tinytorch_activations,
        tinytorch_layers,
        tinytorch_losses
    ]
);

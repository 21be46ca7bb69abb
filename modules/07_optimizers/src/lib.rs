#![doc = include_str!("../README.md")]

mod adam;
mod adamw;
mod error;
mod optimizer;
mod schedule;
mod setters;
mod sgd;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use adam::{Adam, AdamConfig, AdamState};
pub use adamw::{AdamW, AdamWConfig};
pub use error::OptimError;
pub use imp::{clip_grad_norm, global_grad_norm};
pub use optimizer::Optimizer;
pub use schedule::{CosineLr, LrSchedule, StepLr, Warmup, apply_schedule};
pub use sgd::{Sgd, SgdConfig};

tinytorch_tensor::module_edition!(
    "07",
    [tinytorch_tensor, tinytorch_layers, tinytorch_autograd]
);

#![doc = include_str!("../README.md")]

mod adam;
mod adamw;
mod error;
mod optimizer;
mod schedule;
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

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01, 02, 03, 04, 06).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_layers::editions(),
            tinytorch_autograd::editions(),
        ],
        ModuleEdition::new("07", EDITION),
    )
}

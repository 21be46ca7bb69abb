#![doc = include_str!("../README.md")]

mod batch;
mod dataset;
mod error;
mod loader;
mod seeding;
mod tensor_dataset;
mod transform;

pub mod digits;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use batch::Batch;
pub use dataset::{Dataset, Example};
pub use digits::{Digits, default_digits_path, load_digits};
pub use error::DataError;
pub use imp::{collate, fisher_yates};
pub use loader::{DataLoader, Epoch};
pub use seeding::{example_rng, shuffle_rng};
pub use tensor_dataset::TensorDataset;
pub use transform::{Compose, Normalize, RandomCrop, RandomHorizontalFlip, Transform};

use tinytorch_tensor::{Edition, ModuleEdition};

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
        ModuleEdition::new("05", EDITION),
    )
}

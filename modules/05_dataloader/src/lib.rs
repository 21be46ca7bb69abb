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

tinytorch_tensor::module_edition!("05", [tinytorch_tensor]);

#![doc = include_str!("../README.md")]

mod entry;
mod error;
mod html;
mod leaderboard;
mod model_file;
mod rules;
mod submission;
mod submit;
mod system;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use entry::{Entry, EventTable, Placing, Standing, Status};
pub use error::CapstoneError;
pub use html::escape_html;
pub use imp::{
    beats, measure, optimized_model, rank, reproduction_failures, sha256_file, validate,
};
pub use leaderboard::{Leaderboard, find_submissions};
pub use model_file::{EntryModel, ModelFormat};
pub use rules::{Event, MIN_ERROR_RATE, Margins, Measured, Rules, Tolerance};
pub use submission::{EditionRecord, Machine, SCHEMA_VERSION, Submission};
pub use submit::{save_baseline, submit};
pub use system::{DigitSystem, MeasureConfig};

tinytorch_tensor::module_edition!(
    "20",
    [
        tinytorch_tensor,
        tinytorch_activations,
        tinytorch_layers,
        tinytorch_dataloader,
        tinytorch_training,
        tinytorch_quantization,
        tinytorch_acceleration,
        tinytorch_benchmarking
    ]
);

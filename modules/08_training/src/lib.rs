#![doc = include_str!("../README.md")]

mod checkpoint;
mod config;
mod digits;
mod error;
mod history;
mod metrics;
mod progress;
mod trainer;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use checkpoint::{CHECKPOINT_FORMAT, CHECKPOINT_VERSION, load_checkpoint, save_checkpoint};
pub use config::TrainConfig;
pub use digits::{DIGITS_SEED, DigitsRun};
pub use error::{CheckpointError, TrainError};
pub use history::{EpochRecord, EpochStats, EvalStats, History, StepStats};
pub use imp::{count_correct, digit_mlp, train_digit_mlp};
pub use metrics::accuracy;
pub use progress::epoch_line;
pub use trainer::Trainer;

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01 to 07).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_activations::editions(),
            tinytorch_layers::editions(),
            tinytorch_losses::editions(),
            tinytorch_dataloader::editions(),
            tinytorch_autograd::editions(),
            tinytorch_optimizers::editions(),
        ],
        ModuleEdition::new("08", EDITION),
    )
}

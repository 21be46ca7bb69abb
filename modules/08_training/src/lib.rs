#![doc = include_str!("../README.md")]

mod checkpoint;
mod config;
mod digits;
mod error;
mod history;
mod metrics;
mod progress;
mod raw_tensor;
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
pub use raw_tensor::RawTensor;
pub use trainer::Trainer;

tinytorch_tensor::module_edition!(
    "08",
    [
        tinytorch_tensor,
        tinytorch_activations,
        tinytorch_layers,
        tinytorch_losses,
        tinytorch_dataloader,
        tinytorch_autograd,
        tinytorch_optimizers
    ]
);

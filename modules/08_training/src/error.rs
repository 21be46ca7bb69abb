//! What can go wrong while training or checkpointing, with messages that say what to do.

use std::fmt;
use std::path::PathBuf;
use tinytorch_autograd::AutogradError;
use tinytorch_losses::LossError;
use tinytorch_optimizers::OptimError;

/// Why a [`Trainer`](crate::Trainer) could not be built, or a training or evaluation run
/// stopped.
///
/// Everything here comes from data or configuration a user supplies (labels, loaders,
/// hyperparameters) or from a run that diverged, so it is reported, never a panic.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainError {
    /// A configuration value is outside its valid range.
    InvalidConfig {
        /// The field of [`TrainConfig`](crate::TrainConfig), e.g. `"grad_clip"`.
        name: &'static str,
        /// The value given, as text.
        value: String,
        /// The valid range.
        valid: &'static str,
    },
    /// The optimizer updates none of the model's parameters: it was built for another
    /// model (a copy made from the same seed is another model).
    OptimizerNotForModel {
        /// How many parameters the model has.
        model: usize,
        /// How many parameters the optimizer updates.
        optimizer: usize,
    },
    /// A loader yields no batch (an empty dataset, or `drop_last` with fewer samples
    /// than one batch): there is nothing to train on or to measure.
    EmptyLoader {
        /// `"training"` or `"evaluation"`.
        during: &'static str,
    },
    /// The loss became NaN or infinite: training diverged.
    NonFiniteLoss {
        /// The update (counted from 0 over the trainer's life) whose loss it was.
        step: usize,
        /// The loss value.
        loss: f32,
    },
    /// The labels do not fit the model's output (e.g. a label >= the number of classes).
    Loss(LossError),
    /// The backward pass could not run (e.g. no parameter requires a gradient).
    Autograd(AutogradError),
    /// The optimizer's configuration is invalid (e.g. a negative learning rate).
    Optimizer(OptimError),
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::InvalidConfig { name, value, valid } => write!(
                f,
                "TrainConfig: {name} = {value} is out of range: it must be {valid}"
            ),
            TrainError::OptimizerNotForModel { model, optimizer } => write!(
                f,
                "the optimizer updates {optimizer} parameters, none of them the model's {model}: \
                 build it from this model's parameters (`model.parameters()`), after building the model"
            ),
            TrainError::EmptyLoader { during } => write!(
                f,
                "{during}: the loader yields no batch (empty dataset, or drop_last with fewer \
                 samples than one batch): give it data or a smaller batch size"
            ),
            TrainError::NonFiniteLoss { step, loss } => write!(
                f,
                "the loss is {loss} at update {step}: training diverged; lower the learning rate \
                 or set TrainConfig::grad_clip"
            ),
            TrainError::Loss(e) => write!(f, "computing the loss: {e}"),
            TrainError::Autograd(e) => write!(f, "computing the gradients: {e}"),
            TrainError::Optimizer(e) => write!(f, "building the optimizer: {e}"),
        }
    }
}

impl std::error::Error for TrainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TrainError::Loss(e) => Some(e),
            TrainError::Autograd(e) => Some(e),
            TrainError::Optimizer(e) => Some(e),
            _ => None,
        }
    }
}

impl From<LossError> for TrainError {
    fn from(e: LossError) -> Self {
        TrainError::Loss(e)
    }
}

impl From<OptimError> for TrainError {
    fn from(e: OptimError) -> Self {
        TrainError::Optimizer(e)
    }
}

impl From<AutogradError> for TrainError {
    fn from(e: AutogradError) -> Self {
        TrainError::Autograd(e)
    }
}

/// Why [`save_checkpoint`](crate::save_checkpoint) or
/// [`load_checkpoint`](crate::load_checkpoint) failed. Every message names the file.
///
/// A failed load changes nothing: every tensor is checked before the first parameter is
/// set, so a model is never left half loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckpointError {
    /// There is no file at the path.
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// The file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        message: String,
    },
    /// The file is not a valid safetensors file: truncated, corrupt, or something else.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the parser found wrong.
        reason: String,
    },
    /// A valid safetensors file, but not a checkpoint written by this course
    /// (its `format` metadata is missing or different).
    NotACheckpoint {
        /// The file.
        path: PathBuf,
        /// The `format` metadata found, if any.
        format: Option<String>,
    },
    /// A checkpoint in a format version this code does not read (written by newer code).
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: String,
        /// The newest version this code reads.
        supported: u32,
    },
    /// A parameter of the model has no tensor in the file.
    MissingTensor {
        /// The file.
        path: PathBuf,
        /// The parameter's name, e.g. `"2.weight"`.
        name: String,
    },
    /// The file holds a tensor the model has no parameter for.
    UnexpectedTensor {
        /// The file.
        path: PathBuf,
        /// The tensor's name.
        name: String,
    },
    /// A tensor's shape differs from its parameter's.
    ShapeMismatch {
        /// The file.
        path: PathBuf,
        /// The parameter's name.
        name: String,
        /// The parameter's shape in the model.
        expected: Vec<usize>,
        /// The tensor's shape in the file.
        found: Vec<usize>,
    },
    /// A tensor is not stored as 32-bit floats.
    WrongDtype {
        /// The file.
        path: PathBuf,
        /// The tensor's name.
        name: String,
        /// The dtype found, e.g. `"F16"`.
        dtype: String,
    },
    /// Two parameters of the model have the same name, so a checkpoint cannot tell them
    /// apart (a bug in the model's `named_parameters`).
    DuplicateName {
        /// The repeated name.
        name: String,
    },
}

impl fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckpointError::NotFound { path } => write!(
                f,
                "no checkpoint at {}: check the path, or train and save one first",
                path.display()
            ),
            CheckpointError::Io { path, message } => {
                write!(f, "checkpoint {}: {message}", path.display())
            }
            CheckpointError::Corrupt { path, reason } => write!(
                f,
                "{} is not a valid safetensors checkpoint ({reason}): the file is truncated or \
                 corrupt; save the model again",
                path.display()
            ),
            CheckpointError::NotACheckpoint { path, format } => write!(
                f,
                "{} is a safetensors file but not a tinytorch checkpoint (format: {}): save it \
                 with save_checkpoint",
                path.display(),
                format.as_deref().unwrap_or("missing")
            ),
            CheckpointError::UnsupportedVersion {
                path,
                found,
                supported,
            } => write!(
                f,
                "{} has checkpoint format version {found}, but this code reads versions up to \
                 {supported}: it was written by a newer version of the course; update your code",
                path.display()
            ),
            CheckpointError::MissingTensor { path, name } => write!(
                f,
                "{} has no tensor for parameter {name:?}: it was saved from another model; load \
                 it into the architecture that saved it",
                path.display()
            ),
            CheckpointError::UnexpectedTensor { path, name } => write!(
                f,
                "{} holds tensor {name:?}, which the model has no parameter for: it was saved \
                 from another model; load it into the architecture that saved it",
                path.display()
            ),
            CheckpointError::ShapeMismatch {
                path,
                name,
                expected,
                found,
            } => write!(
                f,
                "{}: tensor {name:?} has shape {found:?}, but the model's parameter has shape \
                 {expected:?}: build the model with the sizes it was saved with",
                path.display()
            ),
            CheckpointError::WrongDtype { path, name, dtype } => write!(
                f,
                "{}: tensor {name:?} is stored as {dtype}, but checkpoints hold F32: convert it \
                 to float32, or save it again with save_checkpoint",
                path.display()
            ),
            CheckpointError::DuplicateName { name } => write!(
                f,
                "two parameters of the model are named {name:?}: a checkpoint could not tell them \
                 apart; give each a unique name in named_parameters"
            ),
        }
    }
}

impl std::error::Error for CheckpointError {}

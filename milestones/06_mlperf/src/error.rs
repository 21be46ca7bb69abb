//! What can go wrong while training, loading or saving the milestone's networks, with
//! messages that say what was wrong and what to do.

use std::fmt;
use std::path::PathBuf;
use tinytorch_milestone_kit::MilestoneError;
use tinytorch_training::CheckpointError;

/// Why [`train_or_load`](crate::train_or_load) (or the `train_networks` binary) stopped.
///
/// Everything here comes from something a user supplies or controls (a data file, a
/// checkpoint directory, a command-line value) or from a training run that failed: it is
/// reported, never a panic.
#[derive(Clone, Debug, PartialEq)]
pub enum MlperfError {
    /// A network name that is not one of the milestone's networks.
    UnknownNetwork {
        /// The name given.
        given: String,
    },
    /// A data set the recipe needs could not be loaded (missing or malformed file).
    Data {
        /// Which data set, e.g. `"the digits"`.
        what: &'static str,
        /// What the loader said (it names the file).
        message: String,
    },
    /// A file or directory could not be created, read or written.
    Io {
        /// The path.
        path: PathBuf,
        /// What failed, what the operating system said, and what to do.
        message: String,
    },
    /// The checkpoint is missing, corrupt, of another architecture or stale, and
    /// retraining was forbidden ([`Retrain::Never`](crate::Retrain::Never)).
    Unusable {
        /// The network's name.
        network: &'static str,
        /// The checkpoint file.
        path: PathBuf,
        /// Why it cannot be used.
        reason: String,
    },
    /// Writing the trained network's checkpoint failed.
    Save(CheckpointError),
    /// A compressed-model file is not one this code wrote, or is damaged.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A step other than training failed: generating text, quantizing, profiling,
    /// benchmarking. `what` names the step, so the message says what failed.
    Failed {
        /// The step, e.g. `"greedy generation with gpt_tinytalk"`.
        what: String,
        /// What went wrong.
        message: String,
    },
    /// The training run of a network stopped with an error.
    Training {
        /// The network's name.
        network: &'static str,
        /// What went wrong.
        message: String,
    },
}

impl fmt::Display for MlperfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MlperfError::UnknownNetwork { given } => write!(
                f,
                "unknown network {given:?}: use one of mlp, cnn, gpt (both GPTs), \
                 gpt-reversal, gpt-tinytalk"
            ),
            MlperfError::Data { what, message } => write!(
                f,
                "could not load {what}: {message} (the course ships it under data/; restore \
                 it with `git checkout -- data`)"
            ),
            MlperfError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            MlperfError::Unusable {
                network,
                path,
                reason,
            } => write!(
                f,
                "{network}: the checkpoint {} cannot be used: {reason}; retraining is off \
                 (--no-retrain): run without --no-retrain, or with --retrain, to train it again",
                path.display()
            ),
            MlperfError::Save(e) => write!(f, "saving a trained network: {e}"),
            MlperfError::Corrupt { path, reason } => write!(
                f,
                "{}: not a usable compressed model: {reason} (delete it; the milestone writes \
                 it again)",
                path.display()
            ),
            MlperfError::Failed { what, message } => write!(f, "{what} failed: {message}"),
            MlperfError::Training { network, message } => {
                write!(f, "training {network} failed: {message}")
            }
        }
    }
}

impl std::error::Error for MlperfError {}

impl From<MilestoneError> for MlperfError {
    fn from(e: MilestoneError) -> Self {
        match e {
            MilestoneError::Input { message } => MlperfError::Training {
                network: "the milestone",
                message,
            },
            MilestoneError::Data { what, message } => MlperfError::Data { what, message },
            MilestoneError::Io { path, message } => MlperfError::Io { path, message },
            MilestoneError::Unusable {
                network,
                path,
                reason,
            } => MlperfError::Unusable {
                network,
                path,
                reason,
            },
            MilestoneError::Training { network, message } => {
                MlperfError::Training { network, message }
            }
        }
    }
}

impl From<CheckpointError> for MlperfError {
    fn from(e: CheckpointError) -> Self {
        MlperfError::Save(e)
    }
}

/// An error of `network`'s training run as an [`MlperfError::Training`].
pub(crate) fn training(network: &'static str, e: impl fmt::Display) -> MlperfError {
    MlperfError::Training {
        network,
        message: e.to_string(),
    }
}

/// A failure of the step `what` (not a training run) as an [`MlperfError::Failed`].
pub(crate) fn failed(what: impl Into<String>, e: impl fmt::Display) -> MlperfError {
    MlperfError::Failed {
        what: what.into(),
        message: e.to_string(),
    }
}

//! What can go wrong while training, loading or saving the milestone's networks, with
//! messages that say what was wrong and what to do.

use std::fmt;
use std::path::PathBuf;
use tinytorch_milestone_kit::MilestoneError;
use tinytorch_training::CheckpointError;

/// Why [`train_or_load`](crate::train_or_load), the `train_networks` binary or a part of
/// the milestone stopped.
///
/// Everything here comes from something a user supplies or controls (a data file, a
/// checkpoint directory, a command-line value, a compressed-model file) or from a run that
/// failed: it is reported, never a panic.
#[derive(Clone, Debug, PartialEq)]
pub enum MlperfError {
    /// What every milestone can hit: bad input, a data set, a file, an unusable
    /// checkpoint, a failed training run (the kit's [`MilestoneError`]).
    Milestone(MilestoneError),
    /// A network name that is not one of the milestone's networks.
    UnknownNetwork {
        /// The name given.
        given: String,
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
}

impl fmt::Display for MlperfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MlperfError::Milestone(e) => e.fmt(f),
            MlperfError::UnknownNetwork { given } => write!(
                f,
                "unknown network {given:?}: use one of mlp, cnn, gpt (both GPTs), \
                 gpt-reversal, gpt-tinytalk"
            ),
            MlperfError::Save(e) => write!(f, "saving a trained network: {e}"),
            MlperfError::Corrupt { path, reason } => write!(
                f,
                "{}: not a usable compressed model: {reason} (delete it; the milestone writes \
                 it again)",
                path.display()
            ),
            MlperfError::Failed { what, message } => write!(f, "{what} failed: {message}"),
        }
    }
}

impl std::error::Error for MlperfError {}

impl From<MilestoneError> for MlperfError {
    fn from(e: MilestoneError) -> Self {
        MlperfError::Milestone(e)
    }
}

impl From<CheckpointError> for MlperfError {
    fn from(e: CheckpointError) -> Self {
        MlperfError::Save(e)
    }
}

/// An error of `network`'s training run ([`MilestoneError::Training`]).
pub(crate) fn training(network: &'static str, e: impl fmt::Display) -> MlperfError {
    tinytorch_milestone_kit::training(network, e).into()
}

/// A file or directory at `path` that could not be created, read or written
/// ([`MilestoneError::Io`]); `message` says what failed and what to do.
pub(crate) fn io(path: &std::path::Path, message: impl Into<String>) -> MlperfError {
    MilestoneError::Io {
        path: path.to_path_buf(),
        message: message.into(),
    }
    .into()
}

/// A failure of the step `what` (not a training run) as an [`MlperfError::Failed`].
pub(crate) fn failed(what: impl Into<String>, e: impl fmt::Display) -> MlperfError {
    MlperfError::Failed {
        what: what.into(),
        message: e.to_string(),
    }
}

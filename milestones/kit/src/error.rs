//! What can go wrong in a milestone run that is the user's to fix (a data file, a
//! checkpoint directory, a command-line value) or a training run that failed, with
//! messages that say what was wrong and what to do. Reported, never a panic.

use std::fmt;
use std::path::PathBuf;

/// Why a milestone stopped before it could judge its gates (exit code 2).
#[derive(Clone, Debug, PartialEq)]
pub enum MilestoneError {
    /// A command-line value or a combination of them that cannot work.
    Input {
        /// What was wrong and what to pass instead.
        message: String,
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
    /// The training (or evaluation) run of a network stopped with an error.
    Training {
        /// The network's name.
        network: &'static str,
        /// What went wrong.
        message: String,
    },
}

impl fmt::Display for MilestoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MilestoneError::Input { message } => f.write_str(message),
            MilestoneError::Data { what, message } => write!(
                f,
                "could not load {what}: {message} (the course ships it under data/; restore \
                 it with `git checkout -- data`)"
            ),
            MilestoneError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            MilestoneError::Unusable {
                network,
                path,
                reason,
            } => write!(
                f,
                "{network}: the checkpoint {} cannot be used: {reason}; retraining is off \
                 (--no-retrain): run without --no-retrain, or with --retrain, to train it again",
                path.display()
            ),
            MilestoneError::Training { network, message } => {
                write!(f, "training {network} failed: {message}")
            }
        }
    }
}

impl std::error::Error for MilestoneError {}

/// An error of `network`'s training run as a [`MilestoneError::Training`].
///
/// ```
/// let e = tinytorch_milestone_kit::training("digit_mlp", "loss is NaN");
/// assert_eq!(e.to_string(), "training digit_mlp failed: loss is NaN");
/// ```
pub fn training(network: &'static str, e: impl fmt::Display) -> MilestoneError {
    MilestoneError::Training {
        network,
        message: e.to_string(),
    }
}

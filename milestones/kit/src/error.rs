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

/// Sets a failure of your modules apart from bad input: `Ok(Some(value))`; `Ok(None)`, after
/// printing `your modules stopped WHAT: ERROR`, for a [`MilestoneError::Training`] (the
/// milestone then fails a named gate, exit 1); any other error (bad input, exit 2) as it is.
///
/// ```
/// use tinytorch_milestone_kit::{MilestoneError, stopped_by_modules, training};
/// let stopped: Result<u8, _> = Err(training("xor", "the loss is NaN"));
/// assert_eq!(stopped_by_modules("the XOR run", stopped), Ok(None));
/// let bad: Result<u8, _> = Err(MilestoneError::Input { message: "--lr".into() });
/// assert!(stopped_by_modules("the XOR run", bad).is_err());
/// ```
///
/// # Errors
/// `result`'s error when it is not a training error.
pub fn stopped_by_modules<T>(
    what: &str,
    result: Result<T, MilestoneError>,
) -> Result<Option<T>, MilestoneError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e @ MilestoneError::Training { .. }) => {
            println!("your modules stopped {what}: {e}\n");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

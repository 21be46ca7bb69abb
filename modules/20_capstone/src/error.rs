//! Errors of the capstone. Submissions, model files and command-line arguments come from
//! students and instructors, so anything wrong with them is reported with what was wrong
//! and what to do, never a panic.

use std::fmt;
use std::path::PathBuf;

/// What kept a submission from being read, checked, measured or written.
#[derive(Clone, Debug, PartialEq)]
pub enum CapstoneError {
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        message: String,
    },
    /// The submission is not JSON, or not a JSON object of the expected shape.
    Json {
        /// What the parser said, with the line and column.
        message: String,
    },
    /// The submission was written by a newer version of the course than this code reads.
    NewerVersion {
        /// The version in the file.
        found: u64,
        /// The newest version this code reads.
        supported: u64,
    },
    /// The submission's `schema_version` is missing, not a number, or older than any
    /// version this code reads.
    UnsupportedVersion {
        /// What the file holds, as text (`"missing"` if absent).
        found: String,
        /// The version this code reads.
        supported: u64,
    },
    /// A field of the submission breaks the schema's rules.
    Schema {
        /// The field, e.g. `"measured.accuracy"`.
        field: &'static str,
        /// What is wrong with it and what it must be.
        reason: String,
    },
    /// The model file cannot be run as a digit classifier.
    Model {
        /// The file.
        path: PathBuf,
        /// What is wrong with it and what to do.
        reason: String,
    },
    /// Measuring the model failed (module 19's harness reported an error).
    Bench {
        /// The harness's message.
        message: String,
    },
}

impl fmt::Display for CapstoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CapstoneError::Io { path, message } => {
                write!(f, "{}: {message}", path.display())
            }
            CapstoneError::Json { message } => write!(
                f,
                "the submission is not valid JSON of the submission schema: {message}; \
                 write it with `Submission::to_json` (see the module README)"
            ),
            CapstoneError::NewerVersion { found, supported } => write!(
                f,
                "the submission has schema_version {found}, written by a newer version of the \
                 course; this code reads version {supported}: update the course \
                 (git pull) and run the leaderboard again"
            ),
            CapstoneError::UnsupportedVersion { found, supported } => write!(
                f,
                "the submission's schema_version is {found}; this code reads version \
                 {supported}: create the submission again with this course's code"
            ),
            CapstoneError::Schema { field, reason } => {
                write!(f, "submission field `{field}`: {reason}")
            }
            CapstoneError::Model { path, reason } => write!(f, "{}: {reason}", path.display()),
            CapstoneError::Bench { message } => write!(f, "benchmark: {message}"),
        }
    }
}

impl std::error::Error for CapstoneError {}

impl CapstoneError {
    /// A [`CapstoneError::Io`] for `path` from an I/O error.
    pub fn io(path: &std::path::Path, error: &std::io::Error) -> CapstoneError {
        let message = match error.kind() {
            std::io::ErrorKind::NotFound => "no such file (check the path)".to_string(),
            _ => error.to_string(),
        };
        CapstoneError::Io {
            path: path.to_path_buf(),
            message,
        }
    }

    /// A [`CapstoneError::Schema`] for `field`.
    pub fn schema(field: &'static str, reason: impl Into<String>) -> CapstoneError {
        CapstoneError::Schema {
            field,
            reason: reason.into(),
        }
    }
}

impl From<tinytorch_benchmarking::BenchError> for CapstoneError {
    fn from(e: tinytorch_benchmarking::BenchError) -> CapstoneError {
        CapstoneError::Bench {
            message: e.to_string(),
        }
    }
}

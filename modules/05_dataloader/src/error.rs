//! Errors for data a user supplies: tensors and labels that do not match, and data files
//! that are missing or malformed.
use std::fmt;
use std::path::PathBuf;

/// What was wrong with the data a dataset was built from.
///
/// Programming errors (an index past the end of a dataset, a batch size of 0, examples of
/// different shapes in one batch) panic instead, naming the operation and the values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// The inputs hold a different number of samples (axis 0) than there are labels.
    LengthMismatch {
        /// Samples in the inputs (the size of axis 0).
        inputs: usize,
        /// Labels given.
        labels: usize,
    },
    /// The inputs are a 0-dimensional tensor: there is no sample axis to index.
    NoSampleAxis,
    /// The data file does not exist.
    NotFound {
        /// The path that was opened.
        path: PathBuf,
    },
    /// The data file exists but could not be read (permissions, not UTF-8, ...).
    Io {
        /// The path that was read.
        path: PathBuf,
        /// The operating system's explanation.
        message: String,
    },
    /// One line of the data file is malformed.
    BadLine {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// The file holds fewer (truncated, empty) or more samples than the data set has.
    SampleCount {
        /// The file.
        path: PathBuf,
        /// Samples found.
        found: usize,
        /// Samples the data set has.
        expected: usize,
    },
}

/// What to do about a damaged course data file.
const RESTORE: &str = "restore it with `git checkout -- data/digits`";

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::LengthMismatch { inputs, labels } => write!(
                f,
                "the inputs hold {inputs} samples (axis 0) but there are {labels} labels: \
                 pass exactly one label per sample"
            ),
            DataError::NoSampleAxis => write!(
                f,
                "the inputs are a 0-dimensional tensor: a dataset needs a leading sample axis, \
                 shape [N, ...] (reshape a single value to [1])"
            ),
            DataError::NotFound { path } => write!(
                f,
                "{} not found: the course ships it at data/digits/digits.csv; {RESTORE}",
                path.display()
            ),
            DataError::Io { path, message } => {
                write!(f, "cannot read {}: {message}", path.display())
            }
            DataError::BadLine {
                path,
                line,
                message,
            } => write!(
                f,
                "{} line {line}: {message}; the file is damaged: {RESTORE}",
                path.display()
            ),
            DataError::SampleCount {
                path,
                found: 0,
                expected,
            } => write!(
                f,
                "{} is empty, expected {expected} samples: {RESTORE}",
                path.display()
            ),
            DataError::SampleCount {
                path,
                found,
                expected,
            } => {
                let what = if found < expected {
                    "truncated"
                } else {
                    "too long"
                };
                write!(
                    f,
                    "{} holds {found} samples, expected {expected} (the file is {what}): {RESTORE}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for DataError {}

//! Errors of the harness. Configurations, data sets and systems under test come from the
//! user, so anything wrong with them is reported with what to do, never a panic.

use std::fmt;
use tinytorch_profiling::ProfileError;

/// What kept a benchmark from running or from being summarized.
#[derive(Clone, Debug, PartialEq)]
pub enum BenchError {
    /// A query sample library with no samples: there is nothing to issue.
    EmptyLibrary {
        /// The library's name.
        name: String,
    },
    /// A configuration value outside its range.
    Config {
        /// The field of [`BenchConfig`](crate::BenchConfig), e.g. `"batch_size"`.
        field: &'static str,
        /// The value given, as text.
        value: String,
        /// What the field needs, in words.
        expected: &'static str,
    },
    /// The system under test answered a query with the wrong number of outputs.
    OutputCount {
        /// The system's name.
        system: String,
        /// How many sample ids the query held.
        expected: usize,
        /// How many outputs came back.
        got: usize,
    },
    /// The latency statistics could not be computed (module 14's error).
    Stats(ProfileError),
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BenchError::EmptyLibrary { name } => write!(
                f,
                "query sample library '{name}' holds no samples; give it at least one sample \
                 to benchmark on"
            ),
            BenchError::Config {
                field,
                value,
                expected,
            } => write!(
                f,
                "benchmark config: {field} = {value} is invalid; it must be {expected}"
            ),
            BenchError::OutputCount {
                system,
                expected,
                got,
            } => write!(
                f,
                "system '{system}' returned {got} outputs for a query of {expected} samples; \
                 issue() must return exactly one output per sample id, in order"
            ),
            BenchError::Stats(e) => write!(f, "latency statistics: {e}"),
        }
    }
}

impl std::error::Error for BenchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BenchError::Stats(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ProfileError> for BenchError {
    fn from(e: ProfileError) -> BenchError {
        BenchError::Stats(e)
    }
}

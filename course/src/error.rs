//! The error type of the course crate and of the grader: one clear line for the user
//! (what was wrong, what to do), with context.

use std::fmt;

/// An error the grader reports as `error: <message>` before exiting with code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

/// The result type of the course crate and the grader.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }

    /// The message, without the `error:` prefix.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Adds context (usually the path or the step) in front of a lower-level error.
pub trait Context<T> {
    /// Turns the error into `"<what>: <original error>"`.
    fn context(self, what: impl fmt::Display) -> Result<T>;
}

impl<T, E: fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl fmt::Display) -> Result<T> {
        self.map_err(|e| Error(format!("{what}: {e}")))
    }
}

/// Returns early with an [`Error`] built like `format!`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::util::error::Error::new(format!($($arg)*)))
    };
}

/// Returns early with an [`Error`] built like `format!`.
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::error::Error::new(format!($($arg)*)))
    };
}
pub(crate) use bail;

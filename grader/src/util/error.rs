//! The grader's error type: the course crate's, so a manifest error and a grading error
//! are one type with one clear line for the user.

pub use tinytorch_course::error::{Context, Error, Result};

/// Returns early with an [`Error`] built like `format!`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::util::error::Error::new(format!($($arg)*)))
    };
}

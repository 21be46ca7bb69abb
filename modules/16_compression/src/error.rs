//! Errors for sparse data that comes from outside (a file, another program).

use std::fmt;

/// What was wrong with the parts given to [`CsrMatrix::from_parts`](crate::CsrMatrix::from_parts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SparseError {
    /// The three arrays do not describe a valid CSR matrix of the given shape.
    InvalidCsr {
        /// Which rule the parts break.
        reason: String,
    },
}

impl fmt::Display for SparseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SparseError::InvalidCsr { reason } => write!(
                f,
                "invalid CSR matrix: {reason} (row_ptr needs rows + 1 non-decreasing entries from \
                 0 to the number of values, and every column index must be below the column count)"
            ),
        }
    }
}

impl std::error::Error for SparseError {}

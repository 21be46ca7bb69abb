//! The bottom layer: errors, file helpers, the workspace lock and terminal
//! tables. It imports nothing else of the grader.

pub mod error;
pub mod fsutil;
pub mod lock;
pub mod term;

//! Module 20 exercises: the event rules, reading a submission, validating it by
//! re-measuring, ranking an event, and your own optimized entry.

mod events;
mod optimized;
mod rank;
mod submission;
mod validate;

pub use optimized::{beats, optimized_model};
pub use rank::rank;
pub use submission::sha256_file;
pub use validate::{measure, reproduction_failures, validate};

//! Module 08 exercises: measuring a classifier, one training step, the epoch loop, and
//! training the digit MLP.

mod digit_mlp;
mod epoch;
mod evaluate;
mod metrics;
mod step;

pub use digit_mlp::{digit_mlp, train_digit_mlp};
pub use metrics::count_correct;

//! What training the digit MLP produces (shared code; the recipe is task 08.4).

use crate::{EvalStats, History};
use std::fmt;
use tinytorch_layers::Sequential;

/// The seed the course trains the digit MLP with (initialization and shuffle): the seed
/// of the numbers in the lesson and of the graded test.
pub const DIGITS_SEED: u64 = 0;

/// The outcome of [`train_digit_mlp`](crate::train_digit_mlp): the trained model, the
/// history of its epochs, and its loss and accuracy on the held-out test set.
pub struct DigitsRun {
    /// The trained `Linear(64, 32) -> ReLU -> Linear(32, 10)`, in training mode.
    pub model: Sequential,
    /// One record per training epoch.
    pub history: History,
    /// Loss and accuracy on the 364 test digits.
    pub test: EvalStats,
}

impl fmt::Debug for DigitsRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DigitsRun")
            .field("model", &self.model)
            .field("epochs", &self.history.len())
            .field("test", &self.test)
            .finish()
    }
}

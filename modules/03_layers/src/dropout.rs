//! The `Dropout` type and its accessors (shared code). Construction and forward are the
//! exercise, in `reference/dropout.rs`.

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use tinytorch_tensor::ChaCha8Rng;

/// Inverted dropout: in training, each value is zeroed with probability `p` and the
/// survivors are scaled by `1 / (1 - p)`, so that the expected output equals the input; in
/// evaluation it is the identity.
///
/// A new layer is in training mode (as in PyTorch); call [`Module::eval`](crate::Module::eval)
/// before evaluating. The layer owns a seeded RNG, so a seed reproduces the masks; it sits in
/// a `Mutex` because `forward` takes `&self` and each call advances it.
///
/// ```
/// use tinytorch_layers::{Dropout, Module};
/// use tinytorch_tensor::Tensor;
///
/// let mut dropout = Dropout::new(0.5, 7).unwrap();
/// let x = Tensor::ones(&[8]);
/// let y = dropout.forward(&x).to_vec();
/// assert!(y.iter().all(|&v| v == 0.0 || v == 2.0)); // dropped, or scaled by 1/(1-0.5)
/// dropout.eval();
/// assert_eq!(dropout.forward(&x).to_vec(), vec![1.0; 8]);
/// ```
pub struct Dropout {
    /// Probability of zeroing each value, in `[0, 1)`.
    pub(crate) p: f32,
    /// Training mode (dropout active) or evaluation (identity).
    pub(crate) training: bool,
    /// The source of the masks.
    pub(crate) rng: Mutex<ChaCha8Rng>,
}

impl Dropout {
    /// The probability of zeroing each value.
    pub fn p(&self) -> f32 {
        self.p
    }

    /// Whether the layer is in training mode (dropout active).
    pub fn is_training(&self) -> bool {
        self.training
    }

    /// Exclusive access to the mask RNG for one forward pass. A thread that panicked while
    /// holding it leaves a valid (just advanced) generator, so a poisoned lock is recovered.
    // Only the exercise code calls this; an unfinished stub does not.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn lock_rng(&self) -> MutexGuard<'_, ChaCha8Rng> {
        self.rng.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for Dropout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dropout")
            .field("p", &self.p)
            .field("training", &self.training)
            .finish_non_exhaustive()
    }
}

//! `TrainConfig`: the knobs of a training run, checked once when a trainer is built.

use crate::TrainError;
use serde::Serialize;
use std::sync::Arc;
use tinytorch_dataloader::{DataLoader, Dataset};

/// How to train: for how many epochs, in which batches, from which seed, with which
/// safety net. The model and the optimizer (with its learning rate) are chosen separately.
///
/// The seed feeds the training loader's shuffle ([`train_loader`](TrainConfig::train_loader));
/// seed the model's initialization yourself (e.g. [`digit_mlp`](crate::digit_mlp)`(seed)`), so
/// that one number reproduces a whole run.
///
/// ```
/// use tinytorch_training::TrainConfig;
/// let config = TrainConfig::default().epochs(20).batch_size(64).grad_clip(1.0).quiet(true);
/// assert_eq!((config.epochs, config.batch_size, config.grad_clip), (20, 64, Some(1.0)));
/// assert!(config.validate().is_ok());
/// assert!(TrainConfig::default().batch_size(0).validate().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrainConfig {
    /// How many passes over the training set one call to `fit` makes.
    pub epochs: usize,
    /// Samples per batch, for the loaders this config builds.
    pub batch_size: usize,
    /// The shuffle seed of the training loader this config builds.
    pub seed: u64,
    /// If set, the global gradient norm is clipped to this value before every update.
    pub grad_clip: Option<f32>,
    /// No output at all: no per-epoch line, no progress bar (for tests).
    pub quiet: bool,
}

impl Default for TrainConfig {
    /// 10 epochs of batches of 32, seed 0, no clipping, one line per epoch on stderr.
    fn default() -> Self {
        TrainConfig {
            epochs: 10,
            batch_size: 32,
            seed: 0,
            grad_clip: None,
            quiet: false,
        }
    }
}

impl TrainConfig {
    /// Sets the number of epochs per `fit`.
    #[must_use]
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Sets the batch size of the loaders this config builds.
    #[must_use]
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Sets the shuffle seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Clips the global gradient norm to `max_norm` before every update.
    #[must_use]
    pub fn grad_clip(mut self, max_norm: f32) -> Self {
        self.grad_clip = Some(max_norm);
        self
    }

    /// Silences all output (`true`) or prints one line per epoch (`false`, the default).
    #[must_use]
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }

    /// Checks every value: `batch_size >= 1`, `grad_clip` finite and `> 0`.
    ///
    /// # Errors
    /// [`TrainError::InvalidConfig`] naming the first bad value and its valid range.
    pub fn validate(&self) -> Result<(), TrainError> {
        if self.batch_size == 0 {
            return Err(TrainError::InvalidConfig {
                name: "batch_size",
                value: "0".into(),
                valid: "at least 1 (typically 32)",
            });
        }
        if let Some(max) = self.grad_clip
            && !(max.is_finite() && max > 0.0)
        {
            return Err(TrainError::InvalidConfig {
                name: "grad_clip",
                value: max.to_string(),
                valid: "finite and > 0 (typically 1.0), or None for no clipping",
            });
        }
        Ok(())
    }

    /// A loader for training: batches of `batch_size`, reshuffled every epoch from `seed`.
    ///
    /// # Panics
    /// If `batch_size` is 0 (see [`validate`](TrainConfig::validate)).
    pub fn train_loader(&self, dataset: Arc<dyn Dataset>) -> DataLoader {
        DataLoader::new(dataset, self.batch_size).shuffle(self.seed)
    }

    /// A loader for evaluation: batches of `batch_size`, in order (evaluation needs no
    /// shuffle: the metrics are sums over all samples).
    ///
    /// # Panics
    /// If `batch_size` is 0 (see [`validate`](TrainConfig::validate)).
    pub fn eval_loader(&self, dataset: Arc<dyn Dataset>) -> DataLoader {
        DataLoader::new(dataset, self.batch_size)
    }
}

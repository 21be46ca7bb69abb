//! The `Trainer` type: a model, its optimizer, the run's configuration and what it has
//! done so far (shared code). The loop itself (step, epoch, fit, evaluate) is the
//! exercise, in `reference/`.

use crate::progress::batch_bar;
use crate::{EpochRecord, History, TrainConfig, TrainError, epoch_line};
use indicatif::ProgressBar;
use std::fmt;
use tinytorch_dataloader::DataLoader;
use tinytorch_layers::Module;
use tinytorch_optimizers::{LrSchedule, Optimizer, apply_schedule};

/// Trains a classifier: repeated steps of forward, cross-entropy, backward and update,
/// epoch after epoch, with a record of each epoch.
///
/// The trainer owns the model (get it back with [`model`](Trainer::model) or
/// [`into_model`](Trainer::into_model)) and the optimizer, which must have been built from
/// the model's parameters. It counts epochs and updates over its whole life: a second
/// [`fit`](Trainer::fit) continues where the first stopped (epoch numbers, which key the
/// loader's shuffle, and the schedule's step).
///
/// ```
/// use std::sync::Arc;
/// use tinytorch_dataloader::{DataLoader, TensorDataset};
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_optimizers::{Sgd, SgdConfig};
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// use tinytorch_training::{TrainConfig, Trainer};
///
/// // Two points per class on a line: class 1 is x > 0.
/// let inputs = Tensor::from_vec(vec![-2.0, -1.0, 1.0, 2.0], &[4, 1]).unwrap();
/// let data = Arc::new(TensorDataset::new(inputs, vec![0, 0, 1, 1]).unwrap());
/// let model = Linear::new(1, 2, &mut seeded_rng(0));
/// let sgd = Sgd::new(model.parameters(), SgdConfig::default().lr(0.5)).unwrap();
/// let config = TrainConfig::default().epochs(20).batch_size(2).quiet(true);
/// let loader = config.train_loader(data.clone());
/// let mut trainer = Trainer::new(model, sgd, config).unwrap();
///
/// let history = trainer.fit(&loader, None).unwrap();
/// assert_eq!(history.len(), 20);
/// assert!(history.epochs[19].train_loss < history.epochs[0].train_loss);
/// let eval = trainer.evaluate(&DataLoader::new(data, 4)).unwrap();
/// assert_eq!(eval.accuracy, 1.0);
/// ```
pub struct Trainer<M: Module> {
    pub(crate) model: M,
    pub(crate) optimizer: Box<dyn Optimizer>,
    pub(crate) config: TrainConfig,
    pub(crate) schedule: Option<Box<dyn LrSchedule>>,
    pub(crate) history: History,
    /// The number of the next epoch `fit` runs (= epochs completed by `fit`).
    pub(crate) epoch: u64,
    /// The number of updates made so far (= the index of the next one).
    pub(crate) step: usize,
}

impl<M: Module> Trainer<M> {
    /// A trainer for `model`, updated by `optimizer`, run as `config` says.
    ///
    /// # Errors
    /// [`TrainError::InvalidConfig`] if the config is invalid
    /// ([`TrainConfig::validate`]); [`TrainError::OptimizerNotForModel`] if the model has
    /// parameters but the optimizer updates none of them (it was built for another model,
    /// and training would silently change nothing).
    pub fn new(
        model: M,
        optimizer: impl Optimizer + 'static,
        config: TrainConfig,
    ) -> Result<Trainer<M>, TrainError> {
        config.validate()?;
        let params = model.parameters();
        let updated = optimizer.parameters();
        let shared = params.iter().any(|p| updated.iter().any(|q| p.ptr_eq(q)));
        if !params.is_empty() && !shared {
            return Err(TrainError::OptimizerNotForModel {
                model: params.len(),
                optimizer: updated.len(),
            });
        }
        Ok(Trainer {
            model,
            optimizer: Box::new(optimizer),
            config,
            schedule: None,
            history: History::default(),
            epoch: 0,
            step: 0,
        })
    }

    /// Sets the learning rate before every update to `schedule.lr_at(step)`, where `step`
    /// counts updates from 0 over the trainer's life (for a per-epoch schedule, multiply
    /// its step sizes by the loader's `len()`).
    #[must_use]
    pub fn with_schedule(mut self, schedule: impl LrSchedule + 'static) -> Trainer<M> {
        self.schedule = Some(Box::new(schedule));
        self
    }

    /// The model being trained.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// The model being trained, mutably (e.g. to switch it to eval mode for inference).
    pub fn model_mut(&mut self) -> &mut M {
        &mut self.model
    }

    /// The trained model, ending the run.
    pub fn into_model(self) -> M {
        self.model
    }

    /// The optimizer (its learning rate, its state size).
    pub fn optimizer(&self) -> &dyn Optimizer {
        self.optimizer.as_ref()
    }

    /// The run's configuration.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// Every epoch `fit` has run so far.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// How many epochs `fit` has completed (the number of the next one).
    pub fn epochs_done(&self) -> u64 {
        self.epoch
    }

    /// How many updates have been made.
    pub fn steps_done(&self) -> usize {
        self.step
    }

    /// Sets the optimizer's learning rate for the next update from the schedule, if any,
    /// and returns the learning rate that update uses.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn scheduled_learning_rate(&mut self) -> f32 {
        match &self.schedule {
            Some(schedule) => apply_schedule(self.optimizer.as_mut(), schedule, self.step),
            None => self.optimizer.learning_rate(),
        }
    }

    /// A progress bar over the batches of epoch `epoch` (hidden when quiet or when stderr
    /// is not a terminal).
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn batch_bar(&self, batches: usize, epoch: u64) -> ProgressBar {
        batch_bar(batches, format!("epoch {}", epoch + 1), self.config.quiet)
    }

    /// Prints the progress line of `record` to stderr (unless quiet); `total` is the
    /// number of the last epoch of this `fit`, counted from 1.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn log_epoch(&self, record: &EpochRecord, total: u64) {
        if !self.config.quiet {
            eprintln!("{}", epoch_line(record, total));
        }
    }
}

/// [`TrainError::EmptyLoader`] if `loader` yields no batch: an epoch or an evaluation
/// over nothing has no loss and no accuracy to report. `during` names which one.
pub(crate) fn require_batches(loader: &DataLoader, during: &'static str) -> Result<(), TrainError> {
    if loader.is_empty() {
        return Err(TrainError::EmptyLoader { during });
    }
    Ok(())
}

impl<M: Module> fmt::Debug for Trainer<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trainer")
            .field("model", &self.model.name())
            .field("config", &self.config)
            .field("learning_rate", &self.optimizer.learning_rate())
            .field("epochs_done", &self.epoch)
            .field("steps_done", &self.step)
            .finish_non_exhaustive()
    }
}

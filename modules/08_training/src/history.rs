//! What a training run measures: per step, per epoch, per evaluation, and the history of
//! a whole run (serializable, so reports can print it as JSON).

use serde::Serialize;

/// What one training step measured (from [`Trainer::train_step`](crate::Trainer::train_step)).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StepStats {
    /// The mean cross-entropy of the batch, before the update.
    pub loss: f32,
    /// How many samples of the batch the model classified correctly, before the update.
    pub correct: usize,
    /// The batch size.
    pub samples: usize,
    /// The global gradient norm before clipping, when clipping is on.
    pub grad_norm: Option<f32>,
}

/// What one epoch of training measured (from
/// [`Trainer::train_epoch`](crate::Trainer::train_epoch)).
///
/// The loss and the accuracy are averages over *samples*, not over batches: a short last
/// batch counts for the samples it holds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EpochStats {
    /// The mean training loss over the epoch's samples (each measured before its update).
    pub loss: f32,
    /// The fraction of the epoch's samples classified correctly (before each update).
    pub accuracy: f32,
    /// How many samples the epoch saw.
    pub samples: usize,
    /// How many updates the epoch made.
    pub batches: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// What an evaluation measured (from [`Trainer::evaluate`](crate::Trainer::evaluate)).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EvalStats {
    /// The mean cross-entropy over all samples.
    pub loss: f32,
    /// The fraction of samples whose highest logit is their label.
    pub accuracy: f32,
    /// How many samples were evaluated.
    pub samples: usize,
}

/// One line of a [`History`]: what epoch `epoch` measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpochRecord {
    /// The epoch's number, from 0: the one passed to `DataLoader::epoch`, which keys its
    /// shuffle. (Progress lines count from 1.)
    pub epoch: u64,
    /// The mean training loss over the epoch's samples.
    pub train_loss: f32,
    /// The training accuracy over the epoch's samples.
    pub train_accuracy: f32,
    /// The validation loss after the epoch, if a validation loader was given.
    pub val_loss: Option<f32>,
    /// The validation accuracy after the epoch, if a validation loader was given.
    pub val_accuracy: Option<f32>,
    /// The learning rate of the epoch's last update.
    pub learning_rate: f32,
    /// Wall-clock seconds for the epoch, validation included.
    pub seconds: f64,
}

/// Every epoch a trainer ran, in order.
///
/// ```
/// use tinytorch_training::{EpochRecord, History};
/// let mut history = History::default();
/// history.epochs.push(EpochRecord {
///     epoch: 0, train_loss: 1.5, train_accuracy: 0.6, val_loss: Some(1.2),
///     val_accuracy: Some(0.7), learning_rate: 0.01, seconds: 0.1,
/// });
/// assert_eq!(history.len(), 1);
/// assert_eq!(history.last().unwrap().train_loss, 1.5);
/// assert_eq!(history.train_losses(), vec![1.5]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct History {
    /// One record per epoch, in the order they ran.
    pub epochs: Vec<EpochRecord>,
}

impl History {
    /// How many epochs were recorded.
    pub fn len(&self) -> usize {
        self.epochs.len()
    }

    /// Whether no epoch was recorded.
    pub fn is_empty(&self) -> bool {
        self.epochs.is_empty()
    }

    /// The most recent epoch.
    pub fn last(&self) -> Option<&EpochRecord> {
        self.epochs.last()
    }

    /// The training loss of every epoch, in order (a learning curve).
    pub fn train_losses(&self) -> Vec<f32> {
        self.epochs.iter().map(|r| r.train_loss).collect()
    }

    /// The total wall-clock time of the recorded epochs.
    pub fn total_seconds(&self) -> f64 {
        self.epochs.iter().map(|r| r.seconds).sum()
    }
}

//! Task 08.3: the epoch loop, and `fit`: epochs, validation, history.

use crate::trainer::require_batches;
use crate::{EpochRecord, EpochStats, History, TrainError, Trainer};
use std::time::Instant;
use tinytorch_dataloader::DataLoader;
use tinytorch_layers::Module;

impl<M: Module> Trainer<M> {
    /// One pass over the batches of epoch `epoch` of `loader` (the epoch number picks the
    /// loader's shuffle), one [`train_step`](Trainer::train_step) per batch, in training
    /// mode. Returns the sample-weighted mean loss and accuracy of the epoch, measured on
    /// each batch before its update.
    ///
    /// # Errors
    /// [`TrainError::EmptyLoader`] if the loader yields no batch; any error of
    /// [`train_step`](Trainer::train_step), which stops the epoch.
    pub fn train_epoch(
        &mut self,
        loader: &DataLoader,
        epoch: u64,
    ) -> Result<EpochStats, TrainError> {
        require_batches(loader, "training")?;
        self.model.train();
        // BEGIN SOLUTION 08.3
        let start = Instant::now();
        let bar = self.batch_bar(loader.len(), epoch);
        let mut loss_sum = 0.0f64;
        let mut correct = 0;
        let mut samples = 0;
        let mut batches = 0;
        for batch in loader.epoch(epoch) {
            let step = self.train_step(&batch)?;
            // Weighted by the batch size: the short last batch counts for its samples.
            loss_sum += f64::from(step.loss) * step.samples as f64;
            correct += step.correct;
            samples += step.samples;
            batches += 1;
            bar.inc(1);
        }
        bar.finish_and_clear();
        Ok(EpochStats {
            loss: (loss_sum / samples as f64) as f32,
            accuracy: correct as f32 / samples as f32,
            samples,
            batches,
            seconds: start.elapsed().as_secs_f64(),
        })
        // END SOLUTION
    }

    /// Trains for [`TrainConfig::epochs`](crate::TrainConfig::epochs) more epochs on
    /// `train`, evaluating on `validation` after each one if given, and returns the whole
    /// history (earlier `fit`s included). Epochs are numbered over the trainer's life, so
    /// each one sees a new shuffle. Prints one line per epoch unless quiet.
    ///
    /// # Errors
    /// Any error of [`train_epoch`](Trainer::train_epoch) or
    /// [`evaluate`](Trainer::evaluate); the epochs completed before it stay in the history.
    pub fn fit(
        &mut self,
        train: &DataLoader,
        validation: Option<&DataLoader>,
    ) -> Result<History, TrainError> {
        // BEGIN SOLUTION 08.3
        let last = self.epoch + self.config.epochs as u64;
        while self.epoch < last {
            let epoch = self.epoch;
            let start = Instant::now();
            let stats = self.train_epoch(train, epoch)?;
            let val = match validation {
                Some(loader) => Some(self.evaluate(loader)?),
                None => None,
            };
            let record = EpochRecord {
                epoch,
                train_loss: stats.loss,
                train_accuracy: stats.accuracy,
                val_loss: val.map(|v| v.loss),
                val_accuracy: val.map(|v| v.accuracy),
                learning_rate: self.optimizer.learning_rate(),
                seconds: start.elapsed().as_secs_f64(),
            };
            self.log_epoch(&record, last);
            self.history.epochs.push(record);
            self.epoch += 1;
        }
        Ok(self.history.clone())
        // END SOLUTION
    }
}

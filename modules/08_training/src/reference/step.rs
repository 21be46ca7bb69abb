//! Task 08.2: one training step: forward, loss, backward, (clip), update.

use super::count_correct;
use crate::{StepStats, TrainError, Trainer};
use tinytorch_autograd::backward;
use tinytorch_dataloader::Batch;
use tinytorch_layers::Module;
use tinytorch_losses::{Reduction, cross_entropy};
use tinytorch_optimizers::clip_grad_norm;

impl<M: Module> Trainer<M> {
    /// One update on `batch`: the forward pass, the mean cross-entropy of the logits
    /// against the labels, the backward pass, gradient clipping when
    /// [`TrainConfig::grad_clip`](crate::TrainConfig::grad_clip) is set, the learning rate
    /// from the schedule if there is one, and the optimizer's step.
    ///
    /// The returned loss and correct count are measured on the forward pass, before the
    /// update. The model should be in training mode ([`train_epoch`](Trainer::train_epoch)
    /// sees to it).
    ///
    /// # Errors
    /// [`TrainError::Loss`] if a label is not a class of the model's output;
    /// [`TrainError::NonFiniteLoss`] if the loss is NaN or infinite (the weights are not
    /// updated); [`TrainError::Autograd`] if no parameter requires a gradient.
    pub fn train_step(&mut self, batch: &Batch) -> Result<StepStats, TrainError> {
        // BEGIN SOLUTION 08.2
        let logits = self.model.forward(&batch.inputs);
        let loss = cross_entropy(&logits, &batch.labels, Reduction::Mean)?;
        let loss_value = loss.item();
        // A NaN loss gives NaN gradients, and one update with them ruins every weight.
        if !loss_value.is_finite() {
            return Err(TrainError::NonFiniteLoss {
                step: self.step,
                loss: loss_value,
            });
        }
        let mut grads = backward(&loss)?;
        let grad_norm = self
            .config
            .grad_clip
            .map(|max_norm| clip_grad_norm(&mut grads, self.optimizer.parameters(), max_norm));
        self.scheduled_learning_rate();
        self.optimizer.step(&grads);
        self.step += 1;
        Ok(StepStats {
            loss: loss_value,
            correct: count_correct(&logits, &batch.labels),
            samples: batch.len(),
            grad_norm,
        })
        // END SOLUTION
    }
}

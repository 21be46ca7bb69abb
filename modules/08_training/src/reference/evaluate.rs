//! Task 08.1: measuring the model on a whole loader, in evaluation mode, without
//! recording a graph.

use super::count_correct;
use crate::trainer::require_batches;
use crate::{EvalStats, TrainError, Trainer};
use tinytorch_autograd::no_grad;
use tinytorch_dataloader::DataLoader;
use tinytorch_layers::Module;
use tinytorch_losses::{Reduction, cross_entropy};

impl<M: Module> Trainer<M> {
    /// The mean cross-entropy and the accuracy of the model over every sample of
    /// `loader`, in evaluation mode (dropout off, so the result is deterministic) and with
    /// the parameters frozen (no graph is recorded: no backward pass will follow). The
    /// model is back in training mode, its parameters trainable, afterwards, even when an
    /// error is returned. The weights do not change.
    ///
    /// Both metrics are averages over samples: a short last batch weighs what its
    /// samples weigh, not as much as a full batch.
    ///
    /// # Errors
    /// [`TrainError::EmptyLoader`] if the loader yields no batch; [`TrainError::Loss`] if
    /// a label is not a class of the model's output.
    pub fn evaluate(&mut self, loader: &DataLoader) -> Result<EvalStats, TrainError> {
        require_batches(loader, "evaluation")?;
        // BEGIN SOLUTION 08.1
        self.model.eval();
        // `no_grad` restores the parameters' flags itself; restore the mode before
        // returning, error or not.
        let stats = no_grad(&self.model, |model| evaluate_batches(model, loader));
        self.model.train();
        stats
        // END SOLUTION
    }
}

/// The sums behind [`Trainer::evaluate`], over every batch of one pass of `loader`.
fn evaluate_batches(model: &impl Module, loader: &DataLoader) -> Result<EvalStats, TrainError> {
    // BEGIN SOLUTION 08.1
    let mut loss_sum = 0.0f64;
    let mut correct = 0;
    let mut samples = 0;
    for batch in loader.epoch(0) {
        let logits = model.forward(&batch.inputs);
        // The sum over the batch, so that the total divides by samples, not batches.
        let loss = cross_entropy(&logits, &batch.labels, Reduction::Sum)?;
        loss_sum += f64::from(loss.item());
        correct += count_correct(&logits, &batch.labels);
        samples += batch.len();
    }
    Ok(EvalStats {
        loss: (loss_sum / samples as f64) as f32,
        accuracy: correct as f32 / samples as f32,
        samples,
    })
    // END SOLUTION
}

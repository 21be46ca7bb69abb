//! Task 16.2: fine-tuning a pruned model without letting the pruned weights grow back.

use crate::{Mask, apply_masks};
use tinytorch_dataloader::DataLoader;
use tinytorch_layers::Module;
use tinytorch_training::{TrainError, Trainer};

/// Trains `trainer`'s model for `epochs` more epochs on `loader` while keeping the pruned
/// weights at exactly zero: after EVERY optimizer step, every mask is re-applied. Returns
/// the mean training loss of each epoch.
///
/// Why after every step: a pruned weight still has a gradient (the loss depends on it), and
/// momentum (Adam, SGD with momentum) moves it even when the gradient is 0, so one step is
/// enough to make it nonzero again. Re-applying the mask costs one elementwise product per
/// weight per step, negligible next to the forward and backward passes.
///
/// Epochs are numbered from 0, so the shuffle (which depends on the loader's seed and the
/// epoch number) is reproducible.
///
/// # Errors
/// Whatever [`Trainer::train_step`] returns: a label out of range, a non-finite loss.
pub fn fine_tune_masked<M: Module>(
    trainer: &mut Trainer<M>,
    loader: &DataLoader,
    masks: &[Mask],
    epochs: u64,
) -> Result<Vec<f32>, TrainError> {
    // BEGIN SOLUTION 16.2
    trainer.model_mut().train();
    let mut losses = Vec::new();
    for epoch in 0..epochs {
        let (mut sum, mut batches) = (0.0f32, 0usize);
        for batch in loader.epoch(epoch) {
            let stats = trainer.train_step(&batch)?;
            apply_masks(masks);
            sum += stats.loss;
            batches += 1;
        }
        losses.push(sum / batches.max(1) as f32);
    }
    Ok(losses)
    // END SOLUTION
}

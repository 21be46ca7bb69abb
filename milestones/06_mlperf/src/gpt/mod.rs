//! The GPTs' recipes are milestone 05's (one training code for both milestones); here only
//! the masked fine-tuning after pruning, which keeps pruned weights at 0 after every update.

use crate::MlperfError;
use tinytorch_compression::{Mask, apply_masks};
use tinytorch_milestone_kit::Progress;
use tinytorch_transformers::Gpt;

pub use tinytorch_milestone_transformer::{
    GptRecipe, GptRun, REVERSAL_HELD_OUT, REVERSAL_RECIPE, REVERSAL_STEPS, TINYTALK_CONTEXT,
    TINYTALK_RECIPE, TINYTALK_STEPS, TinytalkData, evaluate_reversal, evaluate_tinytalk,
    masked_loss, reversal_config, reversal_held_out, tinytalk_config, train_reversal,
    train_tinytalk,
};

/// Fine-tunes a pruned reversal GPT for `steps` updates (milestone 05's recipe at a tenth
/// of its learning rate), re-applying `masks` after every update.
///
/// # Errors
/// [`MlperfError::Milestone`] (a training error) if the run fails.
pub fn fine_tune_reversal(
    gpt: &Gpt,
    seed: u64,
    steps: usize,
    masks: &[Mask],
    progress: Progress,
) -> Result<GptRun, MlperfError> {
    let keep_pruned = || apply_masks(masks);
    Ok(tinytorch_milestone_transformer::fine_tune_reversal(
        gpt,
        seed,
        steps,
        &keep_pruned,
        progress,
    )?)
}

/// Fine-tunes a pruned TinyTalk GPT for `steps` updates, re-applying `masks` after every
/// update.
///
/// # Errors
/// [`MlperfError::Milestone`] (a training error) if the run fails.
pub fn fine_tune_tinytalk(
    gpt: &Gpt,
    data: &TinytalkData,
    seed: u64,
    steps: usize,
    masks: &[Mask],
    progress: Progress,
) -> Result<GptRun, MlperfError> {
    let keep_pruned = || apply_masks(masks);
    Ok(tinytorch_milestone_transformer::fine_tune_tinytalk(
        gpt,
        data,
        seed,
        steps,
        &keep_pruned,
        progress,
    )?)
}

//! The GPTs' recipes are milestone 05's (one training code for both milestones), its
//! fine-tuning included: milestone 06 passes a step that re-applies the pruning masks after
//! every update, so pruned weights stay at 0.

pub use tinytorch_milestone_transformer::{
    GptRecipe, GptRun, REVERSAL_HELD_OUT, REVERSAL_RECIPE, REVERSAL_STEPS, TINYTALK_CONTEXT,
    TINYTALK_RECIPE, TINYTALK_STEPS, TinytalkData, evaluate_reversal, evaluate_tinytalk,
    fine_tune_reversal, fine_tune_tinytalk, masked_loss, reversal_config, reversal_held_out,
    tinytalk_config, train_reversal, train_tinytalk,
};

//! The GPT recipes: module 13's `Gpt` trained on sequence reversal and as a character model
//! of TinyTalk. The recipes came from `modules/13_transformers/examples/train_gpt.rs`;
//! milestone 06 reuses them from here.

mod common;
mod reversal;
mod tinytalk;

pub use common::{GptRecipe, GptRun, masked_loss};
pub use reversal::{
    REVERSAL_HELD_OUT, REVERSAL_RECIPE, REVERSAL_SEP, REVERSAL_STEPS, evaluate_reversal,
    fine_tune_reversal, reversal_config, reversal_held_out, reversal_symbol, train_reversal,
};
pub use tinytalk::{
    TINYTALK_CONTEXT, TINYTALK_RECIPE, TINYTALK_STEPS, TinytalkData, evaluate_tinytalk,
    fine_tune_tinytalk, tinytalk_config, train_tinytalk,
};

//! Milestone 05 (2017): the transformer. Vaswani et al.'s "Attention Is All You Need"
//! replaced recurrence with attention: every position looks at every earlier one at once,
//! and a causal mask keeps a decoder from reading the future. Here module 13's GPT, on
//! your modules 01-13, learns to reverse sequences it never saw and to write TinyTalk;
//! the gates compare with references that do not use your code ([`independent`]).

mod attention;
mod checks;
mod gpt;
pub mod independent;
mod networks;
mod report;

pub use attention::{attention_maps, attention_picture};
pub use checks::{
    BIGRAM_MARGIN, CAUSAL_TOLERANCE, Causality, LOSS_TOLERANCE, PROBE_MIN_EFFECT, REVERSAL_FLOOR,
    TalkCheck, causality_probe, check_tinytalk, reversal_gate, transformer_gates,
    transformer_gates_talk,
};
pub use gpt::{
    GptRecipe, GptRun, REVERSAL_HELD_OUT, REVERSAL_RECIPE, REVERSAL_SEP, REVERSAL_STEPS,
    TINYTALK_CONTEXT, TINYTALK_RECIPE, TINYTALK_STEPS, TinytalkData, evaluate_reversal,
    evaluate_tinytalk, fine_tune_reversal, fine_tune_tinytalk, masked_loss, reversal_config,
    reversal_held_out, reversal_symbol, tinytalk_config, train_reversal, train_tinytalk,
};
pub use networks::{
    GPT_SEED, REVERSAL_NAME, TINYTALK_NAME, gpt_training_editions, load_tinytalk_data,
    train_or_load_reversal, train_or_load_tinytalk,
};
pub use report::run;

use tinytorch_tensor::ModuleEdition;

/// The editions of the course modules this milestone runs on (01-13).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_milestone_kit::merged_editions(&[
        tinytorch_training::editions(),
        tinytorch_tokenization::editions(),
        tinytorch_transformers::editions(),
    ])
}

//! The milestone's two GPTs and their checkpoints in the shared checkpoint directory
//! (milestone 06 profiles, compresses and accelerates these very networks).

use crate::GptRun;
use crate::gpt::{
    REVERSAL_RECIPE, TINYTALK_RECIPE, TinytalkData, reversal_config, tinytalk_config,
    train_reversal, train_tinytalk,
};
use std::path::Path;
use tinytorch_milestone_kit::{
    Checkpointed, MilestoneError, Progress, Recipe, Retrain, TrainingSummary, editions_line,
    file_fingerprint,
};
use tinytorch_tokenization::{Tokenizer, default_tinytalk_path};
use tinytorch_training::{load_checkpoint, save_checkpoint};
use tinytorch_transformers::{Gpt, GptConfig};

/// The reversal GPT's checkpoint name.
pub const REVERSAL_NAME: &str = "gpt_reversal";
/// The TinyTalk GPT's checkpoint name.
pub const TINYTALK_NAME: &str = "gpt_tinytalk";
/// The seed of both GPTs (weights; the data streams use `seed + 1` and `seed + 2`).
pub const GPT_SEED: u64 = 0;

/// The editions of the modules that train the GPTs (01-13), recorded in their stamps.
pub fn gpt_training_editions() -> String {
    editions_line(&crate::editions())
}

/// TinyTalk tokenized by your character tokenizer, and the corpus's fingerprint.
///
/// # Errors
/// [`MilestoneError::Data`] if the corpus is missing or malformed.
pub fn load_tinytalk_data() -> Result<(TinytalkData, String), MilestoneError> {
    let path = default_tinytalk_path();
    let data = TinytalkData::load(&path)?;
    Ok((data, file_fingerprint(&path)?))
}

fn steps_summary(run: GptRun) -> TrainingSummary {
    TrainingSummary {
        unit: "steps".into(),
        count: run.steps,
        seconds: run.seconds,
        final_train_loss: run.final_loss,
    }
}

/// A recipe for a GPT of `config`, trained by `train`.
fn gpt_recipe<'a>(
    name: &'static str,
    recipe: &'static str,
    data: String,
    config: GptConfig,
    train: impl FnOnce() -> Result<(Gpt, GptRun), MilestoneError> + 'a,
) -> Recipe<'a, Gpt> {
    Recipe {
        name,
        recipe,
        seed: GPT_SEED,
        data,
        editions: gpt_training_editions(),
        load: Box::new(move |path: &Path| {
            let gpt = Gpt::new(config).map_err(|e| e.to_string())?;
            load_checkpoint(&gpt, path).map_err(|e| e.to_string())?;
            Ok(gpt)
        }),
        train: Box::new(move || train().map(|(gpt, run)| (gpt, steps_summary(run)))),
        save: Box::new(|gpt: &Gpt, path: &Path| {
            save_checkpoint(gpt, path).map_err(|e| e.to_string())
        }),
    }
}

/// The reversal GPT: its checkpoint when current, else trained (about 40 s) and saved.
///
/// # Errors
/// As [`tinytorch_milestone_kit::train_or_load`].
pub fn train_or_load_reversal(
    dir: &Path,
    retrain: Retrain,
    progress: Progress,
) -> Result<Checkpointed<Gpt>, MilestoneError> {
    let recipe = gpt_recipe(
        REVERSAL_NAME,
        REVERSAL_RECIPE,
        "synthetic".into(),
        reversal_config(GPT_SEED),
        move || train_reversal(GPT_SEED, progress),
    );
    tinytorch_milestone_kit::train_or_load(dir, recipe, retrain, progress)
}

/// The TinyTalk GPT: its checkpoint when current, else trained (about 40 s) and saved.
///
/// # Errors
/// As [`tinytorch_milestone_kit::train_or_load`].
pub fn train_or_load_tinytalk(
    data: &TinytalkData,
    data_print: &str,
    dir: &Path,
    retrain: Retrain,
    progress: Progress,
) -> Result<Checkpointed<Gpt>, MilestoneError> {
    let recipe = gpt_recipe(
        TINYTALK_NAME,
        TINYTALK_RECIPE,
        data_print.to_string(),
        tinytalk_config(data.tokenizer.vocab_size(), GPT_SEED),
        move || train_tinytalk(data, GPT_SEED, progress),
    );
    tinytorch_milestone_kit::train_or_load(dir, recipe, retrain, progress)
}

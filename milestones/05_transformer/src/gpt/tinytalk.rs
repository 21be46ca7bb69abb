//! The text task: a character model of the TinyTalk corpus (module 10's train/validation
//! split and character tokenizer), measured by the held-out loss per character against
//! the unigram baseline (a model that ignores the context).

use super::common::{GptRecipe, GptRun, fine_tune_recipe, masked_loss, train_gpt};
use rand::Rng;
use std::path::Path;
use tinytorch_autograd::no_grad;
use tinytorch_milestone_kit::{Evaluation, Floor, MilestoneError, Progress, training};
use tinytorch_tensor::seeded_rng;
use tinytorch_tokenization::{CharTokenizer, Tokenizer, load_tinytalk};
use tinytorch_transformers::{Gpt, GptConfig};

/// The identity of the TinyTalk GPT's recipe (change the recipe, change the string).
pub const TINYTALK_RECIPE: &str = "gpt_tinytalk v2: character model of module 10's TinyTalk \
     train split; Gpt(d_model 64, 2 layers, 4 heads, context 128); AdamW lr 3e-3 wd 0.01, \
     warmup 100 + cosine to 1e-4, clip 1.0, 600 steps of 8 windows of 128";

/// Training updates of the TinyTalk recipe.
pub const TINYTALK_STEPS: usize = 600;

/// The TinyTalk GPT's context: long enough that generating 100 characters after a short
/// prompt never slides the window, which is what a KV cache needs (learned positions).
pub const TINYTALK_CONTEXT: usize = 128;
const CONTEXT: usize = TINYTALK_CONTEXT;

const RECIPE: GptRecipe = GptRecipe {
    steps: TINYTALK_STEPS,
    batch: 8,
    seq: CONTEXT,
    max_lr: 3e-3,
    min_lr: 1e-4,
    warmup: 100,
    weight_decay: 0.01,
    clip: 1.0,
};

/// TinyTalk as token ids: the character tokenizer of the training text, and both splits.
#[derive(Clone, Debug)]
pub struct TinytalkData {
    /// Module 10's character tokenizer built from the training split (specials first).
    pub tokenizer: CharTokenizer,
    /// The training split's ids.
    pub train: Vec<usize>,
    /// The validation split's ids (a character unseen in training is `<unk>`).
    pub validation: Vec<usize>,
}

impl TinytalkData {
    /// Loads and tokenizes the corpus at `path` (usually
    /// `tinytorch_tokenization::default_tinytalk_path()`).
    ///
    /// # Errors
    /// [`MilestoneError::Data`] if the corpus is missing or malformed, or too short to train on.
    pub fn load(path: &Path) -> Result<TinytalkData, MilestoneError> {
        let data = |message: String| MilestoneError::Data {
            what: "the TinyTalk corpus",
            message,
        };
        let talk = load_tinytalk(path).map_err(|e| data(e.to_string()))?;
        let train_text = talk.train_text();
        let tokenizer = CharTokenizer::from_corpus(&train_text);
        let ids = |text: &str| -> Vec<usize> {
            tokenizer
                .encode(text)
                .into_iter()
                .map(|id| id as usize)
                .collect()
        };
        let (train, validation) = (ids(&train_text), ids(&talk.validation_text()));
        if train.len() <= CONTEXT + 1 || validation.len() <= CONTEXT {
            return Err(data(format!(
                "{}: the splits hold {} and {} characters, fewer than one window of {CONTEXT}",
                path.display(),
                train.len(),
                validation.len()
            )));
        }
        Ok(TinytalkData {
            tokenizer,
            train,
            validation,
        })
    }
}

/// The TinyTalk GPT's sizes for a vocabulary of `vocab_size`, weights drawn from `seed`.
pub fn tinytalk_config(vocab_size: usize, seed: u64) -> GptConfig {
    GptConfig {
        vocab_size,
        d_model: 64,
        num_layers: 2,
        num_heads: 4,
        max_seq_len: CONTEXT,
        seed,
    }
}

/// Trains a fresh TinyTalk GPT from `seed` (weights; windows drawn from `seed + 2`).
///
/// # Errors
/// [`MilestoneError::Training`] if the run fails (none is expected).
pub fn train_tinytalk(
    data: &TinytalkData,
    seed: u64,
    progress: Progress,
) -> Result<(Gpt, GptRun), MilestoneError> {
    let name = "gpt_tinytalk";
    let config = tinytalk_config(data.tokenizer.vocab_size(), seed);
    let gpt = Gpt::new(config).map_err(|e| training(name, e))?;
    let run = run_tinytalk(&gpt, data, &RECIPE, seed, progress, &|| {})?;
    Ok((gpt, run))
}

/// Fine-tunes a (pruned) TinyTalk GPT for `steps` updates, calling `after_step` after
/// every update (milestone 06 keeps the pruned weights at 0 there).
///
/// # Errors
/// [`MilestoneError::Training`] if the run fails.
pub fn fine_tune_tinytalk(
    gpt: &Gpt,
    data: &TinytalkData,
    seed: u64,
    steps: usize,
    after_step: &dyn Fn(),
    progress: Progress,
) -> Result<GptRun, MilestoneError> {
    let recipe = fine_tune_recipe(&RECIPE, steps);
    run_tinytalk(gpt, data, &recipe, seed, progress, after_step)
}

/// Trains `gpt` on random training windows drawn from `seed + 2`.
fn run_tinytalk(
    gpt: &Gpt,
    data: &TinytalkData,
    recipe: &GptRecipe,
    seed: u64,
    progress: Progress,
    after_step: &dyn Fn(),
) -> Result<GptRun, MilestoneError> {
    let mut rng = seeded_rng(seed.wrapping_add(2));
    let weights = vec![1.0; recipe.batch * CONTEXT];
    let (train, batch) = (&data.train, recipe.batch);
    train_gpt(
        "gpt_tinytalk",
        gpt,
        recipe,
        &mut rng,
        progress,
        after_step,
        |rng| {
            let mut x = Vec::with_capacity(batch * CONTEXT);
            let mut y = Vec::with_capacity(batch * CONTEXT);
            for _ in 0..batch {
                let at = rng.random_range(0..train.len() - CONTEXT);
                x.extend_from_slice(&train[at..at + CONTEXT]);
                y.extend_from_slice(&train[at + 1..at + CONTEXT + 1]);
            }
            (x, y, weights.clone())
        },
    )
}

/// The mean loss (nats per character) on the validation split, every character after the
/// first predicted once from consecutive windows of [`TINYTALK_CONTEXT`]; the baseline is the unigram
/// loss on the same characters (training frequencies, add-one smoothed). The floor: beat it.
///
/// # Errors
/// [`MilestoneError::Training`] if the model does not fit the data (another vocabulary).
pub fn evaluate_tinytalk(gpt: &Gpt, data: &TinytalkData) -> Result<Evaluation, MilestoneError> {
    let name = "gpt_tinytalk";
    let held = &data.validation;
    let (mut sum, mut count) = (0.0f64, 0usize);
    for chunk in held.windows(CONTEXT + 1).step_by(CONTEXT) {
        let logits = no_grad(gpt, |m| m.forward_ids(&chunk[..CONTEXT], 1, CONTEXT))
            .map_err(|e| training(name, e))?;
        let loss =
            masked_loss(&logits, &chunk[1..], &[1.0; CONTEXT]).map_err(|e| training(name, e))?;
        sum += f64::from(loss.item()) * CONTEXT as f64;
        count += CONTEXT;
    }
    let vocab = data.tokenizer.vocab_size();
    let mut counts = vec![1.0f64; vocab];
    data.train.iter().for_each(|&id| counts[id] += 1.0);
    let total: f64 = counts.iter().sum();
    let scored = &held[1..=count];
    let unigram = scored
        .iter()
        .map(|&id| -(counts[id] / total).ln())
        .sum::<f64>()
        / scored.len() as f64;
    let loss = sum / count as f64;
    Ok(Evaluation {
        metric: "held_out_loss",
        value: loss,
        floor: Floor::AtMost(unigram),
        baseline: Some(unigram),
        detail: format!("{count} held-out characters: {loss:.4} nats/char vs unigram {unigram:.4}"),
    })
}

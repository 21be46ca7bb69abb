//! The algorithmic task: sequence reversal, `abc3|3cba`. Inputs are 3 to 8 symbols from
//! `0-9a-z`; the model reads the input and the separator and must write the input
//! backwards. Trained with teacher forcing, the loss counted only on the answer tokens;
//! measured by exact match of greedy decoding on held-out inputs never trained on.

use super::common::{Batch, GptRecipe, GptRun, fine_tune_recipe, train_gpt};
use rand::Rng;
use std::collections::BTreeSet;
use tinytorch_milestone_kit::{Evaluation, Floor, MilestoneError, Progress, training};
use tinytorch_tensor::{ChaCha8Rng, seeded_rng};
use tinytorch_transformers::{Gpt, GptConfig, Sampling};

/// The identity of the reversal GPT's recipe (change the recipe, change the string).
pub const REVERSAL_RECIPE: &str = "gpt_reversal v1: Gpt(vocab 38, d_model 64, 2 layers, 4 heads, \
     context 32); AdamW lr 3e-3 wd 0.01, warmup 100 + cosine to 1e-4, clip 1.0, 600 steps of \
     64 sequences; 200 held-out inputs";

/// Training updates of the reversal recipe.
pub const REVERSAL_STEPS: usize = 600;
/// How many distinct held-out inputs measure the exact match.
pub const REVERSAL_HELD_OUT: usize = 200;

const PAD: usize = 0;
/// The separator between the input and its reversal (`|`).
pub const REVERSAL_SEP: usize = 1;
const SYMBOLS: usize = 36;
const MIN_LEN: usize = 3;
const MAX_LEN: usize = 8;
/// Input positions of the longest example: `x (8) | reversed x (8)` minus the last token.
const WINDOW: usize = 2 * MAX_LEN;
/// The exact-match floor: a recipe that learned the task reverses nearly every input.
const FLOOR: f64 = 0.90;

const RECIPE: GptRecipe = GptRecipe {
    steps: REVERSAL_STEPS,
    batch: 64,
    seq: WINDOW,
    max_lr: 3e-3,
    min_lr: 1e-4,
    warmup: 100,
    weight_decay: 0.01,
    clip: 1.0,
};

/// The reversal GPT's sizes, weights drawn from `seed`: 107,008 parameters.
pub fn reversal_config(seed: u64) -> GptConfig {
    GptConfig {
        vocab_size: 2 + SYMBOLS,
        d_model: 64,
        num_layers: 2,
        num_heads: 4,
        max_seq_len: 32,
        seed,
    }
}

/// The character of reversal token `id`: `.` for padding, `|` for the separator, else
/// one of `0-9a-z`.
///
/// ```
/// use tinytorch_milestone_transformer::reversal_symbol;
/// assert_eq!((reversal_symbol(1), reversal_symbol(2), reversal_symbol(12)), ('|', '0', 'a'));
/// ```
pub fn reversal_symbol(id: usize) -> char {
    match id {
        PAD => '.',
        REVERSAL_SEP => '|',
        _ => char::from_digit((id - 2) as u32, 36).unwrap_or('?'),
    }
}

/// A random input of `MIN_LEN..=MAX_LEN` symbol ids.
fn random_input(rng: &mut ChaCha8Rng) -> Vec<usize> {
    let len = rng.random_range(MIN_LEN..=MAX_LEN);
    (0..len).map(|_| 2 + rng.random_range(0..SYMBOLS)).collect()
}

/// The data RNG of `seed` after drawing the held-out inputs, and those inputs: drawn
/// first, so training (which continues the same RNG) can skip them.
fn held_out_and_rng(seed: u64) -> (BTreeSet<Vec<usize>>, ChaCha8Rng) {
    let mut rng = seeded_rng(seed.wrapping_add(1));
    let mut held_out = BTreeSet::new();
    while held_out.len() < REVERSAL_HELD_OUT {
        held_out.insert(random_input(&mut rng));
    }
    (held_out, rng)
}

/// The [`REVERSAL_HELD_OUT`] distinct held-out inputs of `seed` (token ids), sorted.
pub fn reversal_held_out(seed: u64) -> Vec<Vec<usize>> {
    held_out_and_rng(seed).0.into_iter().collect()
}

/// One padded batch: inputs, next-token targets, weight 1 only on answer tokens.
fn batch_of(inputs: &[Vec<usize>]) -> Batch {
    let mut ids = Vec::with_capacity(inputs.len() * WINDOW);
    let mut targets = Vec::with_capacity(inputs.len() * WINDOW);
    let mut weights = Vec::with_capacity(inputs.len() * WINDOW);
    for input in inputs {
        let mut seq = input.clone();
        seq.push(REVERSAL_SEP);
        seq.extend(input.iter().rev());
        let n = input.len();
        for t in 0..WINDOW {
            ids.push(seq.get(t).copied().unwrap_or(PAD));
            targets.push(seq.get(t + 1).copied().unwrap_or(PAD));
            // Position t predicts seq[t + 1]; the answer occupies seq[n + 1 ..= 2n].
            weights.push(if (n..2 * n).contains(&t) { 1.0 } else { 0.0 });
        }
    }
    (ids, targets, weights)
}

/// Trains a fresh reversal GPT from `seed` (weights, and the data from `seed + 1`).
///
/// # Errors
/// [`MilestoneError::Training`] if the run fails (none is expected).
pub fn train_reversal(seed: u64, progress: Progress) -> Result<(Gpt, GptRun), MilestoneError> {
    let name = "gpt_reversal";
    let gpt = Gpt::new(reversal_config(seed)).map_err(|e| training(name, e))?;
    let run = run_reversal(&gpt, &RECIPE, seed, progress, &|| {})?;
    Ok((gpt, run))
}

/// Fine-tunes a (pruned) reversal GPT for `steps` updates on the data stream of `seed`
/// (held-out inputs still excluded), calling `after_step` after every update (milestone
/// 06 keeps the pruned weights at 0 there).
///
/// # Errors
/// [`MilestoneError::Training`] if the run fails.
pub fn fine_tune_reversal(
    gpt: &Gpt,
    seed: u64,
    steps: usize,
    after_step: &dyn Fn(),
    progress: Progress,
) -> Result<GptRun, MilestoneError> {
    let recipe = fine_tune_recipe(&RECIPE, steps);
    run_reversal(gpt, &recipe, seed, progress, after_step)
}

/// Trains `gpt` on the reversal stream of `seed`, skipping the held-out inputs.
fn run_reversal(
    gpt: &Gpt,
    recipe: &GptRecipe,
    seed: u64,
    progress: Progress,
    after_step: &dyn Fn(),
) -> Result<GptRun, MilestoneError> {
    let (held_out, mut rng) = held_out_and_rng(seed);
    let batch = recipe.batch;
    train_gpt(
        "gpt_reversal",
        gpt,
        recipe,
        &mut rng,
        progress,
        after_step,
        |rng| {
            let inputs: Vec<Vec<usize>> = (0..batch)
                .map(|_| {
                    loop {
                        let input = random_input(rng);
                        if !held_out.contains(&input) {
                            break input;
                        }
                    }
                })
                .collect();
            batch_of(&inputs)
        },
    )
}

/// Exact match of greedy decoding on the held-out inputs of `seed`: the fraction whose
/// generated answer is exactly the reversed input.
///
/// # Errors
/// [`MilestoneError::Training`] if generation fails (a model of another vocabulary).
pub fn evaluate_reversal(gpt: &Gpt, seed: u64) -> Result<Evaluation, MilestoneError> {
    let held_out = reversal_held_out(seed);
    let mut unused = seeded_rng(0); // greedy decoding draws nothing
    let mut correct = 0;
    for input in &held_out {
        let mut prompt = input.clone();
        prompt.push(REVERSAL_SEP);
        let out = gpt
            .generate(&prompt, input.len(), Sampling::Greedy, &mut unused)
            .map_err(|e| training("gpt_reversal", e))?;
        let expected: Vec<usize> = input.iter().rev().copied().collect();
        correct += usize::from(out[prompt.len()..] == expected[..]);
    }
    Ok(Evaluation {
        metric: "exact_match",
        value: correct as f64 / held_out.len() as f64,
        floor: Floor::AtLeast(FLOOR),
        baseline: None,
        detail: format!(
            "{correct}/{} held-out inputs reversed exactly",
            held_out.len()
        ),
    })
}

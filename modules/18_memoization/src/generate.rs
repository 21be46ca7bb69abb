//! Generation from a module-13 [`Gpt`] (shared code): each function views the model's
//! weights as a [`CachedGpt`] (no copy) and runs the method of the same name; and the
//! sampling of one row of logits that the generation loops share.

use crate::{CacheError, CachedGpt, GenerationStats};
use ndarray::Array2;
use rand::Rng;
use tinytorch_transformers::{Gpt, Sampling, sample_token};

/// Extends `prompt` by `max_new_tokens` tokens with a KV cache (see
/// [`CachedGpt::generate_with_stats`]). Greedy decoding gives the tokens of
/// [`Gpt::generate`].
///
/// # Errors
/// As [`CachedGpt::generate_with_stats`].
///
/// ```
/// use tinytorch_memoization::generate_cached;
/// use tinytorch_tensor::seeded_rng;
/// use tinytorch_transformers::{Gpt, GptConfig, Sampling};
/// let config = GptConfig { vocab_size: 10, d_model: 8, num_layers: 1, num_heads: 2, max_seq_len: 16, seed: 0 };
/// let gpt = Gpt::new(config).unwrap();
/// let cached = generate_cached(&gpt, &[1, 2], 5, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
/// let plain = gpt.generate(&[1, 2], 5, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
/// assert_eq!(cached, plain);
/// ```
pub fn generate_cached(
    gpt: &Gpt,
    prompt: &[usize],
    max_new_tokens: usize,
    sampling: Sampling,
    rng: &mut impl Rng,
) -> Result<Vec<usize>, CacheError> {
    generate_cached_with_stats(gpt, prompt, max_new_tokens, sampling, rng).map(|(t, _)| t)
}

/// [`generate_cached`], also returning the cost of every step.
///
/// # Errors
/// As [`CachedGpt::generate_with_stats`].
pub fn generate_cached_with_stats(
    gpt: &Gpt,
    prompt: &[usize],
    max_new_tokens: usize,
    sampling: Sampling,
    rng: &mut impl Rng,
) -> Result<(Vec<usize>, GenerationStats), CacheError> {
    CachedGpt::new(gpt).generate_with_stats(prompt, max_new_tokens, sampling, rng)
}

/// The uncached baseline on the same kernels: a full forward pass over the context per
/// token (see [`CachedGpt::generate_uncached_with_stats`]).
///
/// # Errors
/// As [`CachedGpt::generate_uncached_with_stats`].
pub fn generate_uncached(
    gpt: &Gpt,
    prompt: &[usize],
    max_new_tokens: usize,
    sampling: Sampling,
    rng: &mut impl Rng,
) -> Result<Vec<usize>, CacheError> {
    generate_uncached_with_stats(gpt, prompt, max_new_tokens, sampling, rng).map(|(t, _)| t)
}

/// [`generate_uncached`], also returning the cost of every step.
///
/// # Errors
/// As [`CachedGpt::generate_uncached_with_stats`].
pub fn generate_uncached_with_stats(
    gpt: &Gpt,
    prompt: &[usize],
    max_new_tokens: usize,
    sampling: Sampling,
    rng: &mut impl Rng,
) -> Result<(Vec<usize>, GenerationStats), CacheError> {
    CachedGpt::new(gpt).generate_uncached_with_stats(prompt, max_new_tokens, sampling, rng)
}

/// Batched cached generation of prompts of different lengths, stopping each sequence at
/// `eos` (see [`CachedGpt::generate_batch_with_stats`]).
///
/// # Errors
/// As [`CachedGpt::generate_batch_with_stats`].
pub fn generate_batch_cached(
    gpt: &Gpt,
    prompts: &[Vec<usize>],
    max_new_tokens: usize,
    sampling: Sampling,
    rng: &mut impl Rng,
    eos: Option<usize>,
) -> Result<Vec<Vec<usize>>, CacheError> {
    generate_batch_cached_with_stats(gpt, prompts, max_new_tokens, sampling, rng, eos)
        .map(|(t, _)| t)
}

/// [`generate_batch_cached`], also returning the cost of every step.
///
/// # Errors
/// As [`CachedGpt::generate_batch_with_stats`].
pub fn generate_batch_cached_with_stats(
    gpt: &Gpt,
    prompts: &[Vec<usize>],
    max_new_tokens: usize,
    sampling: Sampling,
    rng: &mut impl Rng,
    eos: Option<usize>,
) -> Result<(Vec<Vec<usize>>, GenerationStats), CacheError> {
    CachedGpt::new(gpt).generate_batch_with_stats(prompts, max_new_tokens, sampling, rng, eos)
}

/// Samples a token from row `row` of `logits` with module 13's `sample_token`.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn sample_row(
    logits: &Array2<f32>,
    row: usize,
    sampling: Sampling,
    rng: &mut impl Rng,
) -> Result<usize, CacheError> {
    let row = logits.row(row);
    let id = match row.as_slice() {
        Some(slice) => sample_token(slice, sampling, rng)?,
        None => sample_token(&row.to_vec(), sampling, rng)?,
    };
    Ok(id)
}

//! Task 18.4: generation with the cache, and the uncached baseline on the same kernels.

use crate::generate::sample_row;
use crate::{CacheError, CachedGpt, GenerationStats, LogitRows, MacCounter};
use rand::Rng;
use tinytorch_transformers::Sampling;

impl CachedGpt {
    /// Extends `prompt` by `max_new_tokens` tokens with a KV cache: ONE prefill pass over
    /// the prompt gives the first new token, then each decode step feeds the token just
    /// sampled (at position `len - 1`) and gives the next. Sampling is module 13's
    /// `sample_token` on the logits of the last position, so with the same `rng` state the
    /// tokens are those of [`Gpt::generate`](tinytorch_transformers::Gpt::generate).
    /// Returns the prompt followed by the new tokens, and the cost of every step.
    ///
    /// # Errors
    /// [`CacheError::EmptyPrompt`], [`CacheError::TokenOutOfRange`], an invalid `sampling`
    /// ([`CacheError::Model`]), or [`CacheError::Full`] when `prompt.len() +
    /// max_new_tokens - 1` exceeds `max_seq_len` (checked before any work).
    pub fn generate_with_stats(
        &self,
        prompt: &[usize],
        max_new_tokens: usize,
        sampling: Sampling,
        rng: &mut impl Rng,
    ) -> Result<(Vec<usize>, GenerationStats), CacheError> {
        self.check_prompts(&[prompt], max_new_tokens, true)?;
        sampling.validate()?;
        // BEGIN SOLUTION 18.4
        let mut cache = self.new_cache(1)?;
        let mut stats = GenerationStats {
            cache_bytes: cache.memory_bytes(),
            ..GenerationStats::default()
        };
        let mut macs = MacCounter::new();
        let mut tokens = prompt.to_vec();
        for step in 0..max_new_tokens {
            let logits = if step == 0 {
                self.forward_step(&mut cache, &[prompt], LogitRows::Last, &mut macs)?
            } else {
                let last = [tokens[tokens.len() - 1]];
                self.forward_step(&mut cache, &[&last], LogitRows::Last, &mut macs)?
            };
            tokens.push(sample_row(&logits, 0, sampling, rng)?);
            stats.record(macs.take(), 1);
        }
        Ok((tokens, stats))
        // END SOLUTION
    }

    /// The baseline: the same kernels WITHOUT reusing anything. Every step runs a full
    /// forward pass over the context (the last `max_seq_len` tokens, as
    /// [`Gpt::generate`](tinytorch_transformers::Gpt::generate) does), through a scratch
    /// cache emptied first, and samples from the last position. The only difference from
    /// [`generate_with_stats`](CachedGpt::generate_with_stats) is the cache, so the ratio of
    /// their times is the cache's speedup.
    ///
    /// # Errors
    /// As [`generate_with_stats`](CachedGpt::generate_with_stats), except that a long
    /// generation slides its window instead of failing with [`CacheError::Full`].
    pub fn generate_uncached_with_stats(
        &self,
        prompt: &[usize],
        max_new_tokens: usize,
        sampling: Sampling,
        rng: &mut impl Rng,
    ) -> Result<(Vec<usize>, GenerationStats), CacheError> {
        self.check_prompts(&[prompt], max_new_tokens, false)?;
        sampling.validate()?;
        // BEGIN SOLUTION 18.4
        let mut scratch = self.new_cache(1)?;
        let mut stats = GenerationStats {
            cache_bytes: scratch.memory_bytes(),
            ..GenerationStats::default()
        };
        let mut macs = MacCounter::new();
        let mut tokens = prompt.to_vec();
        for _ in 0..max_new_tokens {
            let start = tokens.len().saturating_sub(self.config.max_seq_len);
            scratch.reset();
            let logits = self.forward_step(
                &mut scratch,
                &[&tokens[start..]],
                LogitRows::Last,
                &mut macs,
            )?;
            tokens.push(sample_row(&logits, 0, sampling, rng)?);
            stats.record(macs.take(), 1);
        }
        Ok((tokens, stats))
        // END SOLUTION
    }
}

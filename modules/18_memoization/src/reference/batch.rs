//! Task 18.5: batched generation of prompts of different lengths, with early stopping.

use crate::generate::sample_row;
use crate::{CacheError, CachedGpt, GenerationStats, LogitRows, MacCounter};
use rand::Rng;
use tinytorch_transformers::Sampling;

impl CachedGpt {
    /// Generates up to `max_new_tokens` tokens for every prompt at once, sharing each
    /// step's weight reads across the batch. Prompts may differ in length: each sequence
    /// keeps its own length in the cache (its own positions and its own causal mask), so
    /// nothing is padded. Step 0 prefills all prompts in one packed pass; each later step
    /// feeds one token per sequence still running. A sequence that samples `eos` keeps it
    /// as its last token and stops: it feeds nothing more and costs nothing more.
    ///
    /// Tokens are sampled in batch order at every step, each with module 13's
    /// `sample_token` on that sequence's last logits; with `Sampling::Greedy` every
    /// sequence gets exactly the tokens it would get alone.
    ///
    /// Returns each prompt followed by its new tokens, and the cost of every step.
    ///
    /// # Errors
    /// [`CacheError::EmptyBatch`], [`CacheError::EmptyPrompt`] naming the sequence,
    /// [`CacheError::TokenOutOfRange`], an invalid `sampling`, or [`CacheError::Full`]
    /// when a prompt plus `max_new_tokens - 1` exceeds `max_seq_len`.
    pub fn generate_batch_with_stats(
        &self,
        prompts: &[Vec<usize>],
        max_new_tokens: usize,
        sampling: Sampling,
        rng: &mut impl Rng,
        eos: Option<usize>,
    ) -> Result<(Vec<Vec<usize>>, GenerationStats), CacheError> {
        let slices: Vec<&[usize]> = prompts.iter().map(Vec::as_slice).collect();
        self.check_prompts(&slices, max_new_tokens, true)?;
        sampling.validate()?;
        // BEGIN SOLUTION 18.5
        let mut cache = self.new_cache(prompts.len())?;
        let mut stats = GenerationStats {
            cache_bytes: cache.memory_bytes(),
            ..GenerationStats::default()
        };
        let mut macs = MacCounter::new();
        let mut outputs = prompts.to_vec();
        // What each sequence feeds next: its whole prompt first, then its last token; an
        // empty feed once it has stopped.
        let mut feed: Vec<Vec<usize>> = prompts.to_vec();
        for _ in 0..max_new_tokens {
            if feed.iter().all(Vec::is_empty) {
                break;
            }
            let chunks: Vec<&[usize]> = feed.iter().map(Vec::as_slice).collect();
            let logits = self.forward_step(&mut cache, &chunks, LogitRows::Last, &mut macs)?;
            let mut row = 0; // logits has one row per sequence that fed tokens, in order
            for (output, next_feed) in outputs.iter_mut().zip(feed.iter_mut()) {
                if next_feed.is_empty() {
                    continue;
                }
                let next = sample_row(&logits, row, sampling, rng)?;
                row += 1;
                output.push(next);
                *next_feed = if Some(next) == eos {
                    Vec::new()
                } else {
                    vec![next]
                };
            }
            stats.record(macs.take(), row);
        }
        Ok((outputs, stats))
        // END SOLUTION
    }
}

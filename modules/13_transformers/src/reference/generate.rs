//! Task 13.5 (part 2): autoregressive generation.

use crate::{Gpt, ModelError, Sampling, sample_token};
use ndarray::Axis;
use rand::Rng;
use tinytorch_autograd::no_grad;

impl Gpt {
    /// Extends `prompt` by `max_new_tokens` tokens, one at a time: run the model on the
    /// context (the last `max_seq_len` tokens so far), pick the next token from the logits
    /// of the LAST position with `sampling`, append it, repeat. Returns the prompt followed
    /// by the new tokens.
    ///
    /// Runs with every parameter frozen ([`no_grad`]): no graph is recorded. Each step
    /// recomputes the whole context, so a step costs a full forward pass over up to
    /// `max_seq_len` tokens; module 18's KV cache removes that waste. The same `rng` state
    /// gives the same text.
    ///
    /// # Errors
    /// [`ModelError::EmptyPrompt`], an invalid `sampling` (see [`Sampling::validate`]), or
    /// a prompt id outside the vocabulary ([`ModelError::Embedding`]).
    ///
    /// ```
    /// use tinytorch_tensor::seeded_rng;
    /// use tinytorch_transformers::{Gpt, GptConfig, Sampling};
    /// let config = GptConfig { vocab_size: 10, d_model: 8, num_layers: 1, num_heads: 2, max_seq_len: 4, seed: 0 };
    /// let gpt = Gpt::new(config).unwrap();
    /// let out = gpt.generate(&[1, 2], 5, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
    /// assert_eq!(out.len(), 2 + 5);
    /// assert_eq!(&out[..2], &[1, 2]);
    /// assert!(out.iter().all(|&id| id < 10));
    /// ```
    pub fn generate(
        &self,
        prompt: &[usize],
        max_new_tokens: usize,
        sampling: Sampling,
        rng: &mut impl Rng,
    ) -> Result<Vec<usize>, ModelError> {
        if prompt.is_empty() {
            return Err(ModelError::EmptyPrompt);
        }
        // BEGIN SOLUTION 13.5
        sampling.validate()?;
        no_grad(self, |model| {
            let mut tokens = prompt.to_vec();
            for _ in 0..max_new_tokens {
                let start = tokens.len().saturating_sub(model.config.max_seq_len);
                let context = &tokens[start..];
                let logits = model.forward_ids(context, 1, context.len())?;
                let last: Vec<f32> = logits
                    .data()
                    .index_axis(Axis(0), 0)
                    .index_axis(Axis(0), context.len() - 1)
                    .iter()
                    .copied()
                    .collect();
                tokens.push(sample_token(&last, sampling, rng)?);
            }
            Ok(tokens)
        })
        // END SOLUTION
    }
}

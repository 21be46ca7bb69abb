//! Task 13.4: building the GPT and its forward pass.

use crate::{Gpt, GptConfig, LayerNorm, ModelError, TransformerBlock};
use tinytorch_attention::causal_mask;
use tinytorch_embeddings::{Embedding, PositionalEmbedding};
use tinytorch_layers::{Linear, Module};
use tinytorch_tensor::{Tensor, seeded_rng};

impl Gpt {
    /// Builds the model with weights drawn from `seeded_rng(config.seed)`, in this order:
    /// the token table, the position table, block 0 .. block L-1 (each: attention, then
    /// MLP), the head `Linear(D -> V)` without bias. LayerNorms start at `gamma = 1`,
    /// `beta = 0`.
    ///
    /// # Errors
    /// [`ModelError::ZeroSize`] or [`ModelError::Attention`] from
    /// [`GptConfig::validate`].
    pub fn new(config: GptConfig) -> Result<Gpt, ModelError> {
        config.validate()?;
        // BEGIN SOLUTION 13.4
        let mut rng = seeded_rng(config.seed);
        let d = config.d_model;
        let tok = Embedding::new(config.vocab_size, d, &mut rng);
        let pos = PositionalEmbedding::new(config.max_seq_len, d, &mut rng);
        let blocks = (0..config.num_layers)
            .map(|_| TransformerBlock::new(d, config.num_heads, &mut rng))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Gpt {
            config,
            tok,
            pos,
            blocks,
            ln_f: LayerNorm::new(d),
            lm_head: Linear::new_no_bias(d, config.vocab_size, &mut rng),
        })
        // END SOLUTION
    }

    /// The logits `[batch, seq, V]` for `batch` sequences of `seq` token ids each, given
    /// row by row in `ids` (`ids[b * seq + t]` is token `t` of sequence `b`). The logits at
    /// `[b, t]` score the token that follows position `t`, and depend only on the ids at
    /// positions `0..=t` of sequence `b` (the causal mask).
    ///
    /// # Errors
    /// [`ModelError::EmptyInput`] when `batch` or `seq` is 0; [`ModelError::Embedding`]
    /// when an id is not below `vocab_size`, `seq` exceeds `max_seq_len`, or
    /// `ids.len() != batch * seq`.
    pub fn forward_ids(
        &self,
        ids: &[usize],
        batch: usize,
        seq: usize,
    ) -> Result<Tensor, ModelError> {
        if batch == 0 || seq == 0 {
            return Err(ModelError::EmptyInput { batch, seq });
        }
        // BEGIN SOLUTION 13.4
        let x = self.tok.forward_ids(ids, &[batch, seq])?;
        let x = x.add(&self.pos.forward(seq, 0)?);
        let mask = causal_mask(seq);
        let x = self
            .blocks
            .iter()
            .fold(x, |x, block| block.forward_with_mask(&x, Some(&mask)));
        Ok(self.lm_head.forward(&self.ln_f.forward(&x)))
        // END SOLUTION
    }
}

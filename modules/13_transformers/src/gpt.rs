//! The `Gpt` decoder (shared code): its config, parts, accessors and `Module` plumbing.
//! Building it, its forward pass and generation are the exercises, in
//! `reference/gpt.rs` and `reference/generate.rs`.

use crate::named_parameters::prefixed_parameters;
use crate::{LayerNorm, ModelError, TransformerBlock};
use tinytorch_embeddings::{Embedding, PositionalEmbedding};
use tinytorch_layers::{Linear, Module, Parameter};
use tinytorch_tensor::Tensor;

/// The sizes of a [`Gpt`] and the seed its weights are drawn from.
///
/// ```
/// use tinytorch_transformers::{GptConfig, ModelError};
/// let config = GptConfig { vocab_size: 64, d_model: 32, num_layers: 2, num_heads: 4, max_seq_len: 32, seed: 0 };
/// assert!(config.validate().is_ok());
/// assert_eq!(
///     GptConfig { d_model: 0, ..config }.validate(),
///     Err(ModelError::ZeroSize { field: "d_model" })
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GptConfig {
    /// Number of token ids `V`.
    pub vocab_size: usize,
    /// Width of the residual stream `D`.
    pub d_model: usize,
    /// Number of transformer blocks `L`.
    pub num_layers: usize,
    /// Attention heads per block; must divide `d_model`.
    pub num_heads: usize,
    /// The longest context `S_max` (rows of the position table).
    pub max_seq_len: usize,
    /// Seed of the RNG every weight is drawn from.
    pub seed: u64,
}

impl GptConfig {
    /// Checks the sizes before anything is built.
    ///
    /// # Errors
    /// [`ModelError::ZeroSize`] naming the first size that is 0,
    /// [`ModelError::Attention`] when `num_heads` does not divide `d_model`.
    pub fn validate(&self) -> Result<(), ModelError> {
        let sizes = [
            ("vocab_size", self.vocab_size),
            ("d_model", self.d_model),
            ("num_layers", self.num_layers),
            ("num_heads", self.num_heads),
            ("max_seq_len", self.max_seq_len),
        ];
        if let Some(&(field, _)) = sizes.iter().find(|&&(_, n)| n == 0) {
            return Err(ModelError::ZeroSize { field });
        }
        if !self.d_model.is_multiple_of(self.num_heads) {
            return Err(ModelError::Attention(
                tinytorch_attention::AttentionError::HeadsDoNotDivide {
                    embed_dim: self.d_model,
                    num_heads: self.num_heads,
                },
            ));
        }
        Ok(())
    }

    /// The number of parameters a [`Gpt`] with this config holds:
    /// `V*D` (tokens) `+ S_max*D` (positions) `+ L*(12 D^2 + 13 D)` (blocks) `+ 2D`
    /// (final LayerNorm) `+ D*V` (the output head, no bias).
    pub fn num_parameters(&self) -> usize {
        let (v, d, l, s) = (
            self.vocab_size,
            self.d_model,
            self.num_layers,
            self.max_seq_len,
        );
        v * d + s * d + l * (12 * d * d + 13 * d) + 2 * d + d * v
    }
}

/// A decoder-only transformer (GPT-2's layout): token and learned position embeddings, `L`
/// pre-LN [`TransformerBlock`]s with causal attention, a final [`LayerNorm`] and a linear
/// head to `V` logits per position.
///
/// ```text
/// ids [B, S] -> tok(ids) + pos(0..S) -> block_1 .. block_L -> ln_f -> lm_head -> logits [B, S, V]
/// ```
///
/// The logits at position `t` depend only on the ids at positions `<= t`, so one forward
/// pass over a sequence trains all `S` next-token predictions at once (teacher forcing).
///
/// ```
/// use tinytorch_layers::Module;
/// use tinytorch_transformers::{Gpt, GptConfig};
/// let config = GptConfig { vocab_size: 11, d_model: 8, num_layers: 2, num_heads: 2, max_seq_len: 6, seed: 0 };
/// let gpt = Gpt::new(config).unwrap();
/// assert_eq!(gpt.num_parameters(), config.num_parameters());
/// let logits = gpt.forward_ids(&[1, 2, 3, 4, 5, 6], 2, 3).unwrap(); // 2 sequences of 3 ids
/// assert_eq!(logits.shape(), &[2, 3, 11]);
/// assert!(gpt.forward_ids(&[11], 1, 1).is_err()); // id 11 is not in a vocabulary of 11
/// ```
#[derive(Clone, Debug)]
pub struct Gpt {
    pub(crate) config: GptConfig,
    pub(crate) tok: Embedding,
    pub(crate) pos: PositionalEmbedding,
    pub(crate) blocks: Vec<TransformerBlock>,
    pub(crate) ln_f: LayerNorm,
    pub(crate) lm_head: Linear,
}

impl Gpt {
    /// The config the model was built from.
    pub fn config(&self) -> &GptConfig {
        &self.config
    }

    /// The token embedding `[V, D]`.
    pub fn tok(&self) -> &Embedding {
        &self.tok
    }

    /// The learned position embedding `[S_max, D]`.
    pub fn pos(&self) -> &PositionalEmbedding {
        &self.pos
    }

    /// The transformer blocks, first to last.
    pub fn blocks(&self) -> &[TransformerBlock] {
        &self.blocks
    }

    /// The final normalization, applied before the head.
    pub fn ln_f(&self) -> &LayerNorm {
        &self.ln_f
    }

    /// The output head `D -> V` (no bias).
    pub fn lm_head(&self) -> &Linear {
        &self.lm_head
    }
}

impl Module for Gpt {
    /// The logits `[B, S, V]` for ids given as a `[B, S]` tensor of whole numbers.
    ///
    /// # Panics
    /// If `x` is not 2-D or holds a value that is not a valid token id; use
    /// [`Gpt::forward_ids`] to get these as errors.
    fn forward(&self, x: &Tensor) -> Tensor {
        assert!(
            x.ndim() == 2,
            "{}: input must be a [batch, seq] tensor of token ids, got shape {:?}",
            self.name(),
            x.shape()
        );
        let ids: Vec<usize> = x
            .data()
            .iter()
            .map(|&v| {
                assert!(
                    v.is_finite() && v >= 0.0 && v.fract() == 0.0,
                    "Gpt::forward: {v} is not a token id (a non-negative integer)"
                );
                v as usize
            })
            .collect();
        self.forward_ids(&ids, x.shape()[0], x.shape()[1])
            .unwrap_or_else(|e| panic!("Gpt::forward: {e}"))
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        let mut parts: Vec<(String, &dyn Module)> =
            vec![("tok".into(), &self.tok), ("pos".into(), &self.pos)];
        for (i, block) in self.blocks.iter().enumerate() {
            parts.push((format!("blocks.{i}"), block));
        }
        parts.push(("ln_f".into(), &self.ln_f));
        parts.push(("lm_head".into(), &self.lm_head));
        prefixed_parameters(parts)
    }

    fn name(&self) -> String {
        let c = &self.config;
        format!(
            "Gpt(vocab={}, d_model={}, layers={}, heads={}, max_seq_len={})",
            c.vocab_size, c.d_model, c.num_layers, c.num_heads, c.max_seq_len
        )
    }
}

//! The pre-LN `TransformerBlock` (shared code): its sublayers, constructor, accessors and
//! `Module` plumbing. The residual forward pass is the exercise, in `reference/block.rs`.

use crate::named_parameters::prefixed_parameters;
use crate::{FeedForward, LayerNorm};
use rand::Rng;
use tinytorch_attention::{AttentionError, MultiHeadAttention, causal_mask};
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

/// One decoder block, in the pre-LN arrangement of GPT-2:
///
/// ```text
/// x = x + attn(ln1(x), mask)      every token reads from the tokens the mask allows
/// x = x + ff(ln2(x))              every token is transformed on its own
/// ```
///
/// The additions are the residual stream: each sublayer reads a normalized copy of the
/// stream and ADDS its result to it, so a block with zeroed output weights is the
/// identity and gradients reach early layers through the additions undiminished.
///
/// Parameters: `12 D^2 + 13 D` (attention `4 D^2 + 4 D`, MLP `8 D^2 + 5 D`, two
/// LayerNorms `4 D`).
///
/// ```
/// use tinytorch_attention::causal_mask;
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// use tinytorch_transformers::TransformerBlock;
///
/// let block = TransformerBlock::new(8, 2, &mut seeded_rng(0)).unwrap();
/// assert_eq!(block.num_parameters(), 12 * 64 + 13 * 8);
/// let x = Tensor::randn(&[2, 5, 8], &mut seeded_rng(1));
/// let y = block.forward_with_mask(&x, Some(&causal_mask(5)));
/// assert_eq!(y.shape(), &[2, 5, 8]);
/// assert_eq!(y.to_vec(), block.forward(&x).to_vec()); // Module::forward is causal
/// ```
#[derive(Clone, Debug)]
pub struct TransformerBlock {
    pub(crate) ln1: LayerNorm,
    pub(crate) attn: MultiHeadAttention,
    pub(crate) ln2: LayerNorm,
    pub(crate) ff: FeedForward,
}

impl TransformerBlock {
    /// The MLP expansion of GPT-2: the hidden layer is 4 times the model width.
    pub const EXPANSION: usize = 4;

    /// A block of width `d_model` with `num_heads` heads and a `4 * d_model` MLP; the
    /// attention weights then the MLP weights are drawn from `rng`.
    ///
    /// # Errors
    /// As [`MultiHeadAttention::new`]: `num_heads` must divide `d_model`, both at least 1.
    pub fn new(
        d_model: usize,
        num_heads: usize,
        rng: &mut impl Rng,
    ) -> Result<TransformerBlock, AttentionError> {
        let attn = MultiHeadAttention::new(d_model, num_heads, rng)?;
        Ok(TransformerBlock {
            ln1: LayerNorm::new(d_model),
            attn,
            ln2: LayerNorm::new(d_model),
            ff: FeedForward::new(d_model, TransformerBlock::EXPANSION, rng),
        })
    }

    /// The normalization before attention.
    pub fn ln1(&self) -> &LayerNorm {
        &self.ln1
    }

    /// The multi-head self-attention.
    pub fn attn(&self) -> &MultiHeadAttention {
        &self.attn
    }

    /// The normalization before the MLP.
    pub fn ln2(&self) -> &LayerNorm {
        &self.ln2
    }

    /// The position-wise MLP.
    pub fn ff(&self) -> &FeedForward {
        &self.ff
    }

    /// The model width `D`.
    pub fn d_model(&self) -> usize {
        self.ln1.dim()
    }
}

impl Module for TransformerBlock {
    /// The block with a causal mask, for `x` of shape `[B, S, D]`: what a decoder uses.
    ///
    /// # Panics
    /// If `x` is not `[B, S, D]` with this block's `D`.
    fn forward(&self, x: &Tensor) -> Tensor {
        assert!(
            x.ndim() == 3,
            "{}: input must have shape [batch, seq, {}], got {:?}",
            self.name(),
            self.d_model(),
            x.shape()
        );
        self.forward_with_mask(x, Some(&causal_mask(x.shape()[1])))
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        let parts: [(&str, &dyn Module); 4] = [
            ("ln1", &self.ln1),
            ("attn", &self.attn),
            ("ln2", &self.ln2),
            ("ff", &self.ff),
        ];
        prefixed_parameters(parts)
    }

    fn name(&self) -> String {
        format!(
            "TransformerBlock(d_model={}, heads={})",
            self.d_model(),
            self.attn.num_heads()
        )
    }
}

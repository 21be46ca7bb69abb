//! The `MultiHeadAttention` type, its accessors and its `Module` impl (shared code). The
//! constructor and the forward pass are the exercises, in `reference/mha.rs`.

use crate::{merge_heads, split_heads};
use tinytorch_layers::{Linear, Module, Parameter};
use tinytorch_tensor::Tensor;

/// Multi-head self-attention (Vaswani et al. 2017): four `Linear(D -> D)` projections and
/// `num_heads` heads of width `head_dim = D / num_heads`.
///
/// For an input `x` of shape `[B, S, D]`:
///
/// ```text
/// q, k, v = split_heads(x @ Wq + bq), split_heads(x @ Wk + bk), split_heads(x @ Wv + bv)   [B, H, S, hd]
/// ctx, weights = scaled_dot_product_attention(q, k, v, mask)                              [B, H, S, hd], [B, H, S, S]
/// out = merge_heads(ctx) @ Wo + bo                                                         [B, S, D]
/// ```
///
/// Parameters: `4 * (D^2 + D)`. Masks are additive (see [`causal_mask`](crate::causal_mask)).
///
/// Two ways to call it: the inherent [`forward`](MultiHeadAttention::forward) takes a mask,
/// and the [`Module::forward`] of the trait applies NO mask (bidirectional attention, as in
/// an encoder). A decoder passes [`causal_mask`](crate::causal_mask) to the inherent method.
///
/// ```
/// use tinytorch_attention::{MultiHeadAttention, causal_mask};
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let mha = MultiHeadAttention::new(8, 2, &mut seeded_rng(0)).unwrap();
/// assert_eq!((mha.num_heads(), mha.head_dim()), (2, 4));
/// assert_eq!(mha.num_parameters(), 4 * (8 * 8 + 8));
///
/// let x = Tensor::randn(&[3, 5, 8], &mut seeded_rng(1)); // 3 sequences of 5 tokens
/// let (y, weights) = mha.forward_with_weights(&x, Some(&causal_mask(5)));
/// assert_eq!(y.shape(), &[3, 5, 8]);
/// assert_eq!(weights.shape(), &[3, 2, 5, 5]); // one S x S map per sequence and head
/// assert!(MultiHeadAttention::new(10, 3, &mut seeded_rng(0)).is_err()); // 10 % 3 != 0
/// ```
#[derive(Clone, Debug)]
pub struct MultiHeadAttention {
    pub(crate) q_proj: Linear,
    pub(crate) k_proj: Linear,
    pub(crate) v_proj: Linear,
    pub(crate) out_proj: Linear,
    pub(crate) num_heads: usize,
    pub(crate) head_dim: usize,
}

impl MultiHeadAttention {
    /// `x -> out` for `x` of shape `[B, S, D]`, with an optional additive `mask` that
    /// broadcasts onto the scores `[B, H, S, S]` (e.g. [`causal_mask`](crate::causal_mask)
    /// `[S, S]` or [`padding_mask`](crate::padding_mask) `[B, 1, 1, S]`).
    ///
    /// # Panics
    /// As [`forward_with_weights`](MultiHeadAttention::forward_with_weights).
    pub fn forward(&self, x: &Tensor, mask: Option<&Tensor>) -> Tensor {
        self.forward_with_weights(x, mask).0
    }

    /// Splits `[B, S, D]` into this layer's heads, `[B, H, S, head_dim]` (see
    /// [`split_heads`]). Module 18's KV cache uses it to store keys and values per head.
    pub fn split_heads(&self, x: &Tensor) -> Tensor {
        split_heads(x, self.num_heads)
    }

    /// Joins `[B, H, S, head_dim]` back into `[B, S, D]` (see [`merge_heads`]).
    pub fn merge_heads(&self, x: &Tensor) -> Tensor {
        merge_heads(x)
    }

    /// The query projection `D -> D`.
    pub fn q_proj(&self) -> &Linear {
        &self.q_proj
    }

    /// The key projection `D -> D`.
    pub fn k_proj(&self) -> &Linear {
        &self.k_proj
    }

    /// The value projection `D -> D`.
    pub fn v_proj(&self) -> &Linear {
        &self.v_proj
    }

    /// The output projection `D -> D`, applied after the heads are merged.
    pub fn out_proj(&self) -> &Linear {
        &self.out_proj
    }

    /// The number of heads `H`.
    pub fn num_heads(&self) -> usize {
        self.num_heads
    }

    /// The width of one head, `D / H`.
    pub fn head_dim(&self) -> usize {
        self.head_dim
    }

    /// The model width `D = H * head_dim`.
    pub fn embed_dim(&self) -> usize {
        self.num_heads * self.head_dim
    }

    /// Panics unless `x` is `[B, S, D]` with this layer's `D`.
    pub(crate) fn check_input(&self, x: &Tensor) {
        assert!(
            x.ndim() == 3 && x.shape()[2] == self.embed_dim(),
            "{}: input must have shape [batch, seq, {}], got {:?}",
            self.name(),
            self.embed_dim(),
            x.shape()
        );
    }
}

impl Module for MultiHeadAttention {
    /// Attention WITHOUT a mask: every position sees every other one (an encoder). For a
    /// decoder call the inherent `forward(x, Some(&causal_mask(S)))` instead.
    fn forward(&self, x: &Tensor) -> Tensor {
        MultiHeadAttention::forward(self, x, None)
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        let projections = [
            ("q_proj", &self.q_proj),
            ("k_proj", &self.k_proj),
            ("v_proj", &self.v_proj),
            ("out_proj", &self.out_proj),
        ];
        projections
            .into_iter()
            .flat_map(|(prefix, layer)| {
                layer
                    .named_parameters()
                    .into_iter()
                    .map(move |(name, p)| (format!("{prefix}.{name}"), p))
            })
            .collect()
    }

    fn name(&self) -> String {
        format!(
            "MultiHeadAttention(embed_dim={}, heads={})",
            self.embed_dim(),
            self.num_heads
        )
    }
}

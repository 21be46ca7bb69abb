//! Task 12.4: the multi-head attention layer: constructor and forward pass.

use crate::{
    AttentionError, MultiHeadAttention, merge_heads, scaled_dot_product_attention, split_heads,
};
use rand::Rng;
use tinytorch_layers::{Linear, Module};
use tinytorch_tensor::Tensor;

impl MultiHeadAttention {
    /// A layer of width `embed_dim` with `num_heads` heads of `embed_dim / num_heads`
    /// features: four `Linear(embed_dim -> embed_dim)` (query, key, value, output; weights
    /// drawn from `rng` in that order, biases zero).
    ///
    /// # Errors
    /// [`AttentionError::HeadsDoNotDivide`] when `num_heads` does not divide `embed_dim`,
    /// [`AttentionError::ZeroSize`] when either is 0.
    ///
    /// ```
    /// use tinytorch_attention::{AttentionError, MultiHeadAttention};
    /// use tinytorch_tensor::seeded_rng;
    /// let err = MultiHeadAttention::new(10, 3, &mut seeded_rng(0)).unwrap_err();
    /// assert_eq!(err, AttentionError::HeadsDoNotDivide { embed_dim: 10, num_heads: 3 });
    /// ```
    pub fn new(
        embed_dim: usize,
        num_heads: usize,
        rng: &mut impl Rng,
    ) -> Result<MultiHeadAttention, AttentionError> {
        // BEGIN SOLUTION 12.4
        if embed_dim == 0 || num_heads == 0 {
            return Err(AttentionError::ZeroSize {
                embed_dim,
                num_heads,
            });
        }
        if !embed_dim.is_multiple_of(num_heads) {
            return Err(AttentionError::HeadsDoNotDivide {
                embed_dim,
                num_heads,
            });
        }
        Ok(MultiHeadAttention {
            q_proj: Linear::new(embed_dim, embed_dim, rng),
            k_proj: Linear::new(embed_dim, embed_dim, rng),
            v_proj: Linear::new(embed_dim, embed_dim, rng),
            out_proj: Linear::new(embed_dim, embed_dim, rng),
            num_heads,
            head_dim: embed_dim / num_heads,
        })
        // END SOLUTION
    }

    /// Like [`forward`](MultiHeadAttention::forward), also returning the attention weights
    /// `[B, H, S, S]` (for inspection and plots: row `i` of head `h` shows where token `i`
    /// looked).
    ///
    /// # Panics
    /// If `x` is not `[B, S, embed_dim]`, naming the layer and the shape, or if the mask
    /// does not broadcast onto `[B, H, S, S]`.
    pub fn forward_with_weights(&self, x: &Tensor, mask: Option<&Tensor>) -> (Tensor, Tensor) {
        self.check_input(x);
        // BEGIN SOLUTION 12.4
        let heads = |proj: &Linear| split_heads(&proj.forward(x), self.num_heads);
        let (q, k, v) = (
            heads(&self.q_proj),
            heads(&self.k_proj),
            heads(&self.v_proj),
        );
        let (context, weights) = scaled_dot_product_attention(&q, &k, &v, mask);
        (self.out_proj.forward(&merge_heads(&context)), weights)
        // END SOLUTION
    }
}

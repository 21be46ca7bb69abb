//! Task 13.3: the pre-LN transformer block with its two residual connections.

use crate::TransformerBlock;
use tinytorch_layers::Module;
use tinytorch_tensor::Tensor;

impl TransformerBlock {
    /// The block for `x` of shape `[B, S, D]` with an optional additive attention `mask`
    /// (pass [`causal_mask`](tinytorch_attention::causal_mask)`(S)` for a decoder; a KV
    /// cache passes its own). Returns `[B, S, D]`:
    ///
    /// ```text
    /// h   = x + attn(ln1(x), mask)
    /// out = h + ff(ln2(h))
    /// ```
    ///
    /// # Panics
    /// If `x` is not `[B, S, D]` with this block's `D`, or the mask does not broadcast onto
    /// the attention scores `[B, H, S, S]`.
    pub fn forward_with_mask(&self, x: &Tensor, mask: Option<&Tensor>) -> Tensor {
        // BEGIN SOLUTION 13.3
        let h = x.add(&self.attn.forward(&self.ln1.forward(x), mask));
        h.add(&self.ff.forward(&self.ln2.forward(&h)))
        // END SOLUTION
    }
}

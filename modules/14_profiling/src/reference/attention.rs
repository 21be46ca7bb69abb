//! Task 14.4: FLOPs of attention and of the transformer's feed-forward block.

use crate::linear_flops;

/// FLOPs of multi-head self-attention over `batch` sequences of `seq` tokens of width
/// `d_model` (any number of heads: they split `D`, not the work):
///
/// ```text
/// projections  q, k, v, out: 4 matmuls [S, D] x [D, D]        4 * 2 * S * D^2
/// scores       q k^T per head, summed over heads: S x S x D    2 * S^2 * D
/// values       weights v, the same size                        2 * S^2 * D
/// ```
///
/// all times `batch`. Softmax, scaling and masking are O(S^2) elementwise and not counted.
/// A causal mask does not save work here: the masked half is computed, then zeroed.
///
/// ```
/// use tinytorch_profiling::attention_flops;
/// // S = 32, D = 64: 8 * 32 * 4096 + 4 * 1024 * 64
/// assert_eq!(attention_flops(1, 32, 64), 1_048_576 + 262_144);
/// ```
pub fn attention_flops(batch: usize, seq: usize, d_model: usize) -> u64 {
    // BEGIN SOLUTION 14.4
    let projections = 4 * linear_flops(batch * seq, d_model, d_model);
    let scores = 2 * (batch * seq * seq * d_model) as u64;
    let values = 2 * (batch * seq * seq * d_model) as u64;
    projections + scores + values
    // END SOLUTION
}

/// FLOPs of the feed-forward block `fc2(gelu(fc1(x)))`, `D -> hidden -> D`, on `rows`
/// token vectors: two matmuls; GELU is not counted. With `hidden = 4 D` this is
/// `16 * rows * D^2`, twice the attention projections.
///
/// ```
/// use tinytorch_profiling::feed_forward_flops;
/// assert_eq!(feed_forward_flops(32, 64, 256), 16 * 32 * 64 * 64); // 2,097,152
/// ```
pub fn feed_forward_flops(rows: usize, d_model: usize, hidden: usize) -> u64 {
    // BEGIN SOLUTION 14.4
    linear_flops(rows, d_model, hidden) + linear_flops(rows, hidden, d_model)
    // END SOLUTION
}

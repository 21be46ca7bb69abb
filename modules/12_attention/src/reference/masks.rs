//! Task 12.2: additive attention masks.
//!
//! A mask is ADDED to the attention scores before the softmax: 0 where attention is
//! allowed, `-inf` where it is blocked. `e^(-inf) = 0`, so a blocked key gets a weight of
//! exactly 0, and the allowed keys share the whole probability mass. Masks broadcast onto
//! the scores `[B, H, S_q, S_k]`, and two masks combine by adding them.

use ndarray::{ArrayD, IxDyn};
use tinytorch_tensor::Tensor;

/// The causal (look-ahead) mask `[S, S]`: query `i` may attend to keys `j <= i` (value 0)
/// and not to the future `j > i` (value `-inf`).
///
/// ```
/// use tinytorch_attention::causal_mask;
/// let inf = f32::NEG_INFINITY;
/// assert_eq!(causal_mask(3).to_vec(), vec![
///     0.0, inf, inf,
///     0.0, 0.0, inf,
///     0.0, 0.0, 0.0,
/// ]);
/// ```
pub fn causal_mask(seq_len: usize) -> Tensor {
    // BEGIN SOLUTION 12.2
    let mask = ArrayD::from_shape_fn(IxDyn(&[seq_len, seq_len]), |idx| {
        let (query, key) = (idx[0], idx[1]);
        if key > query { f32::NEG_INFINITY } else { 0.0 }
    });
    Tensor::from_array(mask)
    // END SOLUTION
}

/// The padding mask `[B, 1, 1, S]` for a batch of sequences padded to `seq_len`, where
/// sequence `b` holds `lengths[b]` real tokens: keys at positions `>= lengths[b]` are
/// blocked (`-inf`), the others allowed (0). The two axes of size 1 broadcast over the heads
/// and the queries. A length of 0 blocks every key: those rows of the attention weights are
/// all zeros (see [`scaled_dot_product_attention`](crate::scaled_dot_product_attention)).
///
/// # Panics
/// If a length exceeds `seq_len`, naming both.
///
/// ```
/// use tinytorch_attention::padding_mask;
/// let inf = f32::NEG_INFINITY;
/// let mask = padding_mask(&[3, 1], 3);
/// assert_eq!(mask.shape(), &[2, 1, 1, 3]);
/// assert_eq!(mask.to_vec(), vec![0.0, 0.0, 0.0, 0.0, inf, inf]);
/// ```
pub fn padding_mask(lengths: &[usize], seq_len: usize) -> Tensor {
    if let Some((b, &len)) = lengths.iter().enumerate().find(|&(_, &l)| l > seq_len) {
        panic!("padding_mask: lengths[{b}] = {len} exceeds seq_len = {seq_len}");
    }
    // BEGIN SOLUTION 12.2
    let mask = ArrayD::from_shape_fn(IxDyn(&[lengths.len(), 1, 1, seq_len]), |idx| {
        let (key, len) = (idx[3], lengths[idx[0]]);
        if key >= len { f32::NEG_INFINITY } else { 0.0 }
    });
    Tensor::from_array(mask)
    // END SOLUTION
}

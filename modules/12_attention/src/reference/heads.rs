//! Task 12.3: splitting the model width into heads and merging the heads back.

use tinytorch_tensor::Tensor;

/// Splits `x` of shape `[B, S, D]` into `num_heads` heads: `[B, H, S, D / H]`, where head
/// `h` holds features `h * hd .. (h + 1) * hd` of every position:
/// `out[b, h, s, j] = x[b, s, h * hd + j]`.
///
/// Two steps: a reshape to `[B, S, H, hd]` (free: it only regroups the last axis), then
/// a permute to `[B, H, S, hd]` so that each head is a `[S, hd]` matrix for the batched
/// matmuls of attention. Reshaping straight to `[B, H, S, hd]` would have the right shape
/// and mix positions into heads.
///
/// # Panics
/// If `x` is not 3-D or `D` is not divisible by `num_heads`, naming the shape.
///
/// ```
/// use tinytorch_attention::{merge_heads, split_heads};
/// use tinytorch_tensor::Tensor;
/// // One sequence of 2 tokens with 4 features; 2 heads of 2 features.
/// let x = Tensor::arange(0.0, 8.0, 1.0).reshape(&[1, 2, 4]);
/// let heads = split_heads(&x, 2);
/// assert_eq!(heads.shape(), &[1, 2, 2, 2]);
/// // head 0 = features 0..2 of tokens 0 and 1, head 1 = features 2..4
/// assert_eq!(heads.to_vec(), vec![0.0, 1.0, 4.0, 5.0, 2.0, 3.0, 6.0, 7.0]);
/// assert_eq!(merge_heads(&heads).to_vec(), x.to_vec());
/// ```
pub fn split_heads(x: &Tensor, num_heads: usize) -> Tensor {
    let shape = x.shape();
    assert!(
        shape.len() == 3 && num_heads > 0 && shape[2].is_multiple_of(num_heads),
        "split_heads: input must be [batch, seq, embed_dim] with embed_dim divisible by \
         num_heads = {num_heads}, got {shape:?}"
    );
    // BEGIN SOLUTION 12.3
    let (batch, seq, embed_dim) = (shape[0], shape[1], shape[2]);
    x.reshape(&[batch, seq, num_heads, embed_dim / num_heads])
        .permute(&[0, 2, 1, 3])
    // END SOLUTION
}

/// The inverse of [`split_heads`]: `[B, H, S, hd]` to `[B, S, H * hd]`, with
/// `out[b, s, h * hd + j] = x[b, h, s, j]` (permute back to `[B, S, H, hd]`, then reshape).
///
/// # Panics
/// If `x` is not 4-D, naming the shape.
pub fn merge_heads(x: &Tensor) -> Tensor {
    let shape = x.shape();
    assert!(
        shape.len() == 4,
        "merge_heads: input must be [batch, heads, seq, head_dim], got {shape:?}"
    );
    // BEGIN SOLUTION 12.3
    let (batch, heads, seq, head_dim) = (shape[0], shape[1], shape[2], shape[3]);
    x.permute(&[0, 2, 1, 3])
        .reshape(&[batch, seq, heads * head_dim])
    // END SOLUTION
}

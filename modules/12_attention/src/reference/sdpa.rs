//! Task 12.1: scaled dot-product attention, built from ops whose backward exists already.

use crate::shape_check::check_shapes;
use tinytorch_activations::softmax;
use tinytorch_tensor::Tensor;

/// `softmax(q @ k^T / sqrt(d_k) + mask) @ v`, returning `(out, weights)`.
///
/// Shapes: `q` is `[..., S_q, d_k]`, `k` is `[..., S_k, d_k]`, `v` is `[..., S_k, d_v]`, with
/// the same leading axes (none, `[B]` or `[B, H]`). The weights are `[..., S_q, S_k]`: row
/// `i` is the distribution of query `i` over the keys (it sums to 1, or is all zeros when
/// the mask blocks every key). The output is `[..., S_q, d_v]`: row `i` is the
/// weights-average of the value rows.
///
/// `mask` is ADDITIVE (0 = allowed, `-inf` = blocked; see [`causal_mask`](crate::causal_mask)
/// and [`padding_mask`](crate::padding_mask)) and must broadcast onto the weights' shape.
/// Why divide by `sqrt(d_k)`: for q and k with unit-variance entries, `q . k` has variance
/// `d_k`; unscaled, wide heads push the softmax into saturation, where its gradient vanishes.
///
/// # Panics
/// If `q`, `k`, `v` have rank < 2, or `q` and `k` differ in `d_k`, or `k` and `v` differ in
/// the number of keys, naming the shapes (and the matmul / broadcast panics of module 01
/// for leading axes or a mask that do not broadcast).
///
/// ```
/// use tinytorch_attention::scaled_dot_product_attention;
/// use tinytorch_tensor::Tensor;
/// // Identical keys: every query spreads its attention evenly over the 2 keys.
/// let q = Tensor::ones(&[1, 2, 4]);
/// let k = Tensor::ones(&[1, 2, 4]);
/// let v = Tensor::from_vec(vec![1.0, 0.0, 3.0, 2.0], &[1, 2, 2]).unwrap();
/// let (out, weights) = scaled_dot_product_attention(&q, &k, &v, None);
/// assert_eq!(weights.to_vec(), vec![0.5; 4]);
/// assert_eq!(out.to_vec(), vec![2.0, 1.0, 2.0, 1.0]); // the mean of the value rows
/// ```
pub fn scaled_dot_product_attention(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    check_shapes(q, k, v);
    // BEGIN SOLUTION 12.1
    let d_k = q.shape()[q.ndim() - 1];
    // [..., S_q, d_k] @ [..., d_k, S_k] = [..., S_q, S_k]
    let scores = q
        .matmul(&k.transpose(-2, -1))
        .mul_scalar(1.0 / (d_k as f32).sqrt());
    // The mask goes in BEFORE the softmax: e^(-inf) = 0 removes a key from the distribution.
    let scores = match mask {
        Some(mask) => scores.add(mask),
        None => scores,
    };
    let weights = softmax(&scores, -1);
    let out = weights.matmul(v);
    (out, weights)
    // END SOLUTION
}

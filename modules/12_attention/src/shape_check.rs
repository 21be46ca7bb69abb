//! The shape check of scaled dot-product attention: a clear panic naming the shapes
//! before any math runs.

use tinytorch_tensor::Tensor;

/// Panics with a message naming the shapes unless `q`, `k`, `v` fit together.
pub(crate) fn check_shapes(q: &Tensor, k: &Tensor, v: &Tensor) {
    let (qs, ks, vs) = (q.shape(), k.shape(), v.shape());
    assert!(
        qs.len() >= 2 && ks.len() >= 2 && vs.len() >= 2,
        "scaled_dot_product_attention: q, k, v need rank >= 2 ([..., seq, dim]), got {qs:?}, {ks:?}, {vs:?}"
    );
    assert!(
        qs[qs.len() - 1] == ks[ks.len() - 1],
        "scaled_dot_product_attention: q {qs:?} and k {ks:?} must have the same last axis d_k"
    );
    assert!(
        ks[ks.len() - 2] == vs[vs.len() - 2],
        "scaled_dot_product_attention: k {ks:?} and v {vs:?} must have the same number of keys (axis -2)"
    );
}

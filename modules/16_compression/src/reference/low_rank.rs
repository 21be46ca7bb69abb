//! Task 16.6: low-rank factorization of a Linear layer by truncated SVD.

use crate::svd;
use ndarray::{Array2, Ix2, s};
use tinytorch_layers::Linear;
use tinytorch_tensor::Tensor;

/// Replaces `linear` (`W [in, out]`, bias `b`) by two layers `in -> rank -> out` whose
/// product is the best rank-`rank` approximation of `W` (Eckart-Young): with the SVD
/// `W = U diag(s) Vt`, keep the `rank` LARGEST singular values,
/// `A = U[:, :r] diag(s[:r])` (`[in, r]`, no bias) and `B = Vt[:r, :]` (`[r, out]`, bias `b`).
///
/// `x @ A @ B + b` approximates `x @ W + b`; the Frobenius error of the weight is
/// `sqrt(s[r]^2 + s[r+1]^2 + ...)`, the singular values dropped. The parameter count
/// drops from `in * out` to `rank * (in + out)` (plus the bias), a saving only when
/// `rank < in * out / (in + out)`.
///
/// # Panics
/// If `rank` is 0 or larger than `min(in, out)`.
///
/// ```
/// use tinytorch_compression::low_rank_factorize;
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::seeded_rng;
/// let layer = Linear::new(64, 32, &mut seeded_rng(0));
/// let (a, b) = low_rank_factorize(&layer, 8);
/// assert_eq!((a.in_features(), a.out_features(), b.out_features()), (64, 8, 32));
/// assert_eq!(a.num_parameters() + b.num_parameters(), 8 * (64 + 32) + 32);
/// ```
pub fn low_rank_factorize(linear: &Linear, rank: usize) -> (Linear, Linear) {
    // BEGIN SOLUTION 16.6
    let (inp, out) = (linear.in_features(), linear.out_features());
    let max_rank = inp.min(out);
    assert!(
        (1..=max_rank).contains(&rank),
        "low_rank_factorize: rank {rank} for a {inp} x {out} weight (rank must be in 1..={max_rank})"
    );
    let w = linear.weight().get();
    let w = w.data().view().into_dimensionality::<Ix2>().expect("2-D");
    let d = svd(w);
    // Scale the columns of U by the singular values: A = U_r diag(s_r).
    let mut a: Array2<f32> = d.u.slice(s![.., ..rank]).to_owned();
    for (mut col, &sigma) in a.columns_mut().into_iter().zip(d.s.iter()) {
        col *= sigma;
    }
    let b = d.vt.slice(s![..rank, ..]).to_owned();
    let first =
        Linear::from_parameters(Tensor::from_array(a.into_dyn()), None).expect("a 2-D factor");
    let bias = linear.bias().map(|p| p.get().detach());
    let second = Linear::from_parameters(Tensor::from_array(b.into_dyn()), bias)
        .expect("a 2-D factor with the original bias");
    (first, second)
    // END SOLUTION
}

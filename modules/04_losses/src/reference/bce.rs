//! Task 04.4: binary cross-entropy on probabilities.

use super::reduce::reduce;
use crate::{BCE_EPSILON, Reduction};
use tinytorch_tensor::Tensor;

/// Binary cross-entropy: `-(t ln p + (1 - t) ln(1 - p))` per element, then `reduction`.
///
/// `probs` are probabilities (a sigmoid's output), `targets` are 0 or 1 (or soft labels in
/// between). The probabilities are first clamped to `[BCE_EPSILON, 1 - BCE_EPSILON]`
/// ([`BCE_EPSILON`](crate::BCE_EPSILON) = 1e-7) so that `p = 0` or `p = 1` gives a large
/// finite loss instead of `ln 0 = -inf` (or `0 × -inf = NaN`). Composed of tensor ops.
///
/// # Panics
/// If the shapes differ, naming both.
///
/// ```
/// use tinytorch_losses::{Reduction, binary_cross_entropy};
/// use tinytorch_tensor::Tensor;
/// let p = Tensor::from_vec(vec![0.5, 0.5], &[2]).unwrap();
/// let t = Tensor::from_vec(vec![1.0, 0.0], &[2]).unwrap();
/// let loss = binary_cross_entropy(&p, &t, Reduction::Mean).item();
/// assert!((loss - std::f32::consts::LN_2).abs() < 1e-6); // a coin flip costs ln 2
/// ```
pub fn binary_cross_entropy(probs: &Tensor, targets: &Tensor, reduction: Reduction) -> Tensor {
    // BEGIN SOLUTION 04.4
    assert!(
        probs.shape() == targets.shape(),
        "binary_cross_entropy: probability shape {:?} and target shape {:?} differ",
        probs.shape(),
        targets.shape()
    );
    let p = probs.clamp(BCE_EPSILON, 1.0 - BCE_EPSILON);
    let log_p = p.log();
    let log_one_minus_p = p.neg().add_scalar(1.0).log();
    let one_minus_t = targets.neg().add_scalar(1.0);
    // The log-likelihood of the targets; the loss is its negative.
    let log_likelihood = targets.mul(&log_p).add(&one_minus_t.mul(&log_one_minus_p));
    reduce(log_likelihood.neg(), reduction)
    // END SOLUTION
}

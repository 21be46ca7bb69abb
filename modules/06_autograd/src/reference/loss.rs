//! Task 06.6 (part 2): the gradient of cross-entropy.
//!
//! Module 04 fuses log-softmax and the pick of the target's log-probability into one op,
//! `ℓ_b = -log_softmax(z_b)[t_b]`, because its gradient is famously simple:
//! `∂ℓ_b/∂z_bc = softmax(z_b)_c - [c = t_b]`: the predicted probabilities minus the
//! one-hot target. With a mean over the batch on top, each row is scaled by 1/B.

use ndarray::{ArrayD, Axis};
use tinytorch_activations::softmax;
use tinytorch_tensor::Tensor;

/// Per-sample cross-entropy of `logits: [batch, classes]` against `targets` (one class
/// index per sample), upstream `grad: [batch]`: row `b` of the gradient is
/// `grad_b · (softmax(logits_b) - onehot(targets_b))`.
pub(crate) fn cross_entropy_grad(
    logits: &Tensor,
    targets: &[usize],
    grad: &ArrayD<f32>,
) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.6
    // The stable softmax of module 02, on a detached handle: no data copy, nothing recorded.
    let probs = softmax(&logits.detach(), 1);
    let mut d = probs.data().to_owned();
    for ((mut row, &target), &g) in d.axis_iter_mut(Axis(0)).zip(targets).zip(grad) {
        row[target] -= 1.0;
        row *= g;
    }
    d
    // END SOLUTION
}

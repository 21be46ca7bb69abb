//! Task 04.3: cross-entropy from logits, fused and stable.
//!
//! Per sample, `loss = -log_softmax(logits)[target] = logsumexp(logits) - logits[target]`.
//! Computed row by row straight from the logits: the `[batch, classes]` log-probabilities
//! are never stored, only one value per sample.

use super::reduce::reduce;
use crate::{LossError, Reduction};
use ndarray::{Array1, ArrayView1, Ix2};
use std::sync::Arc;
use tinytorch_tensor::{Op, Tensor};

/// Checks that `logits` is `[batch, classes]`, that there is one target per row and that
/// every target is a valid class.
fn check_targets(shape: &[usize], targets: &[usize]) -> Result<(), LossError> {
    // BEGIN SOLUTION 04.3
    let &[batch, classes] = shape else {
        return Err(LossError::NotMatrix {
            shape: shape.to_vec(),
        });
    };
    if targets.len() != batch {
        return Err(LossError::BatchMismatch {
            batch,
            targets: targets.len(),
        });
    }
    match targets.iter().position(|&t| t >= classes) {
        Some(sample) => Err(LossError::TargetOutOfRange {
            sample,
            target: targets[sample],
            classes,
        }),
        None => Ok(()),
    }
    // END SOLUTION
}

/// `ln Σ e^x` over one row, with the max shift: `m + ln Σ e^(x - m)`. A row that is all
/// `-inf` gives `-inf` (its shift is 0, as in module 02's softmax).
fn log_sum_exp(row: ArrayView1<'_, f32>) -> f32 {
    // BEGIN SOLUTION 04.3
    let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let shift = if max == f32::NEG_INFINITY { 0.0 } else { max };
    shift + row.fold(0.0, |s, &v| s + (v - shift).exp()).ln()
    // END SOLUTION
}

/// Cross-entropy of `[batch, classes]` logits against one class index per sample:
/// `-ln softmax(logits_i)[targets_i]` for each sample `i`, then `reduction` (`None` gives a
/// `[batch]` tensor).
///
/// Takes raw logits, not probabilities: the softmax and the log are fused into one
/// log-sum-exp with the max shift, so the loss is finite for logits like `[1000, 1001]` and
/// exact when the model is confidently right. Records
/// [`Op::CrossEntropy`] for the per-sample losses, whose gradient (module 06) is the famous
/// `softmax(logits) - one_hot(target)`.
///
/// # Errors
/// [`LossError`] when the logits are not 2-D, when the number of targets differs from the
/// batch, or when a target is not below the number of classes (naming the sample).
///
/// ```
/// use tinytorch_losses::{Reduction, cross_entropy};
/// use tinytorch_tensor::Tensor;
/// // Three classes, equal logits: every class has probability 1/3, the loss is ln 3.
/// let logits = Tensor::zeros(&[2, 3]);
/// let loss = cross_entropy(&logits, &[0, 2], Reduction::Mean).unwrap();
/// assert!((loss.item() - 3f32.ln()).abs() < 1e-6);
/// assert!(cross_entropy(&logits, &[0, 3], Reduction::Mean).is_err());
/// ```
pub fn cross_entropy(
    logits: &Tensor,
    targets: &[usize],
    reduction: Reduction,
) -> Result<Tensor, LossError> {
    // BEGIN SOLUTION 04.3
    check_targets(logits.shape(), targets)?;
    let rows = logits
        .data()
        .view()
        .into_dimensionality::<Ix2>()
        .expect("checked: 2-D");
    let losses: Array1<f32> = rows
        .outer_iter()
        .zip(targets)
        .map(|(row, &target)| log_sum_exp(row) - row[target])
        .collect();
    let per_sample = Tensor::from_op(losses.into_dyn(), &[logits], || Op::CrossEntropy {
        logits: logits.clone(),
        targets: Arc::from(targets),
    });
    Ok(reduce(per_sample, reduction))
    // END SOLUTION
}

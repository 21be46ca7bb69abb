//! Task 04.1: the one place a [`Reduction`] is applied, shared by every loss.

use crate::Reduction;
use tinytorch_tensor::Tensor;

/// Applies `reduction` to per-sample (or per-element) losses: their mean or sum as a 0-D
/// tensor, or the losses unchanged. Built from tensor reductions, so autograd differentiates
/// it for free.
pub(crate) fn reduce(per_sample: Tensor, reduction: Reduction) -> Tensor {
    // BEGIN SOLUTION 04.1
    match reduction {
        Reduction::Mean => per_sample.mean_all(),
        Reduction::Sum => per_sample.sum_all(),
        Reduction::None => per_sample,
    }
    // END SOLUTION
}

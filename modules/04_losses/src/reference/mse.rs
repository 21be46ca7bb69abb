//! Task 04.2: mean squared error, the regression loss.

use super::reduce::reduce;
use crate::Reduction;
use tinytorch_tensor::Tensor;

/// Mean squared error: `(pred - target)²` per element, then `reduction` (`Mean` gives
/// `mean((pred - target)²)`; `None` keeps the input's shape).
///
/// Composed of tensor ops (`sub`, `mul`, `mean_all`), so module 06 derives its gradient
/// `2 (pred - target) / n` without any code here.
///
/// # Panics
/// If the shapes differ, naming both: broadcasting a `[batch]` target against `[batch, 1]`
/// predictions would silently compare every prediction with every target.
///
/// ```
/// use tinytorch_losses::{Reduction, mse_loss};
/// use tinytorch_tensor::Tensor;
/// let pred = Tensor::from_vec(vec![1.0, 3.0], &[2]).unwrap();
/// let target = Tensor::from_vec(vec![0.0, 1.0], &[2]).unwrap();
/// assert_eq!(mse_loss(&pred, &target, Reduction::Mean).item(), 2.5); // (1 + 4) / 2
/// ```
pub fn mse_loss(pred: &Tensor, target: &Tensor, reduction: Reduction) -> Tensor {
    // BEGIN SOLUTION 04.2
    assert!(
        pred.shape() == target.shape(),
        "mse_loss: prediction shape {:?} and target shape {:?} differ (reshape one of them; \
         losses never broadcast)",
        pred.shape(),
        target.shape()
    );
    let diff = pred.sub(target);
    reduce(diff.mul(&diff), reduction)
    // END SOLUTION
}

//! Losses as values: a training loop holds a loss with its reduction and calls `forward`.

use crate::{LossError, Reduction, imp};
use tinytorch_tensor::Tensor;

/// Mean squared error as a value; see [`mse_loss`](crate::mse_loss).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MseLoss {
    /// How the per-element losses are combined.
    pub reduction: Reduction,
}

impl MseLoss {
    /// MSE with the given reduction.
    pub fn new(reduction: Reduction) -> Self {
        MseLoss { reduction }
    }

    /// [`mse_loss`](crate::mse_loss) of `pred` against `target`.
    ///
    /// # Panics
    /// If the shapes differ.
    pub fn forward(&self, pred: &Tensor, target: &Tensor) -> Tensor {
        imp::mse_loss(pred, target, self.reduction)
    }
}

/// Cross-entropy from logits as a value; see [`cross_entropy`](crate::cross_entropy).
///
/// ```
/// use tinytorch_losses::CrossEntropyLoss;
/// use tinytorch_tensor::Tensor;
/// let logits = Tensor::from_vec(vec![0.0, 0.0], &[1, 2]).unwrap();
/// let loss = CrossEntropyLoss::default().forward(&logits, &[1]).unwrap();
/// assert!((loss.item() - std::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CrossEntropyLoss {
    /// How the per-sample losses are combined.
    pub reduction: Reduction,
}

impl CrossEntropyLoss {
    /// Cross-entropy with the given reduction.
    pub fn new(reduction: Reduction) -> Self {
        CrossEntropyLoss { reduction }
    }

    /// [`cross_entropy`](crate::cross_entropy) of `[batch, classes]` logits against one class
    /// index per sample.
    ///
    /// # Errors
    /// See [`cross_entropy`](crate::cross_entropy).
    pub fn forward(&self, logits: &Tensor, targets: &[usize]) -> Result<Tensor, LossError> {
        imp::cross_entropy(logits, targets, self.reduction)
    }
}

/// Binary cross-entropy on probabilities as a value; see
/// [`binary_cross_entropy`](crate::binary_cross_entropy).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BceLoss {
    /// How the per-element losses are combined.
    pub reduction: Reduction,
}

impl BceLoss {
    /// BCE with the given reduction.
    pub fn new(reduction: Reduction) -> Self {
        BceLoss { reduction }
    }

    /// [`binary_cross_entropy`](crate::binary_cross_entropy) of `probs` against `targets`.
    ///
    /// # Panics
    /// If the shapes differ.
    pub fn forward(&self, probs: &Tensor, targets: &Tensor) -> Tensor {
        imp::binary_cross_entropy(probs, targets, self.reduction)
    }
}

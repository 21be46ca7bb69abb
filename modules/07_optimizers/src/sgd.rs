//! Stochastic gradient descent: its configuration and its state (one momentum buffer per
//! parameter). The update itself is task 07.1 (`reference/sgd.rs`).

use crate::OptimError;
use crate::error::{check, non_negative, unit_interval};
use crate::optimizer::impl_optimizer;
use crate::setters::config_setters;
use ndarray::ArrayD;
use tinytorch_layers::Parameter;

/// Hyperparameters of [`Sgd`], with PyTorch's meaning and defaults (`lr = 0.01`, the rest
/// off). Build one with the setters:
///
/// ```
/// use tinytorch_optimizers::SgdConfig;
/// let config = SgdConfig::default().lr(0.1).momentum(0.9).nesterov(true);
/// assert_eq!(config.lr, 0.1);
/// assert_eq!(config.weight_decay, 0.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdConfig {
    /// Learning rate: the size of a step along the (momentum-averaged) gradient.
    pub lr: f32,
    /// Momentum `mu` in `[0, 1)`: how much of the previous step's velocity is kept.
    /// `0` is plain SGD and allocates no buffer.
    pub momentum: f32,
    /// Nesterov momentum: step along `g + mu * v` (a look-ahead) instead of `v`.
    pub nesterov: bool,
    /// L2 penalty `wd`: `wd * p` is added to the gradient (PyTorch's `weight_decay`).
    pub weight_decay: f32,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig {
            lr: 0.01,
            momentum: 0.0,
            nesterov: false,
            weight_decay: 0.0,
        }
    }
}

config_setters!(SgdConfig {
    /// Sets the learning rate.
    lr: f32,
    /// Sets the momentum.
    momentum: f32,
    /// Turns Nesterov momentum on or off.
    nesterov: bool,
    /// Sets the L2 weight decay.
    weight_decay: f32,
});

impl SgdConfig {
    /// Checks every value: `lr` and `weight_decay` finite and `>= 0`, `momentum` in
    /// `[0, 1)`, and `nesterov` only with a momentum.
    ///
    /// # Errors
    /// [`OptimError`] naming the first bad value and its valid range.
    ///
    /// ```
    /// use tinytorch_optimizers::SgdConfig;
    /// let err = SgdConfig::default().momentum(1.5).validate().unwrap_err();
    /// assert!(err.to_string().contains("momentum = 1.5"));
    /// ```
    pub fn validate(&self) -> Result<(), OptimError> {
        let valid_lr = "finite and >= 0 (typically 0.01 to 0.1 for SGD)";
        check("Sgd", "lr", self.lr, non_negative(self.lr), valid_lr)?;
        let valid_mu = "in [0, 1) (typically 0.9; 0 turns momentum off)";
        check(
            "Sgd",
            "momentum",
            self.momentum,
            unit_interval(self.momentum),
            valid_mu,
        )?;
        let valid_wd = "finite and >= 0 (typically 0 to 5e-4)";
        check(
            "Sgd",
            "weight_decay",
            self.weight_decay,
            non_negative(self.weight_decay),
            valid_wd,
        )?;
        if self.nesterov && self.momentum == 0.0 {
            return Err(OptimError::NesterovWithoutMomentum);
        }
        Ok(())
    }
}

/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight
/// decay, with PyTorch's semantics. For each parameter `p` with gradient `g`:
///
/// ```text
/// g <- g + wd * p                      weight decay (L2)
/// v <- mu * v + g                      velocity (v starts at 0, so the first v is g)
/// p <- p - lr * (g + mu * v)           nesterov
/// p <- p - lr * v                      otherwise (plain SGD when mu = 0: p - lr * g)
/// ```
///
/// State: one velocity buffer per parameter when `momentum > 0` (as many floats as the
/// model has parameters), none otherwise.
///
/// ```
/// use tinytorch_autograd::backward;
/// use tinytorch_layers::Parameter;
/// use tinytorch_optimizers::{Optimizer, Sgd, SgdConfig};
/// use tinytorch_tensor::Tensor;
///
/// let p = Parameter::new(Tensor::from_vec(vec![1.0, 2.0], &[2]).unwrap());
/// let mut sgd = Sgd::new(vec![p.clone()], SgdConfig::default().lr(0.1)).unwrap();
/// // loss = sum(p * p): gradient 2p = [2, 4]
/// let loss = p.get().mul(&p.get()).sum_all();
/// sgd.step(&backward(&loss).unwrap());
/// assert_eq!(p.get().to_vec(), vec![0.8, 1.6]); // p - 0.1 * 2p
/// ```
#[derive(Debug)]
pub struct Sgd {
    pub(crate) params: Vec<Parameter>,
    pub(crate) config: SgdConfig,
    /// One buffer per parameter, of its shape, when `momentum > 0`; empty otherwise.
    pub(crate) velocity: Vec<ArrayD<f32>>,
}

impl_optimizer!(Sgd, |sgd| sgd.velocity.iter().map(ArrayD::len).sum());

impl Sgd {
    /// The configuration (with the current learning rate).
    pub fn config(&self) -> &SgdConfig {
        &self.config
    }

    /// The momentum buffer of parameter `index` (in the order given to `new`), or `None`
    /// without momentum or for an index out of range.
    pub fn velocity(&self, index: usize) -> Option<&ArrayD<f32>> {
        self.velocity.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_pytorchs() {
        let c = SgdConfig::default();
        assert_eq!(
            (c.lr, c.momentum, c.nesterov, c.weight_decay),
            (0.01, 0.0, false, 0.0)
        );
        assert!(c.validate().is_ok());
    }

    #[test]
    fn validate_names_the_value_and_the_range() {
        let err = SgdConfig::default().lr(-0.5).validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "Sgd: lr = -0.5 is out of range: it must be finite and >= 0 (typically 0.01 to 0.1 for SGD)"
        );
        assert!(SgdConfig::default().momentum(f32::NAN).validate().is_err());
        let err = SgdConfig::default().nesterov(true).validate().unwrap_err();
        assert!(err.to_string().contains("set a momentum"), "{err}");
    }
}

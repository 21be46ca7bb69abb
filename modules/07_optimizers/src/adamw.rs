//! AdamW: Adam with decoupled weight decay. Its configuration and its state; the update
//! is task 07.3 (`reference/adamw.rs`).

use crate::adam::validate_adam;
use crate::optimizer::impl_optimizer;
use crate::setters::config_setters;
use crate::{AdamState, OptimError};
use tinytorch_layers::Parameter;

/// Hyperparameters of [`AdamW`]: Adam's, with a decoupled `weight_decay` that defaults to
/// `0.01` (PyTorch's default).
///
/// ```
/// use tinytorch_optimizers::AdamWConfig;
/// let config = AdamWConfig::default().lr(3e-4).weight_decay(0.1);
/// assert_eq!(config.beta2, 0.999);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamWConfig {
    /// Learning rate.
    pub lr: f32,
    /// Decay of the first moment, in `[0, 1)`.
    pub beta1: f32,
    /// Decay of the second moment, in `[0, 1)`.
    pub beta2: f32,
    /// Added to `sqrt(v_hat)`: keeps a zero-gradient coordinate from dividing by 0.
    pub eps: f32,
    /// Decoupled decay `wd`: every step multiplies the weights by `1 - lr * wd`, outside
    /// Adam's per-coordinate scaling.
    pub weight_decay: f32,
}

impl Default for AdamWConfig {
    fn default() -> Self {
        AdamWConfig {
            lr: 0.001,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.01,
        }
    }
}

config_setters!(AdamWConfig {
    /// Sets the learning rate.
    lr: f32,
    /// Sets epsilon.
    eps: f32,
    /// Sets the decoupled weight decay.
    weight_decay: f32,
});

impl AdamWConfig {
    /// Sets both moment decays.
    #[must_use]
    pub fn betas(mut self, beta1: f32, beta2: f32) -> Self {
        self.beta1 = beta1;
        self.beta2 = beta2;
        self
    }

    /// Checks every value, as [`AdamConfig::validate`](crate::AdamConfig::validate) does.
    ///
    /// # Errors
    /// [`OptimError`] naming the first bad value and its valid range.
    pub fn validate(&self) -> Result<(), OptimError> {
        validate_adam(
            "AdamW",
            [self.lr, self.beta1, self.beta2, self.eps, self.weight_decay],
        )
    }
}

/// AdamW (Loshchilov and Hutter, 2019): the weights decay directly, then Adam updates
/// them with the pure gradient:
///
/// ```text
/// p <- p - lr * wd * p                 decoupled decay: the same rate for every weight
/// p <- Adam update of p with g         (no L2 term in g)
/// ```
///
/// With L2 in Adam ([`AdamConfig::weight_decay`](crate::AdamConfig)), the penalty's
/// gradient `wd * p` is divided by `sqrt(v_hat)` like the rest, so weights with large
/// gradients are barely regularized; decoupling restores the intended shrinkage. State:
/// two buffers per parameter, like Adam.
///
/// ```
/// use tinytorch_autograd::Gradients;
/// use tinytorch_layers::Parameter;
/// use tinytorch_optimizers::{AdamW, AdamWConfig, Optimizer};
/// use tinytorch_tensor::Tensor;
///
/// let p = Parameter::new(Tensor::full(&[1], 2.0));
/// let mut opt = AdamW::new(vec![p.clone()], AdamWConfig::default().lr(0.1).weight_decay(0.5)).unwrap();
/// let mut grads = Gradients::new();
/// grads.insert(p.get().id(), Tensor::zeros(&[1])); // a zero gradient: only the decay acts
/// opt.step(&grads);
/// assert!((p.get().item() - 2.0 * (1.0 - 0.1 * 0.5)).abs() < 1e-6);
/// ```
#[derive(Debug)]
pub struct AdamW {
    pub(crate) params: Vec<Parameter>,
    pub(crate) config: AdamWConfig,
    /// One state per parameter, in the order of `params`.
    pub(crate) state: Vec<AdamState>,
}

impl_optimizer!(AdamW, |adamw| adamw
    .state
    .iter()
    .map(AdamState::numel)
    .sum());

impl AdamW {
    /// The configuration (with the current learning rate).
    pub fn config(&self) -> &AdamWConfig {
        &self.config
    }

    /// The moments of parameter `index` (in the order given to `new`).
    pub fn state(&self, index: usize) -> Option<&AdamState> {
        self.state.get(index)
    }
}

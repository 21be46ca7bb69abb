//! Adam: its configuration and its state (two running averages per parameter). The
//! update itself is task 07.2 (`reference/adam.rs`).

use crate::OptimError;
use crate::error::{check, non_negative, unit_interval};
use crate::optimizer::impl_optimizer;
use crate::setters::config_setters;
use ndarray::{ArrayD, IxDyn};
use tinytorch_layers::Parameter;

/// Hyperparameters of [`Adam`], with the defaults of the paper and of PyTorch.
///
/// `weight_decay` here is the *coupled* L2 penalty (added to the gradient, so it goes
/// through Adam's per-coordinate scaling); for decoupled decay use [`AdamW`](crate::AdamW).
///
/// ```
/// use tinytorch_optimizers::AdamConfig;
/// let config = AdamConfig::default().lr(3e-4);
/// assert_eq!((config.beta1, config.beta2, config.eps), (0.9, 0.999, 1e-8));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamConfig {
    /// Learning rate: with Adam, roughly the largest distance a coordinate moves per step.
    pub lr: f32,
    /// Decay of the first moment (the running mean of gradients), in `[0, 1)`.
    pub beta1: f32,
    /// Decay of the second moment (the running mean of squared gradients), in `[0, 1)`.
    pub beta2: f32,
    /// Added to `sqrt(v_hat)` so that a coordinate with a zero gradient does not divide by 0.
    pub eps: f32,
    /// Coupled L2 penalty: `wd * p` is added to the gradient.
    pub weight_decay: f32,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            lr: 0.001,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }
}

config_setters!(AdamConfig {
    /// Sets the learning rate.
    lr: f32,
    /// Sets epsilon.
    eps: f32,
    /// Sets the coupled L2 weight decay.
    weight_decay: f32,
});

impl AdamConfig {
    /// Sets both moment decays.
    #[must_use]
    pub fn betas(mut self, beta1: f32, beta2: f32) -> Self {
        self.beta1 = beta1;
        self.beta2 = beta2;
        self
    }

    /// Checks every value: `lr` and `weight_decay` finite and `>= 0`, betas in `[0, 1)`,
    /// `eps` finite and `> 0`.
    ///
    /// # Errors
    /// [`OptimError`] naming the first bad value and its valid range.
    pub fn validate(&self) -> Result<(), OptimError> {
        validate_adam(
            "Adam",
            [self.lr, self.beta1, self.beta2, self.eps, self.weight_decay],
        )
    }
}

/// The checks shared by Adam and AdamW, on `[lr, beta1, beta2, eps, weight_decay]`.
pub(crate) fn validate_adam(optimizer: &'static str, values: [f32; 5]) -> Result<(), OptimError> {
    let [lr, beta1, beta2, eps, weight_decay] = values;
    let valid_lr = "finite and >= 0 (typically 1e-4 to 3e-3 for Adam)";
    check(optimizer, "lr", lr, non_negative(lr), valid_lr)?;
    check(
        optimizer,
        "beta1",
        beta1,
        unit_interval(beta1),
        "in [0, 1) (typically 0.9)",
    )?;
    check(
        optimizer,
        "beta2",
        beta2,
        unit_interval(beta2),
        "in [0, 1) (typically 0.999)",
    )?;
    let eps_ok = eps.is_finite() && eps > 0.0;
    check(
        optimizer,
        "eps",
        eps,
        eps_ok,
        "finite and > 0 (typically 1e-8)",
    )?;
    let valid_wd = "finite and >= 0 (typically 0 to 0.1)";
    check(
        optimizer,
        "weight_decay",
        weight_decay,
        non_negative(weight_decay),
        valid_wd,
    )
}

/// Adam's state for one parameter: the two running averages and how many updates they
/// have absorbed (for the bias correction).
#[derive(Clone, Debug, PartialEq)]
pub struct AdamState {
    /// First moment: running mean of the gradient, `m <- beta1 * m + (1 - beta1) * g`.
    pub m: ArrayD<f32>,
    /// Second moment: running mean of the squared gradient, `v <- beta2 * v + (1 - beta2) * g^2`.
    pub v: ArrayD<f32>,
    /// Updates so far (`t` in the paper). Counted per parameter, so a parameter that
    /// received no gradient on some steps still gets the right bias correction.
    pub step: u64,
}

impl AdamState {
    /// Zero moments of the given shape, no step taken: allocated once, when the optimizer
    /// is built, so that a step allocates nothing but the new parameter values.
    pub fn zeros(shape: &[usize]) -> AdamState {
        AdamState {
            m: ArrayD::zeros(IxDyn(shape)),
            v: ArrayD::zeros(IxDyn(shape)),
            step: 0,
        }
    }

    /// How many `f32`s this state holds (`m` and `v`, one each per parameter value).
    pub fn numel(&self) -> usize {
        self.m.len() + self.v.len()
    }
}

/// Adam (Kingma and Ba, 2015): each coordinate gets its own step size, the running mean of
/// its gradient divided by the root of the running mean of its squared gradient. For each
/// parameter `p` with gradient `g`, at its `t`-th update:
///
/// ```text
/// g <- g + wd * p                                  coupled L2 (off by default)
/// m <- beta1 * m + (1 - beta1) * g
/// v <- beta2 * v + (1 - beta2) * g^2
/// m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t)      bias correction
/// p <- p - lr * m_hat / (sqrt(v_hat) + eps)
/// ```
///
/// State: two buffers per parameter (twice the model's size).
///
/// ```
/// use tinytorch_autograd::backward;
/// use tinytorch_layers::Parameter;
/// use tinytorch_optimizers::{Adam, AdamConfig, Optimizer};
/// use tinytorch_tensor::Tensor;
///
/// let p = Parameter::new(Tensor::from_vec(vec![1.0, -1.0], &[2]).unwrap());
/// let mut adam = Adam::new(vec![p.clone()], AdamConfig::default().lr(0.1)).unwrap();
/// let loss = p.get().mul(&p.get()).sum_all(); // gradient 2p = [2, -2]
/// adam.step(&backward(&loss).unwrap());
/// // The first step moves every coordinate by lr against the sign of its gradient.
/// let moved = p.get().to_vec();
/// assert!((moved[0] - 0.9).abs() < 1e-6 && (moved[1] + 0.9).abs() < 1e-6);
/// assert_eq!(adam.state_numel(), 2 * 2);
/// ```
#[derive(Debug)]
pub struct Adam {
    pub(crate) params: Vec<Parameter>,
    pub(crate) config: AdamConfig,
    /// One state per parameter, in the order of `params`.
    pub(crate) state: Vec<AdamState>,
}

impl_optimizer!(Adam, |adam| adam.state.iter().map(AdamState::numel).sum());

impl Adam {
    /// The configuration (with the current learning rate).
    pub fn config(&self) -> &AdamConfig {
        &self.config
    }

    /// The moments of parameter `index` (in the order given to `new`).
    pub fn state(&self, index: usize) -> Option<&AdamState> {
        self.state.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_papers() {
        let c = AdamConfig::default();
        assert_eq!(
            (c.lr, c.beta1, c.beta2, c.eps, c.weight_decay),
            (1e-3, 0.9, 0.999, 1e-8, 0.0)
        );
        assert!(c.validate().is_ok());
        assert_eq!(crate::AdamWConfig::default().weight_decay, 0.01);
    }

    #[test]
    fn validate_checks_every_value() {
        let bad = [
            AdamConfig::default().lr(-1.0),
            AdamConfig::default().betas(1.0, 0.999),
            AdamConfig::default().betas(0.9, f32::NAN),
            AdamConfig::default().eps(0.0),
            AdamConfig::default().weight_decay(f32::INFINITY),
        ];
        let names: Vec<&str> = bad
            .iter()
            .map(|c| match c.validate() {
                Err(OptimError::InvalidHyperparameter { name, .. }) => name,
                other => panic!("expected an invalid hyperparameter, got {other:?}"),
            })
            .collect();
        assert_eq!(names, ["lr", "beta1", "beta2", "eps", "weight_decay"]);
    }

    #[test]
    fn state_starts_at_zero() {
        let s = AdamState::zeros(&[2, 3]);
        assert_eq!(
            (s.m.shape(), s.v.shape(), s.step),
            (&[2, 3][..], &[2, 3][..], 0)
        );
        assert!(s.m.iter().chain(s.v.iter()).all(|&x| x == 0.0));
    }
}

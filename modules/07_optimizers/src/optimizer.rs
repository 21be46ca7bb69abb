//! The `Optimizer` trait: what every optimizer does with a set of gradients.

use ndarray::ArrayD;
use tinytorch_autograd::Gradients;
use tinytorch_layers::Parameter;
use tinytorch_tensor::Tensor;

/// Turns gradients into parameter updates.
///
/// An optimizer owns handles to the parameters it trains (clones of the model's
/// [`Parameter`]s, so the model sees every update) and the per-parameter state its rule
/// needs, allocated once when it is built. A training step is:
///
/// ```text
/// let loss = loss_fn(model.forward(x), y);
/// let grads = backward(&loss)?;       // module 06
/// clip_grad_norm(&mut grads, ...);    // optional, 07.5
/// optimizer.step(&grads);             // this trait
/// ```
///
/// There is no `zero_grad`: every backward pass returns fresh [`Gradients`], so nothing
/// accumulates by accident (the classic PyTorch bug of forgetting `zero_grad`).
///
/// ```
/// use tinytorch_autograd::backward;
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_optimizers::{Optimizer, Sgd, SgdConfig};
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let layer = Linear::new(3, 1, &mut seeded_rng(0));
/// let mut opt = Sgd::new(layer.parameters(), SgdConfig::default().lr(0.1)).unwrap();
/// let loss_before = layer.forward(&Tensor::ones(&[4, 3])).powf(2.0).mean_all();
/// opt.step(&backward(&loss_before).unwrap());
/// let loss_after = layer.forward(&Tensor::ones(&[4, 3])).powf(2.0).mean_all();
/// assert!(loss_after.item() < loss_before.item());
/// ```
pub trait Optimizer {
    /// Updates every parameter that has a gradient in `grads`, and its state. A parameter
    /// without one (not used by this loss) is skipped: neither it nor its state changes.
    ///
    /// # Panics
    /// If a gradient's shape differs from its parameter's shape.
    fn step(&mut self, grads: &Gradients);

    /// The current learning rate.
    fn learning_rate(&self) -> f32;

    /// Sets the learning rate for the next steps (what a schedule does; see
    /// [`apply_schedule`](crate::apply_schedule)).
    ///
    /// # Panics
    /// If `lr` is negative or not finite: a schedule produced nonsense.
    fn set_learning_rate(&mut self, lr: f32);

    /// The parameters this optimizer updates, in the order given when it was built.
    fn parameters(&self) -> &[Parameter];

    /// How many `f32`s of state the optimizer keeps: 0 for plain SGD, one per parameter
    /// value with momentum, two with Adam. Times 4 for bytes.
    fn state_numel(&self) -> usize;
}

/// Implements [`Optimizer`] for an optimizer struct with fields `params` and `config.lr`
/// whose update rule is its inherent method `update(&mut self, grads)` (the exercise, in
/// `reference/`). One trait impl cannot be split across files, so the bookkeeping every
/// optimizer shares is written once here and the exercise files hold only update rules.
///
/// ```text
/// impl_optimizer!(Adam, |adam| /* how many f32s of state `adam` keeps */);
/// ```
macro_rules! impl_optimizer {
    ($optimizer:ident, |$this:ident| $state_numel:expr) => {
        impl $crate::Optimizer for $optimizer {
            fn step(&mut self, grads: &tinytorch_autograd::Gradients) {
                self.update(grads);
            }

            fn learning_rate(&self) -> f32 {
                self.config.lr
            }

            fn set_learning_rate(&mut self, lr: f32) {
                $crate::optimizer::check_lr(stringify!($optimizer), lr);
                self.config.lr = lr;
            }

            fn parameters(&self) -> &[tinytorch_layers::Parameter] {
                &self.params
            }

            fn state_numel(&self) -> usize {
                let $this = self;
                $state_numel
            }
        }
    };
}

pub(crate) use impl_optimizer;

/// Panics unless `lr` is a usable learning rate (called by `set_learning_rate`).
pub(crate) fn check_lr(optimizer: &str, lr: f32) {
    assert!(
        lr.is_finite() && lr >= 0.0,
        "{optimizer}::set_learning_rate: learning rate {lr} must be finite and >= 0 (check the schedule)"
    );
}

/// The gradient's array, after checking it has the parameter's shape: a mismatch means
/// the gradients belong to another model, and the message says so instead of ndarray's.
///
/// # Panics
/// If the shapes differ, naming `op` and both shapes.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn checked_grad<'a>(op: &str, param: &ArrayD<f32>, grad: &'a Tensor) -> &'a ArrayD<f32> {
    assert!(
        param.shape() == grad.shape(),
        "{op}: gradient of shape {:?} for a parameter of shape {:?} (were the gradients computed for this model?)",
        grad.shape(),
        param.shape()
    );
    grad.data()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "Sgd::step: gradient of shape [3] for a parameter of shape [2]")]
    fn checked_grad_names_the_op_and_both_shapes() {
        checked_grad("Sgd::step", &ArrayD::zeros(vec![2]), &Tensor::zeros(&[3]));
    }

    #[test]
    fn checked_grad_returns_the_gradient_data() {
        let g = Tensor::ones(&[2]);
        assert_eq!(checked_grad("op", &ArrayD::zeros(vec![2]), &g).len(), 2);
    }

    #[test]
    #[should_panic(expected = "learning rate -1 must be finite and >= 0")]
    fn check_lr_rejects_a_negative_rate() {
        check_lr("Adam", -1.0);
    }
}

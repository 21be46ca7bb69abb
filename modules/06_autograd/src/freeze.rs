//! The inference path: run a model without recording a graph.
//!
//! Recording is already free when no input requires a gradient, but a model's parameters
//! do. Freezing them (a flag on each parameter, not a global switch) makes a forward pass
//! record nothing: no `Op` is built, no intermediate is kept alive.

use tinytorch_layers::{Module, Parameter};

/// Freezes (`false`) or unfreezes (`true`) every parameter in `params`, without copying
/// any data.
pub fn set_requires_grad(params: &[Parameter], flag: bool) {
    for p in params {
        p.set_requires_grad(flag);
    }
}

/// Runs `f` with every parameter of `model` frozen, then restores each parameter's
/// previous flag (also if `f` panics), and returns what `f` returned.
///
/// ```
/// use tinytorch_autograd::no_grad;
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let layer = Linear::new(4, 2, &mut seeded_rng(0));
/// let out = no_grad(&layer, |m| m.forward(&Tensor::ones(&[1, 4])));
/// assert!(out.op().is_none()); // nothing was recorded
/// assert!(layer.weight().get().requires_grad()); // trainable again afterwards
/// ```
pub fn no_grad<M: Module + ?Sized, R>(model: &M, f: impl FnOnce(&M) -> R) -> R {
    let params = model.parameters();
    let previous: Vec<bool> = params.iter().map(|p| p.get().requires_grad()).collect();
    let restore = Restore {
        params: &params,
        previous: &previous,
    };
    set_requires_grad(&params, false);
    let result = f(model);
    drop(restore);
    result
}

/// Restores the saved flags when dropped, so a panic inside `f` does not leave the
/// model frozen.
struct Restore<'a> {
    params: &'a [Parameter],
    previous: &'a [bool],
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        for (p, &flag) in self.params.iter().zip(self.previous) {
            p.set_requires_grad(flag);
        }
    }
}

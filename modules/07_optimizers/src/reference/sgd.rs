//! Task 07.1: SGD with momentum, Nesterov momentum and weight decay.

use crate::optimizer::checked_grad;
use crate::{OptimError, Sgd, SgdConfig};
use ndarray::{ArrayD, IxDyn, Zip};
use tinytorch_autograd::Gradients;
use tinytorch_layers::Parameter;
use tinytorch_tensor::Tensor;

impl Sgd {
    /// SGD over `params` (e.g. `model.parameters()`), with a zero momentum buffer of each
    /// parameter's shape when `config.momentum > 0` (none otherwise).
    ///
    /// # Errors
    /// [`OptimError`] if a value of `config` is out of range (see [`SgdConfig::validate`]).
    pub fn new(params: Vec<Parameter>, config: SgdConfig) -> Result<Sgd, OptimError> {
        // BEGIN SOLUTION 07.1
        config.validate()?;
        // Plain SGD keeps no state: memory is only spent when momentum needs it.
        let velocity = if config.momentum > 0.0 {
            params
                .iter()
                .map(|p| ArrayD::zeros(IxDyn(&p.shape())))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Sgd {
            params,
            config,
            velocity,
        })
        // END SOLUTION
    }

    /// The update rule behind [`Optimizer::step`](crate::Optimizer::step): updates every
    /// parameter that has a gradient in `grads`, and its state; a parameter without one is
    /// skipped.
    ///
    /// # Panics
    /// If a gradient's shape differs from its parameter's shape.
    pub(crate) fn update(&mut self, grads: &Gradients) {
        // BEGIN SOLUTION 07.1
        let SgdConfig {
            lr,
            momentum,
            nesterov,
            weight_decay,
        } = self.config;
        // The L2 penalty wd/2 * |p|^2 has gradient wd * p.
        let decayed = |g: f32, w: f32| g + weight_decay * w;
        for (i, param) in self.params.iter().enumerate() {
            let Some(grad) = grads.for_parameter(param) else {
                continue; // not used by this loss: leave it and its buffer alone
            };
            // The one allocation of the step: the new value, updated in place.
            let mut w = param.get().data().to_owned();
            let g = checked_grad("Sgd::step", &w, grad);
            if momentum == 0.0 {
                Zip::from(&mut w)
                    .and(g)
                    .for_each(|w, &g| *w -= lr * decayed(g, *w));
            } else {
                // The buffer lives in `self`: it must carry over to the next step.
                let v = &mut self.velocity[i];
                Zip::from(&mut w).and(v).and(g).for_each(|w, v, &g| {
                    let g = decayed(g, *w);
                    *v = momentum * *v + g;
                    *w -= lr * if nesterov { g + momentum * *v } else { *v };
                });
            }
            param.set(Tensor::from_array(w));
        }
        // END SOLUTION
    }
}

//! Task 07.3: AdamW, Adam with decoupled weight decay.

use super::adam::adam_update;
use crate::optimizer::checked_grad;
use crate::{AdamConfig, AdamState, AdamW, AdamWConfig, OptimError};
use tinytorch_autograd::Gradients;
use tinytorch_layers::Parameter;
use tinytorch_tensor::Tensor;

impl AdamW {
    /// AdamW over `params` (e.g. `model.parameters()`), with zero moments of each
    /// parameter's shape.
    ///
    /// # Errors
    /// [`OptimError`] if a value of `config` is out of range (see [`AdamWConfig::validate`]).
    pub fn new(params: Vec<Parameter>, config: AdamWConfig) -> Result<AdamW, OptimError> {
        // BEGIN SOLUTION 07.3
        config.validate()?;
        let state = params
            .iter()
            .map(|p| AdamState::zeros(&p.shape()))
            .collect();
        Ok(AdamW {
            params,
            config,
            state,
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
        // BEGIN SOLUTION 07.3
        let AdamWConfig {
            lr,
            beta1,
            beta2,
            eps,
            weight_decay,
        } = self.config;
        // The Adam part sees the pure gradient (no L2 term); the decay acts on the weights
        // directly, at the same rate lr * wd for every weight, whatever its gradient history.
        let adam = AdamConfig {
            lr,
            beta1,
            beta2,
            eps,
            weight_decay: 0.0,
        };
        let shrink = 1.0 - lr * weight_decay;
        for (param, state) in self.params.iter().zip(&mut self.state) {
            let Some(grad) = grads.for_parameter(param) else {
                continue; // not used by this loss: no decay, no update (as in PyTorch)
            };
            let mut w = param.get().data().to_owned();
            let g = checked_grad("AdamW::step", &w, grad);
            w *= shrink; // p <- p - lr * wd * p, before the Adam step (PyTorch's order)
            adam_update(&mut w, g, state, &adam);
            param.set(Tensor::from_array(w));
        }
        // END SOLUTION
    }
}

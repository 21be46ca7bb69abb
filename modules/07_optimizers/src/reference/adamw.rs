//! Task 07.3: AdamW, Adam with decoupled weight decay.

use super::adam::adam_update;
use crate::optimizer::{check_lr, checked_grad};
use crate::{AdamConfig, AdamState, AdamW, AdamWConfig, OptimError, Optimizer};
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
}

impl Optimizer for AdamW {
    fn step(&mut self, grads: &Gradients) {
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

    fn learning_rate(&self) -> f32 {
        self.config.lr
    }

    fn set_learning_rate(&mut self, lr: f32) {
        check_lr("AdamW", lr);
        self.config.lr = lr;
    }

    fn parameters(&self) -> &[Parameter] {
        &self.params
    }

    fn state_numel(&self) -> usize {
        self.state.iter().map(|s| s.m.len() + s.v.len()).sum()
    }
}

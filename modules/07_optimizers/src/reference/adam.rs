//! Task 07.2: Adam, running moments with bias correction.

use crate::optimizer::checked_grad;
use crate::{Adam, AdamConfig, AdamState, OptimError};
use ndarray::{ArrayD, Zip};
use tinytorch_autograd::Gradients;
use tinytorch_layers::Parameter;
use tinytorch_tensor::Tensor;

impl Adam {
    /// Adam over `params` (e.g. `model.parameters()`), with zero moments of each
    /// parameter's shape.
    ///
    /// # Errors
    /// [`OptimError`] if a value of `config` is out of range (see [`AdamConfig::validate`]).
    ///
    /// ```
    /// use tinytorch_layers::Parameter;
    /// use tinytorch_optimizers::{Adam, AdamConfig};
    /// use tinytorch_tensor::Tensor;
    ///
    /// let params = vec![Parameter::new(Tensor::zeros(&[3]))];
    /// let err = Adam::new(params, AdamConfig::default().betas(0.9, 1.0)).unwrap_err();
    /// assert!(err.to_string().contains("beta2 = 1"));
    /// ```
    pub fn new(params: Vec<Parameter>, config: AdamConfig) -> Result<Adam, OptimError> {
        // BEGIN SOLUTION 07.2
        config.validate()?;
        let state = params
            .iter()
            .map(|p| AdamState::zeros(&p.shape()))
            .collect();
        Ok(Adam {
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
        // BEGIN SOLUTION 07.2
        for (param, state) in self.params.iter().zip(&mut self.state) {
            let Some(grad) = grads.for_parameter(param) else {
                continue; // not used by this loss: its moments and step count stay put
            };
            let mut w = param.get().data().to_owned();
            let g = checked_grad("Adam::step", &w, grad);
            adam_update(&mut w, g, state, &self.config);
            param.set(Tensor::from_array(w));
        }
        // END SOLUTION
    }
}

/// One Adam update of the values `w` (in place) with gradient `g`: the moments in `state`
/// absorb `g` (plus the coupled L2 term `config.weight_decay * w`), `state.step` counts
/// the update, and `w` moves by `lr * m_hat / (sqrt(v_hat) + eps)`. AdamW calls it too,
/// with `weight_decay = 0`.
pub(crate) fn adam_update(
    w: &mut ArrayD<f32>,
    g: &ArrayD<f32>,
    state: &mut AdamState,
    config: &AdamConfig,
) {
    // BEGIN SOLUTION 07.2
    let AdamConfig {
        lr,
        beta1,
        beta2,
        eps,
        weight_decay,
    } = *config;
    state.step += 1;
    let t = i32::try_from(state.step).unwrap_or(i32::MAX);
    // m and v start at 0, so after t steps they hold only (1 - beta^t) of the average's
    // weight: dividing by it removes the bias toward 0 (large in the first steps).
    let bias1 = 1.0 - beta1.powi(t);
    let bias2 = 1.0 - beta2.powi(t);
    Zip::from(w)
        .and(g)
        .and(&mut state.m)
        .and(&mut state.v)
        .for_each(|w, &g, m, v| {
            let g = g + weight_decay * *w;
            *m = beta1 * *m + (1.0 - beta1) * g;
            *v = beta2 * *v + (1.0 - beta2) * g * g;
            let m_hat = *m / bias1;
            let v_hat = *v / bias2;
            *w -= lr * m_hat / (v_hat.sqrt() + eps);
        });
    // END SOLUTION
}

//! Task 07.5: gradient clipping by global norm.

use tinytorch_autograd::Gradients;
use tinytorch_layers::Parameter;
use tinytorch_tensor::Tensor;

/// The L2 norm of all the parameters' gradients taken together, as if they were one long
/// vector: `sqrt(sum over params of sum(g^2))`. Parameters without a gradient count as 0.
///
/// The sum runs in `f64`: over millions of values an `f32` sum loses the small terms.
///
/// ```
/// use tinytorch_autograd::Gradients;
/// use tinytorch_layers::Parameter;
/// use tinytorch_optimizers::global_grad_norm;
/// use tinytorch_tensor::Tensor;
///
/// let p = Parameter::new(Tensor::zeros(&[2]));
/// let mut grads = Gradients::new();
/// grads.insert(p.get().id(), Tensor::from_vec(vec![3.0, 4.0], &[2]).unwrap());
/// assert_eq!(global_grad_norm(&grads, &[p]), 5.0);
/// ```
pub fn global_grad_norm(grads: &Gradients, params: &[Parameter]) -> f32 {
    // BEGIN SOLUTION 07.5
    let sum_sq: f64 = params
        .iter()
        .filter_map(|p| grads.for_parameter(p))
        .flat_map(|g| g.data().iter())
        .map(|&x| f64::from(x) * f64::from(x))
        .sum();
    sum_sq.sqrt() as f32
    // END SOLUTION
}

/// Clips the parameters' gradients by their global norm: if the norm (see
/// [`global_grad_norm`]) exceeds `max_norm`, every parameter's gradient is multiplied by
/// `max_norm / (norm + 1e-6)`, so the direction of the update is kept and its length
/// becomes `max_norm` (a hair below: the `1e-6`, PyTorch's choice, keeps the factor below 1
/// and finite). Returns the norm BEFORE clipping: the number worth logging, since a norm
/// that keeps hitting the limit says the learning rate is too high.
///
/// Only the gradients of `params` are changed (and measured); other tensors' gradients
/// in `grads` stay as they are. A non-finite norm (a NaN or infinite gradient) is
/// returned as is, with no clipping: check it and skip the step.
///
/// # Panics
/// If `max_norm` is not `> 0`.
///
/// ```
/// use tinytorch_autograd::Gradients;
/// use tinytorch_layers::Parameter;
/// use tinytorch_optimizers::clip_grad_norm;
/// use tinytorch_tensor::Tensor;
///
/// let p = Parameter::new(Tensor::zeros(&[2]));
/// let mut grads = Gradients::new();
/// grads.insert(p.get().id(), Tensor::from_vec(vec![3.0, 4.0], &[2]).unwrap());
/// let norm = clip_grad_norm(&mut grads, &[p.clone()], 1.0);
/// assert_eq!(norm, 5.0);
/// let clipped = grads.for_parameter(&p).unwrap().to_vec(); // [0.6, 0.8]
/// assert!((clipped[0] - 0.6).abs() < 1e-6 && (clipped[1] - 0.8).abs() < 1e-6);
/// ```
pub fn clip_grad_norm(grads: &mut Gradients, params: &[Parameter], max_norm: f32) -> f32 {
    // BEGIN SOLUTION 07.5
    assert!(
        max_norm > 0.0,
        "clip_grad_norm: max_norm must be > 0, got {max_norm}"
    );
    let total = global_grad_norm(grads, params);
    if total.is_finite() && total > max_norm {
        let factor = max_norm / (total + 1e-6);
        for param in params {
            let id = param.get().id();
            if let Some(g) = grads.get_id(id) {
                let scaled = Tensor::from_array(g.data() * factor);
                grads.insert(id, scaled);
            }
        }
    }
    total
    // END SOLUTION
}

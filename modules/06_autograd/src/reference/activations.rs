//! Task 06.6 (part 1): gradients of the activations of module 02.
//!
//! Several of these derivatives are cheapest in terms of the op's OUTPUT, which the graph
//! keeps anyway: σ' = σ(1 - σ), tanh' = 1 - tanh², softmax's Jacobian is built from the
//! probabilities themselves. Reusing the output saves recomputing an `exp` per element.

use ndarray::{ArrayD, Axis, Zip};
use tinytorch_activations::{GELU_COEFF, SQRT_2_OVER_PI};
use tinytorch_tensor::Tensor;

/// `y = max(0, x)`: slope 1 where `x > 0`, 0 elsewhere (0 at the kink `x = 0`, as in
/// PyTorch).
pub(crate) fn relu_grad(x: &Tensor, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.6
    Zip::from(grad)
        .and(x.data())
        .map_collect(|&g, &x| if x > 0.0 { g } else { 0.0 })
    // END SOLUTION
}

/// `s = σ(x)`: σ'(x) = s(1 - s), computed from the saved output `s` (the input `x` is not
/// needed).
pub(crate) fn sigmoid_grad(x: &Tensor, out: &Tensor, grad: &ArrayD<f32>) -> ArrayD<f32> {
    let _ = x; // recomputing from the input would work too, but the output is cheaper
    // BEGIN SOLUTION 06.6
    Zip::from(grad)
        .and(out.data())
        .map_collect(|&g, &s| g * s * (1.0 - s))
    // END SOLUTION
}

/// `t = tanh(x)`: tanh'(x) = 1 - t², from the saved output `t`.
pub(crate) fn tanh_grad(x: &Tensor, out: &Tensor, grad: &ArrayD<f32>) -> ArrayD<f32> {
    let _ = x; // recomputing from the input would work too, but the output is cheaper
    // BEGIN SOLUTION 06.6
    Zip::from(grad)
        .and(out.data())
        .map_collect(|&g, &t| g * (1.0 - t * t))
    // END SOLUTION
}

/// GELU, tanh form: `y = 0.5·x·(1 + tanh(u))` with `u = c·(x + 0.044715·x³)`, `c = √(2/π)`.
/// By the product rule:
/// `y' = 0.5·(1 + tanh u) + 0.5·x·(1 - tanh² u)·c·(1 + 3·0.044715·x²)`.
pub(crate) fn gelu_grad(x: &Tensor, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.6
    Zip::from(grad).and(x.data()).map_collect(|&g, &x| {
        let t = (SQRT_2_OVER_PI * (x + GELU_COEFF * x * x * x)).tanh();
        let du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_COEFF * x * x);
        g * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du)
    })
    // END SOLUTION
}

/// `s = softmax(x)` along `axis`: ∂s_i/∂x_j = s_i(δ_ij - s_j), so
/// `∂loss/∂x_j = s_j·(g_j - Σ_i g_i s_i)`, the sum taken along `axis`. The full Jacobian
/// (n×n per lane) is never built: one dot product per lane is enough.
pub(crate) fn softmax_grad(out: &Tensor, axis: usize, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.6
    let s = out.data();
    let dot = (grad * s).sum_axis(Axis(axis)).insert_axis(Axis(axis));
    (grad - &dot) * s
    // END SOLUTION
}

/// `y = log_softmax(x)` along `axis`: ∂y_i/∂x_j = δ_ij - softmax_j, so
/// `∂loss/∂x_j = g_j - softmax_j·Σ_i g_i`, with `softmax = e^y` recovered from the output.
pub(crate) fn log_softmax_grad(out: &Tensor, axis: usize, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.6
    let total = grad.sum_axis(Axis(axis)).insert_axis(Axis(axis));
    let probs = out.data().mapv(f32::exp);
    grad - &(probs * &total)
    // END SOLUTION
}

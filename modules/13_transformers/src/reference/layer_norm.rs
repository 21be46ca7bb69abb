//! Task 13.1: layer normalization over the last axis.

use crate::layer_norm::check_affine_shapes;
use tinytorch_tensor::Tensor;

/// `(x - mean) / sqrt(var + eps) * gamma + beta` over the last axis of `x` (`[..., D]`),
/// with the BIASED variance `mean((x - mean)^2)` (divide by `D`, not `D - 1`: the
/// statistics of this one vector, not an estimate for a population). `gamma` and `beta`
/// (`[D]`) broadcast over the leading axes.
///
/// Composed from existing ops (mean, sub, powf, add_scalar, sqrt, div, mul, add), so its
/// backward needs no new code.
///
/// # Panics
/// If `gamma` or `beta` is not `[D]` for the last axis `D` of `x`, naming the shapes.
///
/// ```
/// use tinytorch_tensor::Tensor;
/// use tinytorch_transformers::layer_norm;
/// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0], &[3]).unwrap();
/// let (gamma, beta) = (Tensor::full(&[3], 2.0), Tensor::full(&[3], 0.5));
/// // mean 2, var 2/3: (x - 2) / sqrt(2/3 + 1e-5) * 2 + 0.5 = [-1.949, 0.5, 2.949]
/// let y = layer_norm(&x, &gamma, &beta, 1e-5).to_vec();
/// assert!((y[0] + 1.949_48).abs() < 1e-4 && (y[1] - 0.5).abs() < 1e-6);
/// ```
pub fn layer_norm(x: &Tensor, gamma: &Tensor, beta: &Tensor, eps: f32) -> Tensor {
    check_affine_shapes(x, gamma, beta);
    // BEGIN SOLUTION 13.1
    let mean = x.mean(-1, true);
    let centered = x.sub(&mean);
    let var = centered.powf(2.0).mean(-1, true);
    let normed = centered.div(&var.add_scalar(eps).sqrt());
    normed.mul(gamma).add(beta)
    // END SOLUTION
}

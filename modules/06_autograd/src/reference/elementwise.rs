//! Task 06.3: gradients of elementwise and scalar ops.
//!
//! Each rule multiplies the upstream gradient by the local derivative, element by element
//! (the chain rule): for `y = f(x)`, `∂loss/∂x = ∂loss/∂y · f'(x)`. Binary ops broadcast
//! their inputs in the forward pass, so their gradients are summed back to each input's
//! shape with [`reduce_to_shape`]. A binary rule returns `None` for an input that does not
//! require a gradient.
//!
//! Four rules (add, add_scalar, mul_scalar, neg) are worked examples in the shared file
//! `src/worked_rules.rs`: read them, then write these in the same style.

use crate::dispatch::BinaryGrads;
use crate::reduce_to_shape;
use ndarray::{ArrayD, Zip};
use tinytorch_tensor::Tensor;

/// `y = a - b`: ∂y/∂a = 1, ∂y/∂b = -1 (each reduced to its input's shape).
pub(crate) fn sub_grad(a: &Tensor, b: &Tensor, grad: &ArrayD<f32>) -> BinaryGrads {
    // BEGIN SOLUTION 06.3
    let da = a
        .requires_grad()
        .then(|| reduce_to_shape(grad.clone(), a.shape()));
    let db = b
        .requires_grad()
        .then(|| reduce_to_shape(grad.mapv(|g| -g), b.shape()));
    (da, db)
    // END SOLUTION
}

/// `y = a·b` elementwise: ∂y/∂a = b, ∂y/∂b = a (each reduced to its input's shape).
pub(crate) fn mul_grad(a: &Tensor, b: &Tensor, grad: &ArrayD<f32>) -> BinaryGrads {
    // BEGIN SOLUTION 06.3
    // `grad` has the broadcast (output) shape; ndarray broadcasts the other factor to it.
    let da = a
        .requires_grad()
        .then(|| reduce_to_shape(grad * b.data(), a.shape()));
    let db = b
        .requires_grad()
        .then(|| reduce_to_shape(grad * a.data(), b.shape()));
    (da, db)
    // END SOLUTION
}

/// `y = a / b` elementwise: ∂y/∂a = 1/b, ∂y/∂b = -a/b² (each reduced to its input's
/// shape).
pub(crate) fn div_grad(a: &Tensor, b: &Tensor, grad: &ArrayD<f32>) -> BinaryGrads {
    // BEGIN SOLUTION 06.3
    let da = a
        .requires_grad()
        .then(|| reduce_to_shape(grad / b.data(), a.shape()));
    let db = b.requires_grad().then(|| {
        let shape = grad.raw_dim();
        let (x, y) = (a.data().broadcast(shape.clone()), b.data().broadcast(shape));
        let (x, y) = (
            x.expect("a broadcasts to the output"),
            y.expect("b broadcasts to the output"),
        );
        let local = Zip::from(grad)
            .and(&x)
            .and(&y)
            .map_collect(|&g, &x, &y| -g * x / (y * y));
        reduce_to_shape(local, b.shape())
    });
    (da, db)
    // END SOLUTION
}

/// `y = e^x`: ∂y/∂x = e^x = y, so the saved output is reused (no second `exp`).
pub(crate) fn exp_grad(out: &Tensor, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.3
    grad * out.data()
    // END SOLUTION
}

/// `y = ln x`: ∂y/∂x = 1/x.
pub(crate) fn log_grad(x: &Tensor, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.3
    grad / x.data()
    // END SOLUTION
}

/// `y = √x`: ∂y/∂x = 1/(2√x) = 1/(2y), from the saved output.
pub(crate) fn sqrt_grad(out: &Tensor, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.3
    Zip::from(grad)
        .and(out.data())
        .map_collect(|&g, &y| g * 0.5 / y)
    // END SOLUTION
}

/// `y = x^p`: ∂y/∂x = p·x^(p-1).
pub(crate) fn powf_grad(x: &Tensor, p: f32, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.3
    Zip::from(grad)
        .and(x.data())
        .map_collect(|&g, &x| g * p * x.powf(p - 1.0))
    // END SOLUTION
}

/// `y = clamp(x, min, max)`: slope 1 where `min <= x <= max` (bounds included, as in
/// PyTorch), 0 where the value was cut off.
pub(crate) fn clamp_grad(x: &Tensor, min: f32, max: f32, grad: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 06.3
    Zip::from(grad)
        .and(x.data())
        .map_collect(|&g, &x| if (min..=max).contains(&x) { g } else { 0.0 })
    // END SOLUTION
}

//! The one `match` over [`Op`]: routes each recorded op to its backward rule.
//!
//! Every rule receives the upstream gradient `grad` (∂loss/∂output, the output's shape)
//! and returns ∂loss/∂input for each input, in the order of [`Op::inputs`]. A binary rule
//! returns `None` for an input that does not require a gradient, so that no work is spent
//! on it (the first layer's `dX` is never needed). Unary ops are only recorded when their
//! input requires a gradient, so unary rules always return one.

use crate::{imp, worked_rules};
use ndarray::ArrayD;
use tinytorch_tensor::{Op, Tensor};

/// ∂loss/∂input for each input of `op` (in the order of [`Op::inputs`]), given the
/// tensor `out` the op produced and `grad` = ∂loss/∂out.
///
/// # Panics
/// If a rule returns a gradient whose shape differs from its input's shape: a bug in the
/// rule, and the message names the op and both shapes.
pub(crate) fn input_grads(op: &Op, out: &Tensor, grad: &ArrayD<f32>) -> Vec<Option<ArrayD<f32>>> {
    use Op::*;
    let grads = match op {
        // 06.3 elementwise and scalar ops
        Add(a, b) => pair(worked_rules::add_grad(a, b, grad)),
        Sub(a, b) => pair(imp::sub_grad(a, b, grad)),
        Mul(a, b) => pair(imp::mul_grad(a, b, grad)),
        Div(a, b) => pair(imp::div_grad(a, b, grad)),
        AddScalar(_, _) => one(worked_rules::add_scalar_grad(grad)),
        MulScalar(_, c) => one(worked_rules::mul_scalar_grad(*c, grad)),
        Neg(_) => one(worked_rules::neg_grad(grad)),
        Exp(_) => one(imp::exp_grad(out, grad)),
        Log(x) => one(imp::log_grad(x, grad)),
        Sqrt(_) => one(imp::sqrt_grad(out, grad)),
        Powf(x, p) => one(imp::powf_grad(x, *p, grad)),
        Clamp { input, min, max } => one(imp::clamp_grad(input, *min, *max, grad)),
        // 06.4 matmul and shape ops
        Matmul(a, b) => pair(imp::matmul_grad(a, b, grad)),
        Reshape(x) => one(imp::reshape_grad(x, grad)),
        Permute(_, perm) => one(imp::permute_grad(perm, grad)),
        // 06.5 reductions
        Sum {
            input,
            axis,
            keepdim,
        } => one(imp::sum_grad(input, *axis, *keepdim, grad)),
        Mean {
            input,
            axis,
            keepdim,
        } => one(imp::mean_grad(input, *axis, *keepdim, grad)),
        Max {
            input,
            axis,
            keepdim,
        } => one(imp::max_grad(input, out, *axis, *keepdim, grad)),
        // 06.6 activations and losses
        Relu(x) => one(imp::relu_grad(x, grad)),
        Sigmoid(x) => one(imp::sigmoid_grad(x, out, grad)),
        Tanh(x) => one(imp::tanh_grad(x, out, grad)),
        Gelu(x) => one(imp::gelu_grad(x, grad)),
        Softmax { axis, .. } => one(imp::softmax_grad(out, *axis, grad)),
        LogSoftmax { axis, .. } => one(imp::log_softmax_grad(out, *axis, grad)),
        CrossEntropy { logits, targets } => one(imp::cross_entropy_grad(logits, targets, grad)),
        // Ops of later modules (convolution, embedding, ...) bring their own rule.
        Custom(custom) => custom.backward(out, grad),
    };
    check_shapes(op, &grads);
    grads
}

/// What a binary rule returns: ∂loss/∂a and ∂loss/∂b, each `None` when that input does
/// not require a gradient.
pub(crate) type BinaryGrads = (Option<ArrayD<f32>>, Option<ArrayD<f32>>);

fn one(grad: ArrayD<f32>) -> Vec<Option<ArrayD<f32>>> {
    vec![Some(grad)]
}

fn pair((a, b): BinaryGrads) -> Vec<Option<ArrayD<f32>>> {
    vec![a, b]
}

/// A gradient must have its input's shape: catching a wrong one here names the faulty
/// rule, instead of failing later with a confusing broadcasting error.
fn check_shapes(op: &Op, grads: &[Option<ArrayD<f32>>]) {
    for (i, (input, grad)) in op.inputs().into_iter().zip(grads).enumerate() {
        if let Some(grad) = grad {
            assert!(
                grad.shape() == input.shape(),
                "{} backward: the gradient for input {i} has shape {:?}, but that input has shape {:?} (a broadcast input needs reduce_to_shape)",
                op.name(),
                grad.shape(),
                input.shape()
            );
        }
    }
}

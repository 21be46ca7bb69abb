//! The graph IR: the operation that produced a tensor, with handles to its inputs.
//!
//! An op is recorded only when one of its inputs requires a gradient (see
//! [`Tensor::from_op`]); on the inference path nothing is recorded and nothing is cloned.
//! Module 06 implements the backward pass as one `match` over this enum, so every
//! derivative of the course lives in one place. Modules 02 and 04 create the activation and
//! loss variants; the enum lives here, next to the tensor, so that no module has to patch
//! another one at run time.

use crate::Tensor;
use ndarray::ArrayD;
use std::fmt::Debug;
use std::sync::Arc;

/// An operation defined by a later module (a convolution, an embedding lookup, a layer
/// norm, ...) that carries its own backward rule, so that module N never has to edit
/// modules 01 or 06 (candle's `CustomOp` does the same).
///
/// Module 06 calls [`CustomOp::backward`] when it meets [`Op::Custom`].
pub trait CustomOp: Send + Sync + Debug {
    /// A short name for reports and error messages, e.g. `"conv2d"`.
    fn name(&self) -> &'static str;

    /// The tensors the op read, in the order [`backward`](CustomOp::backward) returns
    /// their gradients.
    fn inputs(&self) -> Vec<&Tensor>;

    /// ∂loss/∂input for each input (`None` for an input that needs none), given the
    /// tensor the op produced and `grad` = ∂loss/∂output (of the output's shape).
    fn backward(&self, output: &Tensor, grad: &ArrayD<f32>) -> Vec<Option<ArrayD<f32>>>;
}

/// How a tensor was computed from other tensors.
///
/// Elementwise binary ops broadcast their inputs (NumPy rules); their backward pass must
/// sum the gradient back to each input's shape.
#[derive(Clone, Debug)]
pub enum Op {
    /// `a + b` (broadcasting).
    Add(Tensor, Tensor),
    /// `a - b` (broadcasting).
    Sub(Tensor, Tensor),
    /// `a * b` elementwise (broadcasting).
    Mul(Tensor, Tensor),
    /// `a / b` elementwise (broadcasting).
    Div(Tensor, Tensor),
    /// `a + c` for a scalar `c`.
    AddScalar(Tensor, f32),
    /// `a * c` for a scalar `c`.
    MulScalar(Tensor, f32),
    /// `-a`.
    Neg(Tensor),
    /// Matrix product of two tensors of rank >= 2 whose leading (batch) axes broadcast.
    Matmul(Tensor, Tensor),
    /// Same elements, new shape (the input's shape is kept in the input handle).
    Reshape(Tensor),
    /// Axes reordered: output axis `i` is input axis `perm[i]`.
    Permute(Tensor, Vec<usize>),
    /// Sum over one axis, or over everything when `axis` is `None`.
    Sum {
        /// The reduced tensor.
        input: Tensor,
        /// The reduced axis (already normalized), or `None` for all axes.
        axis: Option<usize>,
        /// Whether the reduced axis was kept with size 1.
        keepdim: bool,
    },
    /// Mean over one axis, or over everything when `axis` is `None`.
    Mean {
        /// The reduced tensor.
        input: Tensor,
        /// The reduced axis (already normalized), or `None` for all axes.
        axis: Option<usize>,
        /// Whether the reduced axis was kept with size 1.
        keepdim: bool,
    },
    /// Maximum over one axis, or over everything when `axis` is `None`.
    Max {
        /// The reduced tensor.
        input: Tensor,
        /// The reduced axis (already normalized), or `None` for all axes.
        axis: Option<usize>,
        /// Whether the reduced axis was kept with size 1.
        keepdim: bool,
    },
    /// `e^a` elementwise.
    Exp(Tensor),
    /// Natural logarithm elementwise.
    Log(Tensor),
    /// Square root elementwise.
    Sqrt(Tensor),
    /// `a^p` elementwise for a scalar exponent `p`.
    Powf(Tensor, f32),
    /// Values limited to `[min, max]`.
    Clamp {
        /// The clamped tensor.
        input: Tensor,
        /// Lower bound.
        min: f32,
        /// Upper bound.
        max: f32,
    },
    /// `max(0, a)` (module 02).
    Relu(Tensor),
    /// Logistic sigmoid (module 02).
    Sigmoid(Tensor),
    /// Hyperbolic tangent (module 02).
    Tanh(Tensor),
    /// GELU, tanh form (module 02).
    Gelu(Tensor),
    /// Softmax along `axis` (module 02).
    Softmax {
        /// The input logits.
        input: Tensor,
        /// The normalized axis.
        axis: usize,
    },
    /// Log-softmax along `axis` (module 02).
    LogSoftmax {
        /// The input logits.
        input: Tensor,
        /// The normalized axis.
        axis: usize,
    },
    /// An op of a later module that brings its own backward rule (see [`CustomOp`]).
    Custom(Arc<dyn CustomOp>),
    /// Per-sample cross-entropy of `[batch, classes]` logits against class indices,
    /// giving a `[batch]` tensor (module 04). Fused for numerical stability.
    CrossEntropy {
        /// The `[batch, classes]` logits.
        logits: Tensor,
        /// One class index per sample.
        targets: Arc<[usize]>,
    },
}

impl Op {
    /// The tensors this op read, in order (what backward sends gradients to).
    pub fn inputs(&self) -> Vec<&Tensor> {
        use Op::*;
        match self {
            Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b) | Matmul(a, b) => vec![a, b],
            AddScalar(a, _) | MulScalar(a, _) | Neg(a) | Reshape(a) | Permute(a, _) => vec![a],
            Exp(a) | Log(a) | Sqrt(a) | Powf(a, _) => vec![a],
            Relu(a) | Sigmoid(a) | Tanh(a) | Gelu(a) => vec![a],
            Sum { input, .. } | Mean { input, .. } | Max { input, .. } | Clamp { input, .. } => {
                vec![input]
            }
            Softmax { input, .. } | LogSoftmax { input, .. } => vec![input],
            CrossEntropy { logits, .. } => vec![logits],
            Custom(op) => op.inputs(),
        }
    }

    /// Consumes the op, returning the input handles (used to drop deep graphs without
    /// recursion).
    pub fn into_inputs(self) -> Vec<Tensor> {
        use Op::*;
        match self {
            Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b) | Matmul(a, b) => vec![a, b],
            AddScalar(a, _) | MulScalar(a, _) | Neg(a) | Reshape(a) | Permute(a, _) => vec![a],
            Exp(a) | Log(a) | Sqrt(a) | Powf(a, _) => vec![a],
            Relu(a) | Sigmoid(a) | Tanh(a) | Gelu(a) => vec![a],
            Sum { input, .. } | Mean { input, .. } | Max { input, .. } | Clamp { input, .. } => {
                vec![input]
            }
            Softmax { input, .. } | LogSoftmax { input, .. } => vec![input],
            CrossEntropy { logits, .. } => vec![logits],
            // A custom op may be shared: hand out new handles and let the Arc go.
            Custom(op) => op.inputs().into_iter().cloned().collect(),
        }
    }

    /// A short name for reports and error messages, e.g. `"matmul"`.
    pub fn name(&self) -> &'static str {
        use Op::*;
        match self {
            Add(..) => "add",
            Sub(..) => "sub",
            Mul(..) => "mul",
            Div(..) => "div",
            AddScalar(..) => "add_scalar",
            MulScalar(..) => "mul_scalar",
            Neg(..) => "neg",
            Matmul(..) => "matmul",
            Reshape(..) => "reshape",
            Permute(..) => "permute",
            Sum { .. } => "sum",
            Mean { .. } => "mean",
            Max { .. } => "max",
            Exp(..) => "exp",
            Log(..) => "log",
            Sqrt(..) => "sqrt",
            Powf(..) => "powf",
            Clamp { .. } => "clamp",
            Relu(..) => "relu",
            Sigmoid(..) => "sigmoid",
            Tanh(..) => "tanh",
            Gelu(..) => "gelu",
            Softmax { .. } => "softmax",
            LogSoftmax { .. } => "log_softmax",
            CrossEntropy { .. } => "cross_entropy",
            Custom(op) => op.name(),
        }
    }
}

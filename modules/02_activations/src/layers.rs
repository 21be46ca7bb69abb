//! Activations as values: unit structs with a `forward`, so that a network can hold
//! `Relu` next to a `Linear` (module 03). Each one calls the free function of the same name.

use crate::imp;
use tinytorch_tensor::Tensor;

/// `max(0, x)` as a layer; see [`relu`](crate::relu).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relu;

impl Relu {
    /// Applies [`relu`](crate::relu).
    pub fn forward(&self, x: &Tensor) -> Tensor {
        imp::relu(x)
    }
}

/// The logistic sigmoid as a layer; see [`sigmoid`](crate::sigmoid).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sigmoid;

impl Sigmoid {
    /// Applies [`sigmoid`](crate::sigmoid).
    pub fn forward(&self, x: &Tensor) -> Tensor {
        imp::sigmoid(x)
    }
}

/// The hyperbolic tangent as a layer; see [`tanh`](crate::tanh).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tanh;

impl Tanh {
    /// Applies [`tanh`](crate::tanh).
    pub fn forward(&self, x: &Tensor) -> Tensor {
        imp::tanh(x)
    }
}

/// GELU (tanh form) as a layer; see [`gelu`](crate::gelu).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gelu;

impl Gelu {
    /// Applies [`gelu`](crate::gelu).
    pub fn forward(&self, x: &Tensor) -> Tensor {
        imp::gelu(x)
    }
}

/// Softmax along `axis` as a layer; see [`softmax`](crate::softmax).
///
/// ```
/// use tinytorch_activations::Softmax;
/// use tinytorch_tensor::Tensor;
/// let logits = Tensor::from_vec(vec![0.0, 0.0, 5.0, 5.0], &[2, 2]).unwrap();
/// let p = Softmax::new(-1).forward(&logits);
/// assert_eq!(p.to_vec(), vec![0.5, 0.5, 0.5, 0.5]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Softmax {
    /// The axis the probabilities sum to 1 along (negative counts from the end).
    pub axis: isize,
}

impl Softmax {
    /// Softmax along `axis`.
    pub fn new(axis: isize) -> Self {
        Softmax { axis }
    }

    /// Applies [`softmax`](crate::softmax) along `self.axis`.
    ///
    /// # Panics
    /// If the axis is out of range for `x`.
    pub fn forward(&self, x: &Tensor) -> Tensor {
        imp::softmax(x, self.axis)
    }
}

impl Default for Softmax {
    /// The last axis, where classes live in `[batch, classes]` logits.
    fn default() -> Self {
        Softmax::new(-1)
    }
}

/// Log-softmax along `axis` as a layer; see [`log_softmax`](crate::log_softmax).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogSoftmax {
    /// The axis normalized over (negative counts from the end).
    pub axis: isize,
}

impl LogSoftmax {
    /// Log-softmax along `axis`.
    pub fn new(axis: isize) -> Self {
        LogSoftmax { axis }
    }

    /// Applies [`log_softmax`](crate::log_softmax) along `self.axis`.
    ///
    /// # Panics
    /// If the axis is out of range for `x`.
    pub fn forward(&self, x: &Tensor) -> Tensor {
        imp::log_softmax(x, self.axis)
    }
}

impl Default for LogSoftmax {
    /// The last axis.
    fn default() -> Self {
        LogSoftmax::new(-1)
    }
}

//! The `LayerNorm` layer (shared code): its parameters, constructor and `Module` plumbing.
//! The normalization itself is the exercise, [`layer_norm`](crate::layer_norm) in
//! `reference/layer_norm.rs`.

use crate::layer_norm as layer_norm_fn;
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

/// Layer normalization (Ba et al. 2016) over the last axis of width `D`:
///
/// ```text
/// y = (x - mean(x)) / sqrt(var(x) + eps) * gamma + beta      (mean, biased var over the last axis)
/// ```
///
/// `gamma` starts at ones and `beta` at zeros, so a fresh layer only standardizes each
/// token's vector: mean 0 and variance 1 (almost: `eps` is added to the variance). Each
/// token is normalized on its own, so unlike batch norm it behaves the same for a batch of
/// one, in training and at inference.
///
/// ```
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::Tensor;
/// use tinytorch_transformers::LayerNorm;
///
/// let ln = LayerNorm::new(3);
/// assert_eq!(ln.num_parameters(), 2 * 3);
/// // mean 2, biased variance 2/3: (x - 2) / sqrt(2/3) = [-1.2247, 0, 1.2247]
/// let y = ln.forward(&Tensor::from_vec(vec![1.0, 2.0, 3.0], &[1, 3]).unwrap());
/// assert!((y.to_vec()[2] - 1.224_74).abs() < 1e-4);
/// ```
#[derive(Clone, Debug)]
pub struct LayerNorm {
    gamma: Parameter,
    beta: Parameter,
    eps: f32,
    dim: usize,
}

impl LayerNorm {
    /// The default `eps`, PyTorch's: small against a variance of order 1, large enough that
    /// a constant row (variance 0) divides by `sqrt(1e-5)`, not by 0.
    pub const DEFAULT_EPS: f32 = 1e-5;

    /// A layer over vectors of width `dim`: `gamma = 1`, `beta = 0`, `eps = 1e-5`.
    ///
    /// # Panics
    /// If `dim` is 0.
    pub fn new(dim: usize) -> LayerNorm {
        LayerNorm::with_eps(dim, LayerNorm::DEFAULT_EPS)
    }

    /// Like [`new`](LayerNorm::new) with another `eps`.
    ///
    /// # Panics
    /// If `dim` is 0 or `eps` is negative or not finite.
    pub fn with_eps(dim: usize, eps: f32) -> LayerNorm {
        assert!(dim > 0, "LayerNorm::new: dim must be at least 1, got 0");
        assert!(
            eps.is_finite() && eps >= 0.0,
            "LayerNorm::with_eps: eps must be finite and >= 0, got {eps}"
        );
        LayerNorm {
            gamma: Parameter::new(Tensor::ones(&[dim])),
            beta: Parameter::new(Tensor::zeros(&[dim])),
            eps,
            dim,
        }
    }

    /// The scale `gamma`, shape `[dim]`.
    pub fn gamma(&self) -> &Parameter {
        &self.gamma
    }

    /// The shift `beta`, shape `[dim]`.
    pub fn beta(&self) -> &Parameter {
        &self.beta
    }

    /// The constant added to the variance.
    pub fn eps(&self) -> f32 {
        self.eps
    }

    /// The width `D` of the normalized (last) axis.
    pub fn dim(&self) -> usize {
        self.dim
    }
}

impl Module for LayerNorm {
    /// Normalizes `x` of shape `[..., dim]` over its last axis.
    ///
    /// # Panics
    /// If the last axis of `x` is not `dim`, naming the layer and the shape.
    fn forward(&self, x: &Tensor) -> Tensor {
        assert!(
            x.shape().last() == Some(&self.dim),
            "{}: input of shape {:?} does not match: the last axis must be {}",
            self.name(),
            x.shape(),
            self.dim
        );
        layer_norm_fn(x, &self.gamma.get(), &self.beta.get(), self.eps)
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        vec![
            ("gamma".to_string(), self.gamma.clone()),
            ("beta".to_string(), self.beta.clone()),
        ]
    }

    fn name(&self) -> String {
        format!("LayerNorm({}, eps={})", self.dim, self.eps)
    }
}

/// Panics unless `gamma` and `beta` are both `[D]` for the last axis `D` of `x`: the
/// shape contract of [`layer_norm`](crate::layer_norm), checked before any math so the
/// message names the three shapes instead of a broadcast error.
pub(crate) fn check_affine_shapes(x: &Tensor, gamma: &Tensor, beta: &Tensor) {
    let d = x.shape().last().copied().unwrap_or(0);
    assert!(
        gamma.shape() == [d] && beta.shape() == [d],
        "layer_norm: gamma {:?} and beta {:?} must both be [{d}] for an input of shape {:?}",
        gamma.shape(),
        beta.shape(),
        x.shape()
    );
}

//! The `Linear` type, its constructors from existing tensors and its accessors (shared
//! code). Initialization and forward are the exercises, in `reference/linear.rs`.

use crate::{LayerError, Parameter};
use rand::Rng;
use tinytorch_tensor::Tensor;

/// A fully connected (affine) layer: `y = x @ W + b`.
///
/// The weight has shape `[in_features, out_features]` (the layout that makes forward a
/// plain `x @ W`; PyTorch stores the transpose), the optional bias `[out_features]`.
///
/// Cloning a `Linear` shares its parameters (they are handles): the clone is the same
/// layer, used twice (tied weights). Build a new layer for independent weights.
///
/// ```
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let layer = Linear::new(784, 256, &mut seeded_rng(0));
/// assert_eq!(layer.weight().shape(), vec![784, 256]);
/// assert_eq!(layer.num_parameters(), 200_960); // 784 * 256 + 256
/// let y = layer.forward(&Tensor::zeros(&[32, 784]));
/// assert_eq!(y.shape(), &[32, 256]);
///
/// let tied = layer.clone(); // shares the weight
/// assert!(tied.weight().ptr_eq(layer.weight()));
/// ```
#[derive(Clone, Debug)]
pub struct Linear {
    /// `[in_features, out_features]`.
    pub(crate) weight: Parameter,
    /// `[out_features]`, or `None` for a layer without bias.
    pub(crate) bias: Option<Parameter>,
    pub(crate) in_features: usize,
    pub(crate) out_features: usize,
}

impl Linear {
    /// Like [`Linear::new`], without a bias: `y = x @ W` (used before a normalization
    /// layer, whose own shift makes a bias redundant, or for a language model's head).
    ///
    /// # Panics
    /// If `in_features` is 0.
    pub fn new_no_bias(in_features: usize, out_features: usize, rng: &mut impl Rng) -> Linear {
        // The weight is drawn exactly as in `new`, so a seed gives the same weight with and
        // without bias; the `[out_features]` zeros made for the bias are dropped.
        Linear {
            bias: None,
            ..Linear::new(in_features, out_features, rng)
        }
    }

    /// A layer with the given weight `[in_features, out_features]` and optional bias
    /// `[out_features]` (e.g. loaded from a checkpoint). The tensors are shared, not copied.
    ///
    /// # Errors
    /// [`LayerError::WeightNot2d`] if the weight is not 2-D, [`LayerError::BiasShape`] if the
    /// bias is not `[out_features]`.
    ///
    /// ```
    /// use tinytorch_layers::{LayerError, Linear};
    /// use tinytorch_tensor::Tensor;
    /// let w = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
    /// let layer = Linear::from_parameters(w, Some(Tensor::zeros(&[3]))).unwrap();
    /// assert_eq!((layer.in_features(), layer.out_features()), (2, 3));
    /// assert!(layer.weight().get().requires_grad());
    ///
    /// let err = Linear::from_parameters(Tensor::zeros(&[6]), None).unwrap_err();
    /// assert_eq!(err, LayerError::WeightNot2d { shape: vec![6] });
    /// let err = Linear::from_parameters(Tensor::zeros(&[2, 3]), Some(Tensor::zeros(&[2])));
    /// assert_eq!(err.unwrap_err(), LayerError::BiasShape { shape: vec![2], out_features: 3 });
    /// ```
    pub fn from_parameters(weight: Tensor, bias: Option<Tensor>) -> Result<Linear, LayerError> {
        let &[in_features, out_features] = weight.shape() else {
            return Err(LayerError::WeightNot2d {
                shape: weight.shape().to_vec(),
            });
        };
        if let Some(b) = &bias
            && b.shape() != [out_features]
        {
            return Err(LayerError::BiasShape {
                shape: b.shape().to_vec(),
                out_features,
            });
        }
        Ok(Linear {
            weight: Parameter::new(weight),
            bias: bias.map(Parameter::new),
            in_features,
            out_features,
        })
    }

    /// The weight, `[in_features, out_features]`.
    pub fn weight(&self) -> &Parameter {
        &self.weight
    }

    /// The bias, `[out_features]`, if the layer has one.
    pub fn bias(&self) -> Option<&Parameter> {
        self.bias.as_ref()
    }

    /// The size of the last axis of the input.
    pub fn in_features(&self) -> usize {
        self.in_features
    }

    /// The size of the last axis of the output.
    pub fn out_features(&self) -> usize {
        self.out_features
    }
}

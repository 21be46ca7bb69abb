//! `Mask`: which weights of a parameter survive pruning, and the in-place application
//! that keeps the pruned ones at exactly zero (shared code).

use std::fmt;
use tinytorch_layers::Parameter;
use tinytorch_tensor::Tensor;

/// A pruning mask bound to the parameter it prunes: `keep` holds 1.0 for every weight that
/// survives and 0.0 for every pruned one, in the parameter's shape.
///
/// The mask holds a handle to the parameter (not a copy), so [`apply`](Mask::apply) reaches
/// the model's weight even after the model moved into a `Trainer`. Applying is idempotent:
/// `w <- w * keep` leaves the survivors untouched and sets the pruned weights to exactly 0.
///
/// ```
/// use tinytorch_compression::Mask;
/// use tinytorch_layers::Parameter;
/// use tinytorch_tensor::Tensor;
///
/// let w = Parameter::new(Tensor::from_vec(vec![1.0, -2.0, 3.0, -4.0], &[2, 2]).unwrap());
/// let mask = Mask::new(w.clone(), Tensor::from_vec(vec![0.0, 1.0, 0.0, 1.0], &[2, 2]).unwrap());
/// mask.apply();
/// assert_eq!(w.get().to_vec(), [0.0, -2.0, 0.0, -4.0]);
/// assert_eq!((mask.num_pruned(), mask.numel()), (2, 4));
/// assert_eq!(mask.sparsity(), 0.5);
/// ```
#[derive(Clone)]
pub struct Mask {
    parameter: Parameter,
    keep: Tensor,
}

impl Mask {
    /// Binds a 0/1 mask to `parameter` (nothing is applied yet).
    ///
    /// # Panics
    /// If `keep` does not have the parameter's shape.
    pub fn new(parameter: Parameter, keep: Tensor) -> Mask {
        assert!(
            parameter.shape() == keep.shape(),
            "Mask::new: mask of shape {:?} for a parameter of shape {:?}",
            keep.shape(),
            parameter.shape()
        );
        Mask {
            parameter,
            keep: keep.detach(),
        }
    }

    /// The pruned parameter (a handle to the model's slot).
    pub fn parameter(&self) -> &Parameter {
        &self.parameter
    }

    /// The 0/1 mask: 1.0 where the weight survives.
    pub fn keep(&self) -> &Tensor {
        &self.keep
    }

    /// Sets the parameter to `w * keep` in place: the pruned weights become exactly 0.
    pub fn apply(&self) {
        let masked = self.parameter.get().data() * self.keep.data();
        self.parameter.set(Tensor::from_array(masked));
    }

    /// How many weights the mask prunes.
    pub fn num_pruned(&self) -> usize {
        self.keep.data().iter().filter(|&&k| k == 0.0).count()
    }

    /// The number of weights the mask covers.
    pub fn numel(&self) -> usize {
        self.keep.numel()
    }

    /// The fraction of weights pruned, in `[0, 1]`.
    pub fn sparsity(&self) -> f32 {
        self.num_pruned() as f32 / self.numel().max(1) as f32
    }
}

impl fmt::Debug for Mask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Mask(shape={:?}, pruned={}/{})",
            self.keep.shape(),
            self.num_pruned(),
            self.numel()
        )
    }
}

/// Applies every mask in place: call it after each optimizer step of a fine-tuning run,
/// or the pruned weights grow back (their gradients are not zero).
pub fn apply_masks(masks: &[Mask]) {
    for mask in masks {
        mask.apply();
    }
}

/// Prunes one parameter in place to `sparsity` by magnitude ([`magnitude_mask`]) and
/// returns the mask, to re-apply after every fine-tuning step.
///
/// # Panics
/// If `sparsity` is not in `[0, 1]`.
///
/// ```
/// use tinytorch_compression::prune_layer;
/// use tinytorch_layers::Parameter;
/// use tinytorch_tensor::Tensor;
/// let w = Parameter::new(Tensor::from_vec(vec![0.5, -3.0, 0.1, 2.0], &[4]).unwrap());
/// let mask = prune_layer(&w, 0.75);
/// assert_eq!(w.get().to_vec(), [0.0, -3.0, 0.0, 0.0]);
/// assert_eq!(mask.num_pruned(), 3);
/// ```
pub fn prune_layer(weight: &Parameter, sparsity: f32) -> Mask {
    let mask = Mask::new(
        weight.clone(),
        crate::magnitude_mask(&weight.get(), sparsity),
    );
    mask.apply();
    mask
}

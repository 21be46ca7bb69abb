#![doc = include_str!("../README.md")]

mod bitmask;
mod csr;
mod error;
mod magnitude_helpers;
mod mask;
mod matrix_view;
mod prunable;
mod sparse_linear;
mod svd;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use bitmask::BitmaskMatrix;
pub use csr::CsrMatrix;
pub use error::SparseError;
pub use imp::{
    distillation_loss, fine_tune_masked, global_magnitude_prune, low_rank_factorize,
    magnitude_mask, prune_neurons, sparse_matmul, sparsity,
};
pub use mask::{Mask, apply_masks, prune_layer};
pub use prunable::prunable_weights;
pub use sparse_linear::SparseLinear;
pub use svd::{Svd, svd};

tinytorch_tensor::module_edition!(
    "16",
    [
        tinytorch_tensor,
        tinytorch_activations,
        tinytorch_layers,
        tinytorch_losses,
        tinytorch_dataloader,
        tinytorch_autograd,
        tinytorch_optimizers,
        tinytorch_training,
        tinytorch_convolutions
    ]
);

#![doc = include_str!("../README.md")]

mod bitmask;
mod csr;
mod error;
mod mask;
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
    magnitude_mask, prune_layer, prune_neurons, sparse_matmul, sparsity,
};
pub use mask::{Mask, apply_masks};
pub use prunable::prunable_weights;
pub use sparse_linear::SparseLinear;
pub use svd::{Svd, svd};

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01 to 09).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_activations::editions(),
            tinytorch_layers::editions(),
            tinytorch_losses::editions(),
            tinytorch_dataloader::editions(),
            tinytorch_autograd::editions(),
            tinytorch_optimizers::editions(),
            tinytorch_training::editions(),
            tinytorch_convolutions::editions(),
        ],
        ModuleEdition::new("16", EDITION),
    )
}

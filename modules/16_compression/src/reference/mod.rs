//! Module 16 exercises: magnitude pruning, masked fine-tuning, sparse formats, the sparse
//! matmul, structured pruning, low-rank factorization and knowledge distillation.

mod csr;
mod distill;
mod fine_tune;
mod low_rank;
mod magnitude;
mod sparse_matmul;
mod structured;

pub use distill::distillation_loss;
pub use fine_tune::fine_tune_masked;
pub use low_rank::low_rank_factorize;
pub use magnitude::{global_magnitude_prune, magnitude_mask, sparsity};
pub use sparse_matmul::sparse_matmul;
pub use structured::prune_neurons;

//! TinyTorch-rs: the whole course framework, one module per crate, re-exported here.
//!
//! Each module is its own crate under `modules/`; this umbrella crate gives them short
//! names: `tinytorch::tensor::Tensor`, `tinytorch::layers::Linear`, ...

pub use tinytorch_acceleration as acceleration;
pub use tinytorch_activations as activations;
pub use tinytorch_attention as attention;
pub use tinytorch_autograd as autograd;
pub use tinytorch_benchmarking as benchmarking;
pub use tinytorch_capstone as capstone;
pub use tinytorch_compression as compression;
pub use tinytorch_convolutions as convolutions;
pub use tinytorch_dataloader as dataloader;
pub use tinytorch_embeddings as embeddings;
pub use tinytorch_layers as layers;
pub use tinytorch_losses as losses;
pub use tinytorch_memoization as memoization;
pub use tinytorch_optimizers as optimizers;
pub use tinytorch_profiling as profiling;
pub use tinytorch_quantization as quantization;
pub use tinytorch_tensor as tensor;
pub use tinytorch_tokenization as tokenization;
pub use tinytorch_training as training;
pub use tinytorch_transformers as transformers;

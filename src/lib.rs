//! TinyTorch-rs: the whole course framework, one module per crate, re-exported here.
//!
//! Each module is its own crate under `modules/`; this umbrella crate gives them short
//! names: `tinytorch::tensor::Tensor`, `tinytorch::layers::Linear`, ...




pub use tinytorch_tensor as tensor;

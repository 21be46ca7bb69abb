//! Module 05 exercises: the in-memory dataset, batching, shuffling and augmentation.

mod batching;
mod shuffle;
mod tensor_dataset;
mod transforms;

pub use batching::collate;
pub use shuffle::fisher_yates;

//! Module 18 exercises: the KV cache, attention over it, the cached forward step and its
//! cost, generation with and without the cache, batched generation.

mod attention;
mod batch;
mod cache;
mod cost;
mod forward;
mod generate;

pub use attention::attend_cached;
pub use cost::forward_macs;

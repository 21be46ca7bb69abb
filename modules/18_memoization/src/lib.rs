#![doc = include_str!("../README.md")]
// In the student edition the stubs do not yet read the cache's and the model's fields.
#![cfg_attr(course_student, allow(dead_code))]

mod attention_shapes;
mod cache;
mod counter;
mod error;
mod generate;
mod kernels;
mod model;
mod packed_matmul;
mod small_matmul;
mod stats;
mod vector_math;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use cache::KvCache;
pub use counter::MacCounter;
pub use error::CacheError;
pub use generate::{
    generate_batch_cached, generate_batch_cached_with_stats, generate_cached,
    generate_cached_with_stats, generate_uncached, generate_uncached_with_stats,
};
pub use imp::{attend_cached, forward_macs};
pub use model::{BENCH_GPT, CachedGpt, LogitRows};
pub use stats::GenerationStats;

tinytorch_tensor::module_edition!(
    "18",
    [
        tinytorch_tensor,
        tinytorch_activations,
        tinytorch_layers,
        tinytorch_attention,
        tinytorch_transformers
    ]
);

//! Module 14 exercises: counting parameters, memory, FLOPs of linear and convolutional
//! layers walked through nested containers, FLOPs of attention and transformers, and
//! latency statistics.

mod attention;
mod flops;
mod memory;
mod params;
mod stats;
mod walk;

pub use attention::{attention_flops, feed_forward_flops};
pub use flops::{conv2d_flops, linear_flops};
pub use memory::{activation_bytes, param_bytes, peak_activation_bytes};
pub use params::{conv2d_params, count_parameters, linear_params};
pub use stats::percentile;
pub(crate) use walk::walk;

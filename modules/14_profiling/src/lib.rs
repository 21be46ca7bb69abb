#![doc = include_str!("../README.md")]

mod cost;
mod error;
mod profile_layers;
mod report;
mod shape;
mod timing;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use cost::LayerCost;
pub use error::ProfileError;
pub use imp::{
    activation_bytes, attention_flops, conv2d_flops, conv2d_params, count_parameters,
    feed_forward_flops, linear_flops, linear_params, param_bytes, peak_activation_bytes,
    percentile,
};
pub use profile_layers::profile_layers;
pub use report::{ProfileReport, REPORT_GPT, Totals};
pub use timing::{ForwardTiming, LatencyStats, LayerTime, measure, profile_forward_time};

/// Bytes of one `f32`: every parameter and activation in this course is one.
pub const BYTES_PER_F32: usize = std::mem::size_of::<f32>();

tinytorch_tensor::module_edition!(
    "14",
    [
        tinytorch_tensor,
        tinytorch_activations,
        tinytorch_layers,
        tinytorch_autograd,
        tinytorch_convolutions,
        tinytorch_embeddings,
        tinytorch_attention,
        tinytorch_transformers
    ]
);

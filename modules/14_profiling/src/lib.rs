#![doc = include_str!("../README.md")]

mod cost;
mod error;
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
    percentile, profile_layers,
};
pub use report::{ProfileReport, Totals};
pub use timing::{ForwardTiming, LatencyStats, LayerTime, measure, profile_forward_time};

use tinytorch_tensor::{Edition, ModuleEdition};

/// Bytes of one `f32`: every parameter and activation in this course is one.
pub const BYTES_PER_F32: usize = std::mem::size_of::<f32>();

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01, 02, 03, 06,
/// 09, 11, 12, 13).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_activations::editions(),
            tinytorch_layers::editions(),
            tinytorch_autograd::editions(),
            tinytorch_convolutions::editions(),
            tinytorch_embeddings::editions(),
            tinytorch_attention::editions(),
            tinytorch_transformers::editions(),
        ],
        ModuleEdition::new("14", EDITION),
    )
}

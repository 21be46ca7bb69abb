#![doc = include_str!("../README.md")]

mod cnn;
mod conv2d;
mod error;
mod flatten;
mod im2col_op;
mod naive;
mod pool;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use cnn::simple_cnn;
pub use conv2d::Conv2d;
pub use error::ConvError;
pub use flatten::Flatten;
pub use imp::{col2im, conv_output_size, conv2d, im2col};
pub use naive::conv2d_naive;
pub use pool::{AvgPool2d, MaxPool2d};

tinytorch_tensor::module_edition!(
    "09",
    [tinytorch_tensor, tinytorch_activations, tinytorch_layers]
);

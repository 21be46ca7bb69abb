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

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01, 02, 03).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_activations::editions(),
            tinytorch_layers::editions(),
        ],
        ModuleEdition::new("09", EDITION),
    )
}

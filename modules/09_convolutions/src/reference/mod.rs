//! Module 09 exercises: output sizes, im2col and col2im, Conv2d, pooling.

mod col2im;
mod conv2d;
mod im2col;
mod output_size;
mod pool;

pub use col2im::col2im;
pub use conv2d::conv2d;
pub use im2col::im2col;
pub use output_size::conv_output_size;

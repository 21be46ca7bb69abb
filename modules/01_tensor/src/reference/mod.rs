//! Module 01 exercises. Each file adds methods to [`Tensor`](crate::Tensor).

mod creation;
mod elementwise;
mod math;
mod matmul;
mod reductions;
mod shape;

pub use elementwise::broadcast_shape;
pub(crate) use elementwise::zip_broadcast;
pub(crate) use matmul::matmul_kernel;
pub use shape::resolve_reshape;

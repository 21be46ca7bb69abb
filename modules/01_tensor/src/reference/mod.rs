//! Module 01 exercises. Each file adds methods to [`Tensor`](crate::Tensor).

mod creation;
mod elementwise;
mod math;
mod matmul;
mod reductions;
mod shape;

pub use elementwise::broadcast_shape;
pub use shape::resolve_reshape;

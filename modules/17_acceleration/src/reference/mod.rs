//! Module 17 exercises: the matmul ladder (naive, reordered, blocked, parallel), thread
//! control, the fused epilogue and softmax, and batched inference.

mod batching;
mod blocked;
mod epilogue;
mod loops;
mod parallel;
mod softmax;

pub use batching::batched_forward;
pub use blocked::matmul_blocked;
pub use epilogue::bias_act_inplace;
pub use loops::{matmul_naive, matmul_reordered};
pub use parallel::{matmul_parallel, row_chunks, with_threads};
pub use softmax::fused_scaled_masked_softmax;

//! The recorded ops of this module: what an embedding lookup and a position-table slice
//! keep for their backward passes (the `CustomOp` impls, tasks 11.2 and 11.3, are in
//! `reference/lookup.rs` and `reference/positions.rs`).

use std::sync::Arc;
use tinytorch_tensor::Tensor;

/// The recorded embedding lookup: output row `k` is `table[ids[k]]`.
#[derive(Debug)]
pub struct Gather {
    /// The `[vocab_size, dim]` table that was read.
    pub table: Tensor,
    /// The ids, flattened in row-major order of the output's leading axes.
    pub ids: Arc<[usize]>,
}

/// The recorded row slice: output row `k` is `table[start + k]`.
#[derive(Debug)]
pub struct RowSlice {
    /// The `[max_len, dim]` table that was read.
    pub table: Tensor,
    /// The first row read.
    pub start: usize,
}

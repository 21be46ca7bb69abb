//! Task 17.3: threads. Split the rows of the output across a rayon pool, and run work on a
//! pool of a size the caller chose.

use crate::shapes::matmul_dims;
use crate::{AccelError, thread_pool};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2, Axis, s};
use rayon::prelude::*;
use std::ops::Range;

/// Splits `rows` rows into `parts` contiguous, balanced ranges: range `t` is
/// `t * rows / parts .. (t + 1) * rows / parts`, so sizes differ by at most 1, the ranges
/// follow each other and together cover `0..rows` exactly once.
///
/// `parts` is clamped to `1..=rows` (no empty chunk); 0 rows give no range at all.
///
/// ```
/// use tinytorch_acceleration::row_chunks;
/// assert_eq!(row_chunks(7, 2), vec![0..3, 3..7]);
/// assert_eq!(row_chunks(10, 3), vec![0..3, 3..6, 6..10]);
/// assert_eq!(row_chunks(2, 5), vec![0..1, 1..2]);
/// assert!(row_chunks(0, 4).is_empty());
/// ```
pub fn row_chunks(rows: usize, parts: usize) -> Vec<Range<usize>> {
    // BEGIN SOLUTION 17.3
    if rows == 0 {
        return Vec::new();
    }
    let parts = parts.clamp(1, rows);
    (0..parts)
        .map(|t| t * rows / parts..(t + 1) * rows / parts)
        .collect()
    // END SOLUTION
}

/// `a @ b` with the rows of `c` split into `chunks` [`row_chunks`] that run in parallel on
/// the current rayon pool, each chunk one GEMM call `c[rows] = a[rows] @ b` writing its
/// own disjoint rows (no locks, no sharing). `chunks = 0` means one chunk per thread of
/// the current pool.
///
/// `chunks` says how the work is split; the POOL says how many chunks run at once. Run
/// it inside [`with_threads`] (or `pool.install`) to pin the thread count: the global pool
/// has `RAYON_NUM_THREADS` threads, 1 in this repository (`.cargo/config.toml`).
///
/// # Panics
/// If the inner sizes differ, naming both shapes.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::{matmul_parallel, with_threads};
/// let a = array![[1.0_f32, 2.0], [3.0, 4.0], [5.0, 6.0]];
/// let b = array![[1.0_f32, 0.0], [0.0, 1.0]];
/// let c = with_threads(2, || matmul_parallel(a.view(), b.view(), 2)).unwrap();
/// assert_eq!(c, a);
/// ```
pub fn matmul_parallel(
    a: ArrayView2<'_, f32>,
    b: ArrayView2<'_, f32>,
    chunks: usize,
) -> Array2<f32> {
    let (m, _, n) = matmul_dims("matmul_parallel", &a, &b);
    // BEGIN SOLUTION 17.3
    let parts = if chunks == 0 {
        rayon::current_num_threads()
    } else {
        chunks
    };
    let mut c = Array2::zeros((m, n));
    // Cut c into disjoint mutable row blocks, one per chunk, in order.
    let mut rest = c.view_mut();
    let mut jobs = Vec::with_capacity(parts);
    for rows in row_chunks(m, parts) {
        let (block, tail) = rest.split_at(Axis(0), rows.len());
        jobs.push((rows, block));
        rest = tail;
    }
    jobs.into_par_iter().for_each(|(rows, mut block)| {
        general_mat_mul(1.0, &a.slice(s![rows, ..]), &b, 0.0, &mut block);
    });
    c
    // END SOLUTION
}

/// Runs `f` on a new rayon pool of exactly `threads` threads and returns its result:
/// every rayon call inside `f` ([`matmul_parallel`], `par_iter`) uses that pool.
///
/// # Errors
/// [`AccelError::ZeroThreads`] for 0, [`AccelError::ThreadPool`] if the threads cannot be
/// started (see [`thread_pool`]).
///
/// ```
/// use tinytorch_acceleration::with_threads;
/// assert_eq!(with_threads(2, rayon::current_num_threads).unwrap(), 2);
/// assert!(with_threads(0, || ()).is_err());
/// ```
pub fn with_threads<R: Send>(
    threads: usize,
    f: impl FnOnce() -> R + Send,
) -> Result<R, AccelError> {
    // BEGIN SOLUTION 17.3
    let pool = thread_pool(threads)?;
    Ok(pool.install(f))
    // END SOLUTION
}

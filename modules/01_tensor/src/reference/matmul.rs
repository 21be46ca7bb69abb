//! Task 01.3: matrix multiplication, 2-D and batched.
//!
//! A `[m, k] @ [k, n]` product costs `2·m·k·n` floating-point operations (one multiply
//! and one add per term) and reads `(m·k + k·n)` values. All of it goes through
//! `ndarray::linalg::general_mat_mul`, a cache-blocked, vectorized GEMM; module 17 shows
//! how much faster that is than the textbook triple loop.

use crate::broadcast_shape;
use crate::matmul::batch_index;
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, Array3, ArrayD, Axis, IxDyn};

/// The product of two arrays of rank >= 2 whose batch axes broadcast: the kernel under
/// [`Tensor::matmul`](crate::Tensor::matmul), which promotes 1-D operands to matrices first.
/// [`batch_index`] says which matrix of each operand a batch position uses.
pub(crate) fn matmul_kernel(a: &ArrayD<f32>, b: &ArrayD<f32>) -> ArrayD<f32> {
    // BEGIN SOLUTION 01.3
    let (ra, rb) = (a.ndim(), b.ndim());
    let (m, k) = (a.shape()[ra - 2], a.shape()[ra - 1]);
    let (k2, n) = (b.shape()[rb - 2], b.shape()[rb - 1]);
    assert!(
        k == k2,
        "matmul: inner sizes differ: {:?} @ {:?} (last axis of the left must equal the second-to-last of the right)",
        a.shape(),
        b.shape()
    );
    let (a_batch, b_batch) = (&a.shape()[..ra - 2], &b.shape()[..rb - 2]);
    let batch = broadcast_shape(a_batch, b_batch).unwrap_or_else(|| {
        panic!(
            "matmul: batch axes of {:?} and {:?} do not broadcast",
            a.shape(),
            b.shape()
        )
    });
    let mut out_shape = batch.clone();
    out_shape.extend([m, n]);

    if rb == 2 {
        // [..., m, k] @ [k, n]: every row of every batch uses the same right matrix, so
        // one big GEMM over all rows beats many small ones.
        let rows = a.len() / k.max(1);
        let lhs = a.to_shape((rows, k)).expect("contiguous rows");
        let rhs = b.to_shape((k, n)).expect("2-D");
        let mut out = Array2::<f32>::zeros((rows, n));
        general_mat_mul(1.0, &lhs, &rhs, 0.0, &mut out);
        return out
            .into_shape_with_order(IxDyn(&out_shape))
            .expect("sizes agree");
    }

    let count: usize = batch.iter().product();
    let lhs = a
        .to_shape((a_batch.iter().product(), m, k))
        .expect("3-D view");
    let rhs = b
        .to_shape((b_batch.iter().product(), k, n))
        .expect("3-D view");
    let mut out = Array3::<f32>::zeros((count, m, n));
    for (i, mut c) in out.outer_iter_mut().enumerate() {
        let x = lhs.index_axis(Axis(0), batch_index(a_batch, &batch, i));
        let y = rhs.index_axis(Axis(0), batch_index(b_batch, &batch, i));
        general_mat_mul(1.0, &x, &y, 0.0, &mut c);
    }
    out.into_shape_with_order(IxDyn(&out_shape))
        .expect("sizes agree")
    // END SOLUTION
}

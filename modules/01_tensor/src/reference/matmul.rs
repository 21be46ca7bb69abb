//! Task 01.3: matrix multiplication, 2-D and batched.
//!
//! A `[m, k] @ [k, n]` product costs `2·m·k·n` floating-point operations (one multiply
//! and one add per term) and reads `(m·k + k·n)` values. All of it goes through
//! `ndarray::linalg::general_mat_mul`, a cache-blocked, vectorized GEMM; module 17 shows
//! how much faster that is than the textbook triple loop.

use crate::{Op, Tensor, broadcast_shape};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, Array3, ArrayD, Axis, IxDyn};

impl Tensor {
    /// The matrix product `self @ other`, with NumPy's rules:
    /// - 2-D × 2-D: `[m, k] @ [k, n] -> [m, n]`;
    /// - more axes: the last two are the matrices, the leading (batch) axes broadcast,
    ///   e.g. `[b, s, k] @ [k, n] -> [b, s, n]`;
    /// - a 1-D operand is a vector: `[k] @ [k, n] -> [n]`, `[m, k] @ [k] -> [m]`.
    ///
    /// # Panics
    /// If an operand is 0-D, the inner sizes differ, or the batch axes do not broadcast.
    ///
    /// ```
    /// use tinytorch_tensor::Tensor;
    /// let a = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
    /// let b = Tensor::from_vec(vec![5.0, 6.0, 7.0, 8.0], &[2, 2]).unwrap();
    /// assert_eq!(a.matmul(&b).to_vec(), vec![19.0, 22.0, 43.0, 50.0]);
    /// ```
    pub fn matmul(&self, other: &Tensor) -> Tensor {
        assert!(
            self.ndim() >= 1 && other.ndim() >= 1,
            "matmul: operands must have at least 1 axis, got shapes {:?} and {:?}",
            self.shape(),
            other.shape()
        );
        // A vector is promoted to a matrix, multiplied, and the extra axis removed.
        match (self.ndim(), other.ndim()) {
            (1, 1) => {
                let row = self.reshape(&[1, self.numel()]);
                row.matmul(other).reshape(&[])
            }
            (1, _) => {
                let row = self.reshape(&[1, self.numel()]);
                let out = row.matmul(other);
                let mut shape = out.shape().to_vec();
                shape.remove(shape.len() - 2);
                out.reshape(&shape)
            }
            (_, 1) => {
                let column = other.reshape(&[other.numel(), 1]);
                let out = self.matmul(&column);
                let shape = &out.shape()[..out.ndim() - 1];
                out.reshape(shape)
            }
            _ => {
                let data = matmul_kernel(self.data(), other.data());
                Tensor::from_op(data, &[self, other], || {
                    Op::Matmul(self.clone(), other.clone())
                })
            }
        }
    }
}

/// The product of two arrays of rank >= 2 whose batch axes broadcast.
fn matmul_kernel(a: &ArrayD<f32>, b: &ArrayD<f32>) -> ArrayD<f32> {
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

/// Which matrix of an operand with batch shape `own` is used at flat position `flat` of
/// the broadcast batch shape `batch`: size-1 and missing axes repeat their only matrix.
fn batch_index(own: &[usize], batch: &[usize], flat: usize) -> usize {
    let mut rest = flat;
    let mut index = 0;
    let mut stride = 1;
    // Walk the batch axes from the last one; `own` is right-aligned against `batch`.
    for (axis, &size) in batch.iter().enumerate().rev() {
        let coordinate = rest % size;
        rest /= size;
        let offset = batch.len() - own.len();
        if axis >= offset {
            let own_size = own[axis - offset];
            index += if own_size == 1 { 0 } else { coordinate } * stride;
            stride *= own_size;
        }
    }
    index
}

//! The matrix product's public method and the batch indexing it needs. The kernel that
//! multiplies (task 01.3) is the exercise in `reference/matmul.rs`; this file promotes
//! vectors to matrices around it and records the op for autograd.

use crate::{Op, Tensor};

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
                let data = crate::imp::matmul_kernel(self.data(), other.data());
                Tensor::from_op(data, &[self, other], || {
                    Op::Matmul(self.clone(), other.clone())
                })
            }
        }
    }
}

/// Which matrix of an operand with batch shape `own` is used at flat position `flat` of
/// the broadcast batch shape `batch`: size-1 and missing axes repeat their only matrix.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn batch_index(own: &[usize], batch: &[usize], flat: usize) -> usize {
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

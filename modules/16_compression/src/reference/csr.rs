//! Task 16.3: sparse storage formats: CSR and bitmask, from dense and back, and their
//! byte counts.

use crate::matrix_view::as_matrix;
use crate::{BitmaskMatrix, CsrMatrix};
use ndarray::Array2;
use tinytorch_tensor::Tensor;

impl CsrMatrix {
    /// The CSR form of a dense 2-D matrix: every entry that is not exactly 0.0 is stored,
    /// row by row, left to right.
    ///
    /// # Panics
    /// If `dense` is not 2-D.
    pub fn from_dense(dense: &Tensor) -> CsrMatrix {
        // BEGIN SOLUTION 16.3
        let m = as_matrix("CsrMatrix::from_dense", dense);
        let (rows, cols) = m.dim();
        let mut values = Vec::new();
        let mut col_indices = Vec::new();
        let mut row_ptr = vec![0u32];
        for row in m.outer_iter() {
            for (j, &v) in row.iter().enumerate() {
                if v != 0.0 {
                    values.push(v);
                    col_indices.push(j as u32);
                }
            }
            row_ptr.push(values.len() as u32);
        }
        CsrMatrix {
            values,
            col_indices,
            row_ptr,
            shape: [rows, cols],
        }
        // END SOLUTION
    }

    /// The dense matrix back, zeros filled in.
    pub fn to_dense(&self) -> Tensor {
        // BEGIN SOLUTION 16.3
        let mut dense = Array2::<f32>::zeros((self.shape[0], self.shape[1]));
        for (i, bounds) in self.row_ptr.windows(2).enumerate() {
            for k in bounds[0] as usize..bounds[1] as usize {
                dense[[i, self.col_indices[k] as usize]] = self.values[k];
            }
        }
        Tensor::from_array(dense.into_dyn())
        // END SOLUTION
    }

    /// Bytes of the stored matrix: 4 per value, 4 per column index, 4 per row pointer
    /// (`rows + 1` of them): `8 * nnz + 4 * (rows + 1)`. Smaller than the dense
    /// `4 * rows * cols` only when fewer than about half the entries are nonzero.
    pub fn nbytes(&self) -> usize {
        // BEGIN SOLUTION 16.3
        4 * self.values.len() + 4 * self.col_indices.len() + 4 * self.row_ptr.len()
        // END SOLUTION
    }
}

impl BitmaskMatrix {
    /// The bitmask form of a dense 2-D matrix: bit `i % 8` of byte `i / 8` is set when the
    /// flat (row-major) entry `i` is not 0.0; those entries' values are packed in order.
    ///
    /// # Panics
    /// If `dense` is not 2-D.
    pub fn from_dense(dense: &Tensor) -> BitmaskMatrix {
        // BEGIN SOLUTION 16.3
        let m = as_matrix("BitmaskMatrix::from_dense", dense);
        let (rows, cols) = m.dim();
        let mut bits = vec![0u8; (rows * cols).div_ceil(8)];
        let mut values = Vec::new();
        for (i, &v) in m.iter().enumerate() {
            if v != 0.0 {
                bits[i / 8] |= 1 << (i % 8);
                values.push(v);
            }
        }
        BitmaskMatrix {
            bits,
            values,
            shape: [rows, cols],
        }
        // END SOLUTION
    }

    /// The dense matrix back, zeros filled in.
    pub fn to_dense(&self) -> Tensor {
        // BEGIN SOLUTION 16.3
        let n = self.shape[0] * self.shape[1];
        let mut values = self.values.iter();
        let flat: Vec<f32> = (0..n)
            .map(|i| {
                if self.bits[i / 8] >> (i % 8) & 1 == 1 {
                    *values.next().expect("one value per set bit")
                } else {
                    0.0
                }
            })
            .collect();
        Tensor::from_vec(flat, &self.shape).expect("rows * cols values")
        // END SOLUTION
    }

    /// Bytes of the stored matrix: `ceil(rows * cols / 8)` for the bits plus 4 per value.
    pub fn nbytes(&self) -> usize {
        // BEGIN SOLUTION 16.3
        self.bits.len() + 4 * self.values.len()
        // END SOLUTION
    }
}

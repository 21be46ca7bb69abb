//! The `CsrMatrix` type and its accessors (shared code). Building one from a dense
//! matrix, converting back and counting its bytes are the exercises, in `reference/csr.rs`.

use crate::SparseError;

/// A sparse matrix in Compressed Sparse Row form: only the nonzero entries are stored.
///
/// - `values[k]`: the k-th nonzero, in row-major order;
/// - `col_indices[k]`: its column;
/// - `row_ptr[i]..row_ptr[i + 1]`: the range of `k` belonging to row `i`
///   (`row_ptr` has `rows + 1` entries, starting at 0 and ending at the number of nonzeros).
///
/// For the matrix
///
/// ```text
/// [[0, 5, 0, 0],
///  [0, 0, 0, 0],
///  [7, 0, 0, 9]]
/// ```
///
/// `values = [5, 7, 9]`, `col_indices = [1, 0, 3]`, `row_ptr = [0, 1, 1, 3]`.
///
/// Indices are `u32` (4 bytes), enough for 4 billion columns and nonzeros; the byte count
/// is [`nbytes`](CsrMatrix::nbytes).
///
/// ```
/// use tinytorch_compression::CsrMatrix;
/// use tinytorch_tensor::Tensor;
/// let dense = Tensor::from_vec(
///     vec![0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 7.0, 0.0, 0.0, 9.0],
///     &[3, 4],
/// )
/// .unwrap();
/// let csr = CsrMatrix::from_dense(&dense);
/// assert_eq!(csr.values(), &[5.0, 7.0, 9.0]);
/// assert_eq!(csr.col_indices(), &[1, 0, 3]);
/// assert_eq!(csr.row_ptr(), &[0, 1, 1, 3]);
/// assert_eq!(csr.to_dense().to_vec(), dense.to_vec());
/// assert_eq!(csr.nbytes(), 3 * 4 + 3 * 4 + 4 * 4); // values + columns + row pointers
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CsrMatrix {
    pub(crate) values: Vec<f32>,
    pub(crate) col_indices: Vec<u32>,
    pub(crate) row_ptr: Vec<u32>,
    pub(crate) shape: [usize; 2],
}

impl CsrMatrix {
    /// A CSR matrix from its three arrays (e.g. read from a file), checked: `row_ptr` has
    /// `rows + 1` non-decreasing entries from 0 to `values.len()`, there is one column index
    /// per value, and every column index is below `cols`.
    ///
    /// # Errors
    /// [`SparseError::InvalidCsr`] naming the broken rule.
    ///
    /// ```
    /// use tinytorch_compression::CsrMatrix;
    /// let m = CsrMatrix::from_parts(vec![5.0, 7.0], vec![1, 0], vec![0, 1, 2], [2, 2]).unwrap();
    /// assert_eq!(m.nnz(), 2);
    /// assert!(CsrMatrix::from_parts(vec![5.0], vec![3], vec![0, 1], [1, 2]).is_err());
    /// ```
    pub fn from_parts(
        values: Vec<f32>,
        col_indices: Vec<u32>,
        row_ptr: Vec<u32>,
        shape: [usize; 2],
    ) -> Result<CsrMatrix, SparseError> {
        let invalid = |reason: String| Err(SparseError::InvalidCsr { reason });
        if row_ptr.len() != shape[0] + 1 {
            return invalid(format!(
                "row_ptr has {} entries for {} rows",
                row_ptr.len(),
                shape[0]
            ));
        }
        if col_indices.len() != values.len() {
            return invalid(format!(
                "{} column indices for {} values",
                col_indices.len(),
                values.len()
            ));
        }
        if row_ptr[0] != 0 || row_ptr[shape[0]] as usize != values.len() {
            return invalid(format!(
                "row_ptr runs from {} to {}, not from 0 to {}",
                row_ptr[0],
                row_ptr[shape[0]],
                values.len()
            ));
        }
        if row_ptr.windows(2).any(|w| w[0] > w[1]) {
            return invalid("row_ptr decreases".into());
        }
        if let Some(&c) = col_indices.iter().find(|&&c| c as usize >= shape[1]) {
            return invalid(format!(
                "column index {c} in a matrix of {} columns",
                shape[1]
            ));
        }
        Ok(CsrMatrix {
            values,
            col_indices,
            row_ptr,
            shape,
        })
    }

    /// The nonzero values, row by row.
    pub fn values(&self) -> &[f32] {
        &self.values
    }

    /// The column of each stored value.
    pub fn col_indices(&self) -> &[u32] {
        &self.col_indices
    }

    /// Where each row's values start (`rows + 1` entries).
    pub fn row_ptr(&self) -> &[u32] {
        &self.row_ptr
    }

    /// `[rows, cols]` of the dense matrix.
    pub fn shape(&self) -> [usize; 2] {
        self.shape
    }

    /// The number of stored (nonzero) values.
    pub fn nnz(&self) -> usize {
        self.values.len()
    }

    /// The fraction of entries that are zero, in `[0, 1]`.
    pub fn sparsity(&self) -> f32 {
        let total = self.shape[0] * self.shape[1];
        1.0 - self.nnz() as f32 / total.max(1) as f32
    }
}

//! Task 16.4: the sparse matmul kernel behind `SparseLinear`.

use crate::CsrMatrix;
use ndarray::{Array2, Ix2};
use tinytorch_tensor::Tensor;

/// `x @ Wt^T` for a dense `x [batch, in]` and a CSR matrix `wt [out, in]` (the TRANSPOSE
/// of a `Linear` weight, PyTorch's layout), giving `[batch, out]`: equal to the dense
/// `x.matmul(&wt.to_dense().t())`, computed with `batch * nnz` multiply-adds instead of
/// `batch * in * out`.
///
/// Why this layout: output feature `j` is the sparse dot product of row `j` of `wt` with
/// each input row, `y[b, j] = sum_k values[k] * x[b, col_indices[k]]` over the row's `k`.
/// The kernel does that for all `b` at once: with `x` transposed to `[in, batch]`, each
/// stored value adds `value * xt[col]` (a contiguous row of `batch` floats, which the
/// compiler vectorizes) into `yt[j]`. Only nonzeros are visited.
///
/// Not recorded for autograd: it is an inference kernel (fine-tune with masks on the dense
/// model, then convert).
///
/// # Panics
/// If `x` is not 2-D or its second axis is not `wt`'s number of columns.
///
/// ```
/// use tinytorch_compression::{CsrMatrix, sparse_matmul};
/// use tinytorch_tensor::Tensor;
/// // wt = [[0, 2], [1, 0], [0, 0]]: y = [x1 * 2, x0 * 1, 0]
/// let wt = CsrMatrix::from_dense(&Tensor::from_vec(vec![0.0, 2.0, 1.0, 0.0, 0.0, 0.0], &[3, 2]).unwrap());
/// let x = Tensor::from_vec(vec![3.0, 4.0], &[1, 2]).unwrap();
/// assert_eq!(sparse_matmul(&x, &wt).to_vec(), [8.0, 3.0, 0.0]);
/// ```
pub fn sparse_matmul(x: &Tensor, wt: &CsrMatrix) -> Tensor {
    // BEGIN SOLUTION 16.4
    let [rows, cols] = wt.shape();
    let x2 = x
        .data()
        .view()
        .into_dimensionality::<Ix2>()
        .ok()
        .filter(|m| m.ncols() == cols)
        .unwrap_or_else(|| {
            panic!(
                "sparse_matmul: x of shape {:?} cannot multiply a sparse [out, in] = {:?} weight \
                 (x must be [batch, {cols}])",
                x.shape(),
                wt.shape()
            )
        });
    let batch = x2.nrows();
    let xt = x2.t().as_standard_layout().into_owned(); // [in, batch], rows contiguous
    let mut yt = Array2::<f32>::zeros((rows, batch));
    let xt_flat = xt.as_slice().expect("standard layout");
    for j in 0..rows {
        let (start, end) = (wt.row_ptr()[j] as usize, wt.row_ptr()[j + 1] as usize);
        let mut out = yt.row_mut(j);
        let out = out.as_slice_mut().expect("row of a standard-layout array");
        for k in start..end {
            let (v, c) = (wt.values()[k], wt.col_indices()[k] as usize);
            let input = &xt_flat[c * batch..(c + 1) * batch];
            for (o, &xi) in out.iter_mut().zip(input) {
                *o += v * xi;
            }
        }
    }
    Tensor::from_array(yt.t().as_standard_layout().into_owned().into_dyn())
    // END SOLUTION
}

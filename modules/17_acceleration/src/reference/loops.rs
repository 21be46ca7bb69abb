//! Task 17.1: the same multiply-adds in two loop orders.

use crate::shapes::matmul_dims;
use ndarray::{Array2, ArrayView2, Zip};

/// `a [m, k] @ b [k, n]` as the textbook triple loop, `i` over rows of `a`, `j` over
/// columns of `b`, `p` over the inner axis: `c[i, j] = sum_p a[i, p] * b[p, j]`.
///
/// The innermost loop walks DOWN a column of `b`: consecutive `p` are `n` floats apart in
/// memory, so each multiply-add loads a new cache line, and the loop (one running sum)
/// cannot be vectorized. This is the baseline of the ladder. `k = 0` gives zeros.
///
/// # Panics
/// If the inner sizes differ, naming both shapes.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::matmul_naive;
/// let a = array![[1.0_f32, 2.0], [3.0, 4.0]];
/// let b = array![[5.0_f32, 6.0], [7.0, 8.0]];
/// assert_eq!(matmul_naive(a.view(), b.view()), array![[19.0_f32, 22.0], [43.0, 50.0]]);
/// ```
pub fn matmul_naive(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Array2<f32> {
    let (m, k, n) = matmul_dims("matmul_naive", &a, &b);
    // BEGIN SOLUTION 17.1
    let mut c = Array2::zeros((m, n));
    for i in 0..m {
        for j in 0..n {
            let mut acc = 0.0;
            for p in 0..k {
                acc += a[[i, p]] * b[[p, j]];
            }
            c[[i, j]] = acc;
        }
    }
    c
    // END SOLUTION
}

/// `a @ b` with the two inner loops swapped (i-k-j): for each row `i` and each `p`, add
/// `a[i, p] * b[p, :]` to `c[i, :]`. The same `m * k * n` multiply-adds as
/// [`matmul_naive`](crate::matmul_naive), in an order where the innermost loop runs along
/// a ROW of `b` and a row of `c`: contiguous memory, every loaded cache line fully used,
/// and independent lanes the compiler turns into SIMD instructions (an `axpy`).
///
/// `b` is made contiguous first (a copy only if it is a strided view, e.g. a transpose).
///
/// # Panics
/// If the inner sizes differ, naming both shapes.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::matmul_reordered;
/// let a = array![[1.0_f32, 2.0], [3.0, 4.0]];
/// let b = array![[5.0_f32, 6.0], [7.0, 8.0]];
/// assert_eq!(matmul_reordered(a.view(), b.view()), array![[19.0_f32, 22.0], [43.0, 50.0]]);
/// ```
pub fn matmul_reordered(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Array2<f32> {
    let (m, _, n) = matmul_dims("matmul_reordered", &a, &b);
    // BEGIN SOLUTION 17.1
    let b = b.as_standard_layout();
    let mut c = Array2::zeros((m, n));
    for (a_row, mut c_row) in a.rows().into_iter().zip(c.rows_mut()) {
        for (&a_ip, b_row) in a_row.iter().zip(b.rows()) {
            // c[i, :] += a[i, p] * b[p, :], one contiguous, vectorizable pass.
            Zip::from(&mut c_row)
                .and(&b_row)
                .for_each(|c_ij, &b_pj| *c_ij += a_ip * b_pj);
        }
    }
    c
    // END SOLUTION
}

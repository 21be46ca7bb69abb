//! The matmul kernels of this module as one enum, so that benches, reports and the
//! milestone can run "each kernel on the same inputs" in a loop.

use crate::imp::{matmul_blocked, matmul_naive, matmul_parallel, matmul_reordered};
use crate::shapes::matmul_dims;
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2};
use std::fmt;

/// `a @ b` with ndarray's GEMM (`general_mat_mul`, the matrixmultiply crate): packed,
/// cache-blocked panels and a SIMD register micro-kernel. The baseline every kernel of this
/// module is checked and timed against.
///
/// # Panics
/// If the inner sizes differ, naming both shapes.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::matmul_ndarray;
/// let c = matmul_ndarray(array![[1.0_f32, 2.0]].view(), array![[3.0_f32], [4.0]].view());
/// assert_eq!(c, array![[11.0_f32]]);
/// ```
pub fn matmul_ndarray(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Array2<f32> {
    let (m, _, n) = matmul_dims("matmul_ndarray", &a, &b);
    let mut c = Array2::zeros((m, n));
    general_mat_mul(1.0, &a, &b, 0.0, &mut c);
    c
}

/// One of the module's matmul kernels, with its settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// [`matmul_naive`]: the i-j-k triple loop.
    Naive,
    /// [`matmul_reordered`]: the i-k-j loop order.
    Reordered,
    /// [`matmul_blocked`] with square tiles of this size.
    Blocked(usize),
    /// [`matmul_ndarray`]: ndarray's GEMM.
    Ndarray,
    /// [`matmul_parallel`] with this many row chunks on the current rayon pool.
    Parallel(usize),
}

impl Kernel {
    /// `a @ b` with this kernel.
    ///
    /// # Panics
    /// If the inner sizes differ (or a block size of 0), naming the kernel and the shapes.
    ///
    /// ```
    /// use ndarray::array;
    /// use tinytorch_acceleration::Kernel;
    /// let (a, b) = (array![[1.0_f32, 2.0]], array![[3.0_f32], [4.0]]);
    /// for kernel in [Kernel::Naive, Kernel::Reordered, Kernel::Blocked(1), Kernel::Ndarray] {
    ///     assert_eq!(kernel.run(a.view(), b.view()), array![[11.0_f32]]);
    /// }
    /// ```
    pub fn run(self, a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Array2<f32> {
        match self {
            Kernel::Naive => matmul_naive(a, b),
            Kernel::Reordered => matmul_reordered(a, b),
            Kernel::Blocked(block) => matmul_blocked(a, b, block),
            Kernel::Ndarray => matmul_ndarray(a, b),
            Kernel::Parallel(chunks) => matmul_parallel(a, b, chunks),
        }
    }
}

impl fmt::Display for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kernel::Naive => f.write_str("naive i-j-k"),
            Kernel::Reordered => f.write_str("reordered i-k-j"),
            Kernel::Blocked(block) => write!(f, "blocked {block}x{block}"),
            Kernel::Ndarray => f.write_str("ndarray GEMM"),
            Kernel::Parallel(chunks) => write!(f, "parallel, {chunks} row chunks"),
        }
    }
}

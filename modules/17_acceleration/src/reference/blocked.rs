//! Task 17.2: cache blocking (tiling).

use crate::shapes::matmul_dims;
use ndarray::{Array2, ArrayView2, Zip, s};

/// `a @ b` computed tile by tile: for each `block x block` tile of `c`, and each matching
/// pair of tiles of `a` and `b` along the inner axis, `c_tile += a_tile @ b_tile` (in the
/// i-k-j order of [`matmul_reordered`](crate::matmul_reordered)).
///
/// Why: the reordered kernel streams the whole of `b` once per row of `a`; when `b` does not
/// fit in the cache it comes from memory `m` times. A tile of `b` is reused by every row of
/// the `a` tile while it is still in the cache: three tiles of 64 x 64 floats are 48 KiB,
/// about an L1 + L2 working set. Shapes need not be multiples of `block`: the last tile of
/// each axis is smaller (`min(start + block, size)`).
///
/// # Panics
/// If the inner sizes differ (naming both shapes) or `block` is 0.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::matmul_blocked;
/// let a = array![[1.0_f32, 2.0, 3.0]];
/// let b = array![[1.0_f32], [1.0], [1.0]];
/// assert_eq!(matmul_blocked(a.view(), b.view(), 2), array![[6.0_f32]]); // tiles of 2, then 1
/// ```
pub fn matmul_blocked(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>, block: usize) -> Array2<f32> {
    let (m, k, n) = matmul_dims("matmul_blocked", &a, &b);
    assert!(
        block > 0,
        "matmul_blocked: the block size must be at least 1, got 0"
    );
    // BEGIN SOLUTION 17.2
    let b = b.as_standard_layout();
    let mut c = Array2::zeros((m, n));
    for i0 in (0..m).step_by(block) {
        let i1 = (i0 + block).min(m);
        for p0 in (0..k).step_by(block) {
            let p1 = (p0 + block).min(k);
            for j0 in (0..n).step_by(block) {
                let j1 = (j0 + block).min(n);
                let a_tile = a.slice(s![i0..i1, p0..p1]);
                let b_tile = b.slice(s![p0..p1, j0..j1]);
                let mut c_tile = c.slice_mut(s![i0..i1, j0..j1]);
                // c_tile += a_tile @ b_tile; the tiles stay in the cache for the whole loop.
                for (a_row, mut c_row) in a_tile.rows().into_iter().zip(c_tile.rows_mut()) {
                    for (&a_ip, b_row) in a_row.iter().zip(b_tile.rows()) {
                        Zip::from(&mut c_row)
                            .and(&b_row)
                            .for_each(|c_ij, &b_pj| *c_ij += a_ip * b_pj);
                    }
                }
            }
        }
    }
    c
    // END SOLUTION
}

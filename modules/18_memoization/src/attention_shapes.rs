//! The shape check of cached attention: a clear panic naming the shapes before any math
//! runs (task 18.2's kernel, `attend_cached`, calls it first).

use ndarray::{ArrayView2, ArrayView3};

/// Panics with the shapes unless `q` is `[T, H * hd]` and `keys`, `values` are the same
/// `[H, n, hd]` with `n >= T`.
pub(crate) fn check_shapes(
    q: &ArrayView2<'_, f32>,
    keys: &ArrayView3<'_, f32>,
    values: &ArrayView3<'_, f32>,
) {
    let (heads, n, hd) = keys.dim();
    assert!(
        keys.shape() == values.shape()
            && q.ncols() == heads * hd
            && q.nrows() <= n
            && q.nrows() > 0,
        "attend_cached: q {:?} must be [T, H * hd] with 1 <= T <= n for keys {:?} and values \
         {:?} of shape [H, n, hd]",
        q.shape(),
        keys.shape(),
        values.shape()
    );
}

//! Shape checks shared by every kernel: a matmul of impossible shapes is a bug in the
//! calling code, so it panics with a message naming the kernel and both shapes.

use ndarray::{ArrayView1, ArrayView2, ArrayViewD, IxDyn};

/// The sizes `(m, k, n)` of `a [m, k] @ b [k, n]`.
///
/// # Panics
/// If the inner sizes differ, naming `op` and both shapes.
pub(crate) fn matmul_dims(
    op: &str,
    a: &ArrayView2<'_, f32>,
    b: &ArrayView2<'_, f32>,
) -> (usize, usize, usize) {
    let ((m, k), (k2, n)) = (a.dim(), b.dim());
    assert!(
        k == k2,
        "{op}: inner sizes differ: a is [{m}, {k}] and b is [{k2}, {n}] (a [m, k] @ b [k, n] needs the same k)"
    );
    (m, k, n)
}

/// Checks that `bias` has one entry per output column.
///
/// # Panics
/// If `bias.len() != cols`, naming `op` and both sizes.
pub(crate) fn check_bias(op: &str, cols: usize, bias: &ArrayView1<'_, f32>) {
    assert!(
        bias.len() == cols,
        "{op}: bias has {} entries but the output has {cols} columns (one bias per output feature)",
        bias.len()
    );
}

/// The mask viewed at the shape of the scores (numpy broadcasting: sizes of 1 repeat).
///
/// # Panics
/// If the mask does not broadcast to `shape`, naming both shapes.
pub(crate) fn broadcast_mask<'a>(
    op: &str,
    mask: &'a ArrayViewD<'_, f32>,
    shape: &[usize],
) -> ArrayViewD<'a, f32> {
    mask.broadcast(IxDyn(shape)).unwrap_or_else(|| {
        panic!(
            "{op}: the mask {:?} does not broadcast to the scores {shape:?} (sizes must match or be 1, aligned from the right)",
            mask.shape()
        )
    })
}

/// The index of the last axis, the one softmax normalizes.
///
/// # Panics
/// If `shape` is empty (a scalar has no axis to normalize).
pub(crate) fn last_axis(op: &str, shape: &[usize]) -> usize {
    assert!(
        !shape.is_empty(),
        "{op}: the scores need at least one axis, got a scalar"
    );
    shape.len() - 1
}

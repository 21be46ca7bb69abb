//! Matrix products on plain arrays for the backward pass of `matmul`.
//!
//! The backward pass needs products with a transposed operand (`dC @ Bᵀ`, `Aᵀ @ dC`).
//! A transposed 2-D view costs nothing (it swaps two strides), and ndarray's GEMM reads
//! strided views directly, so no transposed copy is ever made.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, Array3, ArrayD, ArrayView2, Axis, IxDyn};
use tinytorch_tensor::broadcast_shape;

/// The matrix product `op(x) @ op(y)` of two arrays of rank >= 2, where `op` swaps the
/// last two axes when the matching `transpose_*` flag is set. The leading (batch) axes
/// broadcast as in [`Tensor::matmul`](tinytorch_tensor::Tensor::matmul).
///
/// # Panics
/// If an operand has fewer than 2 axes, the inner sizes differ, or the batch axes do not
/// broadcast; the message names both shapes.
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use tinytorch_autograd::batched_matmul;
/// let a = ArrayD::from_shape_vec(IxDyn(&[2, 2]), vec![1.0, 2.0, 3.0, 4.0]).unwrap();
/// // a @ aᵀ = [[1·1 + 2·2, 1·3 + 2·4], [3·1 + 4·2, 3·3 + 4·4]]
/// let c = batched_matmul(&a, false, &a, true);
/// assert_eq!(c.iter().copied().collect::<Vec<_>>(), vec![5.0, 11.0, 11.0, 25.0]);
/// ```
pub fn batched_matmul(
    x: &ArrayD<f32>,
    transpose_x: bool,
    y: &ArrayD<f32>,
    transpose_y: bool,
) -> ArrayD<f32> {
    let describe = || {
        format!(
            "{:?} (transposed: {transpose_x}) and {:?} (transposed: {transpose_y})",
            x.shape(),
            y.shape()
        )
    };
    assert!(
        x.ndim() >= 2 && y.ndim() >= 2,
        "batched_matmul: operands need at least 2 axes, got {}",
        describe()
    );
    let (m, k) = matrix_dims(x.shape(), transpose_x);
    let (k2, n) = matrix_dims(y.shape(), transpose_y);
    assert!(
        k == k2,
        "batched_matmul: inner sizes differ for {}",
        describe()
    );
    let (x_batch, y_batch) = (&x.shape()[..x.ndim() - 2], &y.shape()[..y.ndim() - 2]);
    let batch = broadcast_shape(x_batch, y_batch).unwrap_or_else(|| {
        panic!(
            "batched_matmul: batch axes do not broadcast for {}",
            describe()
        )
    });
    let mut out_shape = batch.clone();
    out_shape.extend([m, n]);

    // Both plain matrices: one GEMM on (possibly transposed) views.
    if batch.is_empty() {
        let a = as_matrix(x.view().into_dimensionality().expect("2-D"), transpose_x);
        let b = as_matrix(y.view().into_dimensionality().expect("2-D"), transpose_y);
        let mut c = Array2::<f32>::zeros((m, n));
        general_mat_mul(1.0, &a, &b, 0.0, &mut c);
        return c.into_dyn();
    }

    // Otherwise one GEMM per batch entry; an operand with fewer (or size-1) batch axes
    // reuses its matrices, exactly as the forward pass broadcast them.
    let xs = as_stack(x);
    let ys = as_stack(y);
    let count: usize = batch.iter().product();
    let mut out = Array3::<f32>::zeros((count, m, n));
    for (i, mut c) in out.outer_iter_mut().enumerate() {
        let a = as_matrix(
            xs.index_axis(Axis(0), batch_index(x_batch, &batch, i)),
            transpose_x,
        );
        let b = as_matrix(
            ys.index_axis(Axis(0), batch_index(y_batch, &batch, i)),
            transpose_y,
        );
        general_mat_mul(1.0, &a, &b, 0.0, &mut c);
    }
    out.into_shape_with_order(IxDyn(&out_shape))
        .expect("sizes agree")
}

/// (rows, columns) of the matrices of an operand with shape `shape`, after the optional
/// transpose.
fn matrix_dims(shape: &[usize], transpose: bool) -> (usize, usize) {
    let (r, c) = (shape[shape.len() - 2], shape[shape.len() - 1]);
    if transpose { (c, r) } else { (r, c) }
}

/// A matrix view, transposed for free (swapped strides) when asked.
fn as_matrix(view: ArrayView2<'_, f32>, transpose: bool) -> ArrayView2<'_, f32> {
    if transpose {
        view.reversed_axes()
    } else {
        view
    }
}

/// The operand as a stack `[batch_count, rows, cols]` (a view when it is contiguous).
fn as_stack(a: &ArrayD<f32>) -> ndarray::CowArray<'_, f32, ndarray::Ix3> {
    let nd = a.ndim();
    let (r, c) = (a.shape()[nd - 2], a.shape()[nd - 1]);
    let count: usize = a.shape()[..nd - 2].iter().product();
    a.to_shape((count, r, c))
        .expect("3-D view of a batch of matrices")
}

/// Which matrix of an operand with batch shape `own` is used at flat position `flat` of
/// the broadcast batch shape `batch`: size-1 and missing axes repeat their only matrix.
fn batch_index(own: &[usize], batch: &[usize], flat: usize) -> usize {
    let offset = batch.len() - own.len();
    let (mut rest, mut index, mut stride) = (flat, 0, 1);
    for (axis, &size) in batch.iter().enumerate().rev() {
        let coordinate = rest % size;
        rest /= size;
        if axis >= offset {
            let own_size = own[axis - offset];
            index += if own_size == 1 { 0 } else { coordinate } * stride;
            stride *= own_size;
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinytorch_tensor::{Tensor, seeded_rng};

    fn randn(shape: &[usize], seed: u64) -> ArrayD<f32> {
        Tensor::randn(shape, &mut seeded_rng(seed)).data().clone()
    }

    fn assert_all_close(a: &ArrayD<f32>, b: &ArrayD<f32>) {
        assert_eq!(a.shape(), b.shape());
        assert!(
            a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-5),
            "{a} != {b}"
        );
    }

    #[test]
    fn matches_the_tensor_matmul_with_explicit_transposes() {
        // [2, 1, 3, 4]ᵀ (last two axes) @ [5, 3, 2] -> [2, 5, 4, 2].
        let x = randn(&[2, 1, 3, 4], 1);
        let y = randn(&[5, 3, 2], 2);
        let xt = Tensor::from_array(x.clone()).transpose(-2, -1);
        let expected = xt.matmul(&Tensor::from_array(y.clone()));
        assert_all_close(&batched_matmul(&x, true, &y, false), expected.data());
        // 2-D with the right operand transposed.
        let (a, b) = (randn(&[3, 4], 3), randn(&[5, 4], 4));
        let expected = Tensor::from_array(a.clone()).matmul(&Tensor::from_array(b.clone()).t());
        assert_all_close(&batched_matmul(&a, false, &b, true), expected.data());
    }

    #[test]
    #[should_panic(expected = "inner sizes differ")]
    fn inner_size_mismatch_panics() {
        let _ = batched_matmul(&randn(&[2, 3], 1), false, &randn(&[2, 3], 2), false);
    }
}

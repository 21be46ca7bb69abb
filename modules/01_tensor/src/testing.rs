//! Assertions for graded tests: compare tensors with a stated tolerance and report the
//! worst element, so a failing test tells the student where it went wrong.

use crate::Tensor;

/// Asserts that `actual` has shape `shape` and that every element is within `atol` of
/// `expected` (row-major order). NaN never matches; equal infinities do.
///
/// # Panics
/// On a shape mismatch or an element out of tolerance, naming the worst index.
///
/// ```
/// use tinytorch_tensor::{Tensor, testing::assert_close};
/// let t = Tensor::from_vec(vec![0.5, 1.0], &[2]).unwrap();
/// assert_close(&t, &[2], &[0.5, 1.0 + 1e-7], 1e-6);
/// ```
#[track_caller]
pub fn assert_close(actual: &Tensor, shape: &[usize], expected: &[f32], atol: f32) {
    assert_eq!(
        actual.shape(),
        shape,
        "shape: got {:?}, expected {:?}",
        actual.shape(),
        shape
    );
    assert_slice_close(&actual.to_vec(), expected, atol);
}

/// Asserts that two slices have the same length and agree elementwise within `atol`.
///
/// # Panics
/// On a length mismatch or an element out of tolerance, naming the worst index.
#[track_caller]
pub fn assert_slice_close(actual: &[f32], expected: &[f32], atol: f32) {
    assert_eq!(
        actual.len(),
        expected.len(),
        "length: got {} values, expected {}",
        actual.len(),
        expected.len()
    );
    let mut worst: Option<(usize, f32)> = None;
    for (i, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        let err = if a == e { 0.0 } else { (a - e).abs() };
        let bad = err.is_nan() || err > atol;
        if bad && worst.is_none_or(|(_, w)| err > w || err.is_nan()) {
            worst = Some((i, err));
        }
    }
    if let Some((i, err)) = worst {
        panic!(
            "element {i}: got {}, expected {} (error {err:e} > tolerance {atol:e})\n  got:      {actual:?}\n  expected: {expected:?}",
            actual[i], expected[i]
        );
    }
}

//! The 2-D view the sparse formats of task 16.3 are built from.

use ndarray::Ix2;
use tinytorch_tensor::Tensor;

/// A 2-D view of `t`, or a panic naming `op` and the shape.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn as_matrix<'a>(op: &str, t: &'a Tensor) -> ndarray::ArrayView2<'a, f32> {
    t.data()
        .view()
        .into_dimensionality::<Ix2>()
        .unwrap_or_else(|_| panic!("{op}: expected a 2-D matrix, got shape {:?}", t.shape()))
}

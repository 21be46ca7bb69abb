//! Task 01.2: broadcasting and elementwise arithmetic.
//!
//! Broadcasting (NumPy's rule) lets a `[batch, features]` tensor meet a `[features]` bias:
//! shapes are aligned from the right, and a size-1 axis (or a missing leading axis)
//! stretches to match the other shape without copying data.

use crate::long_rows::map_broadcast;
use crate::{Op, Tensor};
use ndarray::{ArrayD, IxDyn};

/// The shape two tensors broadcast to, or `None` if they are incompatible.
///
/// ```
/// use tinytorch_tensor::broadcast_shape;
/// assert_eq!(broadcast_shape(&[4, 3], &[3]), Some(vec![4, 3]));
/// assert_eq!(broadcast_shape(&[2, 1, 5], &[3, 1]), Some(vec![2, 3, 5]));
/// assert_eq!(broadcast_shape(&[4, 3], &[4]), None);
/// ```
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    // BEGIN SOLUTION 01.2
    let ndim = a.len().max(b.len());
    let size_at = |shape: &[usize], i: usize| {
        // Axis i counted from the right; missing leading axes have size 1.
        if i < shape.len() {
            shape[shape.len() - 1 - i]
        } else {
            1
        }
    };
    let mut out = vec![0; ndim];
    for i in 0..ndim {
        let (x, y) = (size_at(a, i), size_at(b, i));
        out[ndim - 1 - i] = match (x, y) {
            _ if x == y => x,
            (1, _) => y,
            (_, 1) => x,
            _ => return None,
        };
    }
    Some(out)
    // END SOLUTION
}

/// Applies `f` to every pair of elements of `a` and `b` broadcast to a common shape.
///
/// # Panics
/// If the shapes do not broadcast, naming `op` and both shapes.
pub(crate) fn zip_broadcast(
    a: &Tensor,
    b: &Tensor,
    op: &str,
    f: impl Fn(f32, f32) -> f32,
) -> ArrayD<f32> {
    // BEGIN SOLUTION 01.2
    let shape = broadcast_shape(a.shape(), b.shape()).unwrap_or_else(|| {
        panic!(
            "{op}: shapes {:?} and {:?} do not broadcast (sizes must match or be 1, aligned from the right)",
            a.shape(),
            b.shape()
        )
    });
    let lhs = a
        .data()
        .broadcast(IxDyn(&shape))
        .expect("broadcast_shape checked lhs");
    let rhs = b
        .data()
        .broadcast(IxDyn(&shape))
        .expect("broadcast_shape checked rhs");
    // `Zip::from(&lhs).and(&rhs).map_collect(..)` gives the same values; this runs them
    // in fewer, longer rows (see `long_rows`), which matters for a bias over images.
    map_broadcast(lhs, rhs, &shape, f)
    // END SOLUTION
}

impl Tensor {
    /// `self + c` for every element.
    pub fn add_scalar(&self, c: f32) -> Tensor {
        // BEGIN SOLUTION 01.2
        let data = self.data().mapv(|x| x + c);
        Tensor::from_op(data, &[self], || Op::AddScalar(self.clone(), c))
        // END SOLUTION
    }

    /// `self * c` for every element.
    pub fn mul_scalar(&self, c: f32) -> Tensor {
        // BEGIN SOLUTION 01.2
        let data = self.data().mapv(|x| x * c);
        Tensor::from_op(data, &[self], || Op::MulScalar(self.clone(), c))
        // END SOLUTION
    }
}

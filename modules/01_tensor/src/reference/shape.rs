//! Task 01.4: reshape, permute and transpose.
//!
//! Reshape and permute copy the data into row-major order (O(n) time and memory), which
//! keeps every later kernel simple: a tensor's data is always contiguous.

use crate::long_rows::to_row_major;
use crate::{Op, Tensor, TensorError};
use ndarray::{IxDyn, Order};

/// The concrete shape for reshaping `numel` elements to `spec`, where at most one entry
/// may be `-1` (inferred from the others).
///
/// # Errors
/// [`TensorError::BadReshape`] when more than one `-1` is given, a size is negative or
/// zero next to a `-1`, or the element counts differ.
///
/// ```
/// use tinytorch_tensor::resolve_reshape;
/// assert_eq!(resolve_reshape(12, &[3, -1]).unwrap(), vec![3, 4]);
/// assert!(resolve_reshape(12, &[5, -1]).is_err());
/// ```
pub fn resolve_reshape(numel: usize, spec: &[isize]) -> Result<Vec<usize>, TensorError> {
    let fail = |reason| TensorError::BadReshape {
        numel,
        requested: spec.to_vec(),
        reason,
    };
    // BEGIN SOLUTION 01.4
    let inferred = spec.iter().filter(|&&d| d == -1).count();
    if inferred > 1 {
        return Err(fail("at most one size may be -1"));
    }
    if spec.iter().any(|&d| d < -1) {
        return Err(fail("sizes must be >= 0, or -1 to infer one"));
    }
    let known: usize = spec
        .iter()
        .filter(|&&d| d >= 0)
        .map(|&d| d as usize)
        .product();
    let mut shape: Vec<usize> = spec.iter().map(|&d| d.max(0) as usize).collect();
    if let Some(pos) = spec.iter().position(|&d| d == -1) {
        if known == 0 || !numel.is_multiple_of(known) {
            return Err(fail("the other sizes do not divide the element count"));
        }
        shape[pos] = numel / known;
    } else if known != numel {
        return Err(fail("the element counts differ"));
    }
    Ok(shape)
    // END SOLUTION
}

impl Tensor {
    /// Like [`reshape`](Tensor::reshape), but one size may be `-1` and is inferred.
    ///
    /// # Panics
    /// If [`resolve_reshape`] rejects the request; the message says why.
    pub fn reshape_infer(&self, spec: &[isize]) -> Tensor {
        let shape = resolve_reshape(self.numel(), spec).unwrap_or_else(|e| panic!("reshape: {e}"));
        // BEGIN SOLUTION 01.4
        let data = self
            .data()
            .to_shape((IxDyn(&shape), Order::RowMajor))
            .expect("element counts agree")
            .into_owned();
        Tensor::from_op(data, &[self], || Op::Reshape(self.clone()))
        // END SOLUTION
    }

    /// Reorders the axes: output axis `i` is input axis `perm[i]`.
    ///
    /// # Panics
    /// If `perm` is not a permutation of `0..ndim`.
    ///
    /// ```
    /// use tinytorch_tensor::Tensor;
    /// let t = Tensor::zeros(&[2, 3, 4]).permute(&[2, 0, 1]);
    /// assert_eq!(t.shape(), &[4, 2, 3]);
    /// ```
    pub fn permute(&self, perm: &[usize]) -> Tensor {
        // BEGIN SOLUTION 01.4
        let mut seen = vec![false; self.ndim()];
        let valid = perm.len() == self.ndim()
            && perm
                .iter()
                .all(|&p| p < seen.len() && !std::mem::replace(&mut seen[p], true));
        assert!(
            valid,
            "permute: {perm:?} is not a permutation of the {} axes of shape {:?}",
            self.ndim(),
            self.shape()
        );
        let view = self.data().view().permuted_axes(IxDyn(perm));
        // `view.as_standard_layout().into_owned()` gives the same array; this copies in
        // whole rows (see `long_rows`), several times faster on a channels-last image.
        let data = to_row_major(view);
        Tensor::from_op(data, &[self], || Op::Permute(self.clone(), perm.to_vec()))
        // END SOLUTION
    }

    /// Swaps two axes (negative axes count from the end).
    ///
    /// # Panics
    /// If an axis is out of range.
    pub fn transpose(&self, axis_a: isize, axis_b: isize) -> Tensor {
        let a = self.normalize_axis(axis_a, "transpose");
        let b = self.normalize_axis(axis_b, "transpose");
        // BEGIN SOLUTION 01.4
        let mut perm: Vec<usize> = (0..self.ndim()).collect();
        perm.swap(a, b);
        self.permute(&perm)
        // END SOLUTION
    }
}

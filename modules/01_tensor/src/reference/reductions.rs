//! Task 01.5: reductions over one axis or over everything.
//!
//! A reduction reads every element once: O(n) time, and its output is smaller than its
//! input by the size of the reduced axis.

use crate::reduction_helpers::{keep_axis, nan_max};
use crate::{Op, Tensor};
use ndarray::{ArrayD, Axis, IxDyn};

impl Tensor {
    /// Sum over `axis` (negative counts from the end); `keepdim` keeps it with size 1.
    ///
    /// # Panics
    /// If `axis` is out of range.
    ///
    /// ```
    /// use tinytorch_tensor::Tensor;
    /// let t = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
    /// assert_eq!(t.sum(0, false).to_vec(), vec![5.0, 7.0, 9.0]);
    /// assert_eq!(t.sum(-1, true).shape(), &[2, 1]);
    /// ```
    pub fn sum(&self, axis: isize, keepdim: bool) -> Tensor {
        let axis = self.normalize_axis(axis, "sum");
        // BEGIN SOLUTION 01.5
        let data = keep_axis(self.data().sum_axis(Axis(axis)), axis, keepdim);
        Tensor::from_op(data, &[self], || Op::Sum {
            input: self.clone(),
            axis: Some(axis),
            keepdim,
        })
        // END SOLUTION
    }

    /// Sum of all elements, as a 0-D tensor.
    pub fn sum_all(&self) -> Tensor {
        // BEGIN SOLUTION 01.5
        let data = ArrayD::from_elem(IxDyn(&[]), self.data().sum());
        Tensor::from_op(data, &[self], || Op::Sum {
            input: self.clone(),
            axis: None,
            keepdim: false,
        })
        // END SOLUTION
    }

    /// Mean over `axis`; `keepdim` keeps it with size 1.
    ///
    /// # Panics
    /// If `axis` is out of range or has size 0.
    pub fn mean(&self, axis: isize, keepdim: bool) -> Tensor {
        let axis = self.normalize_axis(axis, "mean");
        let size = self.shape()[axis];
        assert!(
            size > 0,
            "mean: axis {axis} of shape {:?} is empty",
            self.shape()
        );
        // BEGIN SOLUTION 01.5
        let data = keep_axis(
            self.data().sum_axis(Axis(axis)) / size as f32,
            axis,
            keepdim,
        );
        Tensor::from_op(data, &[self], || Op::Mean {
            input: self.clone(),
            axis: Some(axis),
            keepdim,
        })
        // END SOLUTION
    }

    /// Mean of all elements, as a 0-D tensor.
    ///
    /// # Panics
    /// If the tensor is empty.
    pub fn mean_all(&self) -> Tensor {
        assert!(
            self.numel() > 0,
            "mean_all: tensor of shape {:?} is empty",
            self.shape()
        );
        // BEGIN SOLUTION 01.5
        let data = ArrayD::from_elem(IxDyn(&[]), self.data().sum() / self.numel() as f32);
        Tensor::from_op(data, &[self], || Op::Mean {
            input: self.clone(),
            axis: None,
            keepdim: false,
        })
        // END SOLUTION
    }

    /// Maximum over `axis`; `keepdim` keeps it with size 1. NaN propagates.
    ///
    /// # Panics
    /// If `axis` is out of range or has size 0.
    pub fn max(&self, axis: isize, keepdim: bool) -> Tensor {
        let axis = self.normalize_axis(axis, "max");
        assert!(
            self.shape()[axis] > 0,
            "max: axis {axis} of shape {:?} is empty",
            self.shape()
        );
        // BEGIN SOLUTION 01.5
        let reduced = self
            .data()
            .fold_axis(Axis(axis), f32::NEG_INFINITY, |&m, &x| nan_max(m, x));
        let data = keep_axis(reduced, axis, keepdim);
        Tensor::from_op(data, &[self], || Op::Max {
            input: self.clone(),
            axis: Some(axis),
            keepdim,
        })
        // END SOLUTION
    }

    /// Maximum of all elements, as a 0-D tensor. NaN propagates.
    ///
    /// # Panics
    /// If the tensor is empty.
    pub fn max_all(&self) -> Tensor {
        assert!(
            self.numel() > 0,
            "max_all: tensor of shape {:?} is empty",
            self.shape()
        );
        // BEGIN SOLUTION 01.5
        let value = self.data().fold(f32::NEG_INFINITY, |m, &x| nan_max(m, x));
        let data = ArrayD::from_elem(IxDyn(&[]), value);
        Tensor::from_op(data, &[self], || Op::Max {
            input: self.clone(),
            axis: None,
            keepdim: false,
        })
        // END SOLUTION
    }
}

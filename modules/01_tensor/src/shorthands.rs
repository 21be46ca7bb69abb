//! Methods that are one call to an exercise: `zeros` and `ones` are `full` (task 01.1),
//! `reshape` is `reshape_infer` without a `-1`, and `t` is `transpose` of the last two
//! axes (task 01.4).

use crate::Tensor;

impl Tensor {
    /// A tensor of zeros.
    pub fn zeros(shape: &[usize]) -> Tensor {
        Tensor::full(shape, 0.0)
    }

    /// A tensor of ones.
    pub fn ones(shape: &[usize]) -> Tensor {
        Tensor::full(shape, 1.0)
    }

    /// The same elements in row-major order, arranged as `shape`.
    ///
    /// # Panics
    /// If `shape` holds a different number of elements.
    ///
    /// ```
    /// use tinytorch_tensor::Tensor;
    /// let t = Tensor::arange(0.0, 6.0, 1.0).reshape(&[2, 3]);
    /// assert_eq!(t.shape(), &[2, 3]);
    /// ```
    pub fn reshape(&self, shape: &[usize]) -> Tensor {
        let spec: Vec<isize> = shape.iter().map(|&d| d as isize).collect();
        self.reshape_infer(&spec)
    }

    /// The matrix transpose: swaps the last two axes.
    ///
    /// # Panics
    /// If the tensor has fewer than 2 axes.
    pub fn t(&self) -> Tensor {
        self.transpose(-2, -1)
    }
}

//! Task 01.1: creating tensors from values, constants and seeded random numbers.

use crate::{Tensor, TensorError};
use ndarray::{ArrayD, IxDyn};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal, Uniform};

impl Tensor {
    /// A tensor of `shape` holding `data` in row-major order.
    ///
    /// # Errors
    /// [`TensorError::ShapeMismatch`] when `data.len()` is not the product of `shape`.
    ///
    /// ```
    /// use tinytorch_tensor::Tensor;
    /// let t = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
    /// assert_eq!(t.shape(), &[2, 3]);
    /// assert!(Tensor::from_vec(vec![1.0, 2.0], &[3]).is_err());
    /// ```
    pub fn from_vec(data: Vec<f32>, shape: &[usize]) -> Result<Tensor, TensorError> {
        // BEGIN SOLUTION 01.1
        Tensor::check_len(data.len(), shape)?;
        let array =
            ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|_| TensorError::ShapeMismatch {
                len: shape.iter().product(),
                shape: shape.to_vec(),
            })?;
        Ok(Tensor::from_array(array))
        // END SOLUTION
    }

    /// A tensor of `shape` with every element equal to `value`.
    pub fn full(shape: &[usize], value: f32) -> Tensor {
        // BEGIN SOLUTION 01.1
        Tensor::from_array(ArrayD::from_elem(IxDyn(shape), value))
        // END SOLUTION
    }

    /// The 1-D tensor `[start, start + step, ...]` of all values below `end`.
    ///
    /// # Panics
    /// If `step` is not strictly positive.
    ///
    /// ```
    /// use tinytorch_tensor::Tensor;
    /// assert_eq!(Tensor::arange(0.0, 2.0, 0.5).to_vec(), vec![0.0, 0.5, 1.0, 1.5]);
    /// ```
    pub fn arange(start: f32, end: f32, step: f32) -> Tensor {
        assert!(step > 0.0, "arange: step must be > 0, got {step}");
        // BEGIN SOLUTION 01.1
        let count = ((end - start) / step).ceil().max(0.0) as usize;
        let values: Vec<f32> = (0..count).map(|i| start + i as f32 * step).collect();
        Tensor::from_array(ArrayD::from_shape_vec(IxDyn(&[count]), values).expect("1-D shape"))
        // END SOLUTION
    }

    /// Samples from the standard normal distribution N(0, 1), drawn from `rng`.
    ///
    /// The same seed gives the same tensor (see [`seeded_rng`](crate::seeded_rng)).
    pub fn randn(shape: &[usize], rng: &mut impl Rng) -> Tensor {
        // BEGIN SOLUTION 01.1
        let numel: usize = shape.iter().product();
        let values: Vec<f32> = (0..numel).map(|_| StandardNormal.sample(rng)).collect();
        Tensor::from_array(ArrayD::from_shape_vec(IxDyn(shape), values).expect("numel matches"))
        // END SOLUTION
    }

    /// Samples uniformly from `[low, high)`, drawn from `rng`.
    ///
    /// # Panics
    /// If `low >= high` or a bound is not finite.
    pub fn rand_uniform(shape: &[usize], low: f32, high: f32, rng: &mut impl Rng) -> Tensor {
        assert!(
            low < high && low.is_finite() && high.is_finite(),
            "rand_uniform: need finite low < high, got [{low}, {high})"
        );
        // BEGIN SOLUTION 01.1
        let dist = Uniform::new(low, high).expect("checked bounds");
        let numel: usize = shape.iter().product();
        let values: Vec<f32> = (0..numel).map(|_| dist.sample(rng)).collect();
        Tensor::from_array(ArrayD::from_shape_vec(IxDyn(shape), values).expect("numel matches"))
        // END SOLUTION
    }
}

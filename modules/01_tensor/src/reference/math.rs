//! Task 01.6: elementwise math functions and the memory a tensor occupies.

use crate::{Op, Tensor};

impl Tensor {
    /// `e^x` for every element.
    pub fn exp(&self) -> Tensor {
        // BEGIN SOLUTION 01.6
        let data = self.data().mapv(f32::exp);
        Tensor::from_op(data, &[self], || Op::Exp(self.clone()))
        // END SOLUTION
    }

    /// The natural logarithm of every element (`ln 0 = -inf`, negative values give NaN).
    pub fn log(&self) -> Tensor {
        // BEGIN SOLUTION 01.6
        let data = self.data().mapv(f32::ln);
        Tensor::from_op(data, &[self], || Op::Log(self.clone()))
        // END SOLUTION
    }

    /// The square root of every element (negative values give NaN).
    pub fn sqrt(&self) -> Tensor {
        // BEGIN SOLUTION 01.6
        let data = self.data().mapv(f32::sqrt);
        Tensor::from_op(data, &[self], || Op::Sqrt(self.clone()))
        // END SOLUTION
    }

    /// Every element raised to the power `p`.
    pub fn powf(&self, p: f32) -> Tensor {
        // BEGIN SOLUTION 01.6
        let data = self.data().mapv(|x| x.powf(p));
        Tensor::from_op(data, &[self], || Op::Powf(self.clone(), p))
        // END SOLUTION
    }

    /// Every element limited to `[min, max]`.
    ///
    /// # Panics
    /// If `min > max`.
    pub fn clamp(&self, min: f32, max: f32) -> Tensor {
        assert!(min <= max, "clamp: min {min} > max {max}");
        // BEGIN SOLUTION 01.6
        let data = self.data().mapv(|x| x.clamp(min, max));
        Tensor::from_op(data, &[self], || Op::Clamp {
            input: self.clone(),
            min,
            max,
        })
        // END SOLUTION
    }

    /// The bytes the elements occupy: `numel × 4` for `f32` (the handle itself is not counted).
    ///
    /// ```
    /// use tinytorch_tensor::Tensor;
    /// assert_eq!(Tensor::zeros(&[1000, 1000]).nbytes(), 4_000_000);
    /// ```
    pub fn nbytes(&self) -> usize {
        // BEGIN SOLUTION 01.6
        self.numel() * std::mem::size_of::<f32>()
        // END SOLUTION
    }
}

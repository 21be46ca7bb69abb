//! Task 03.3: inverted dropout.

use crate::{Dropout, LayerError, Module};
use ndarray::{ArrayD, IxDyn};
use rand::Rng;
use std::sync::Mutex;
use tinytorch_tensor::{Tensor, seeded_rng};

impl Dropout {
    /// Dropout that zeroes each value with probability `p`, its masks drawn from an RNG
    /// seeded with `seed`. The layer starts in training mode.
    ///
    /// # Errors
    /// [`LayerError::InvalidDropout`] unless `0 <= p < 1`. `p = 1` is rejected: it would
    /// drop everything (a network that outputs zeros learns nothing) and the survivors'
    /// scale `1 / (1 - p)` would divide by zero. Use `p = 0` to disable dropout.
    ///
    /// ```
    /// use tinytorch_layers::Dropout;
    /// assert!(Dropout::new(0.1, 0).is_ok());
    /// assert!(Dropout::new(1.0, 0).is_err());
    /// ```
    pub fn new(p: f32, seed: u64) -> Result<Dropout, LayerError> {
        // BEGIN SOLUTION 03.3
        // `contains` is false for NaN too.
        if !(0.0..1.0).contains(&p) {
            return Err(LayerError::InvalidDropout { p });
        }
        Ok(Dropout {
            p,
            training: true,
            rng: Mutex::new(seeded_rng(seed)),
        })
        // END SOLUTION
    }
}

impl Module for Dropout {
    /// In training mode with `p > 0`: `x * mask`, where each mask value is `1 / (1 - p)`
    /// with probability `1 - p` and `0` otherwise, drawn fresh on every call. Otherwise
    /// `x` unchanged.
    fn forward(&self, x: &Tensor) -> Tensor {
        // BEGIN SOLUTION 03.3
        if !self.training || self.p == 0.0 {
            return x.clone();
        }
        let keep = 1.0 - self.p;
        let scale = 1.0 / keep;
        let mut rng = self.lock_rng();
        let mask = ArrayD::from_shape_simple_fn(IxDyn(x.shape()), || {
            let survives = rng.random::<f32>() < keep;
            if survives { scale } else { 0.0 }
        });
        // A tensor op, so that autograd gets the backward (grad * mask) for free.
        x.mul(&Tensor::from_array(mask))
        // END SOLUTION
    }

    fn set_training(&mut self, training: bool) {
        self.training = training;
    }

    fn name(&self) -> String {
        format!("Dropout(p={})", self.p)
    }
}

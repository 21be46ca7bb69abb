//! Task 07.4: learning-rate schedules.

use crate::{CosineLr, LrSchedule, StepLr, Warmup};
use std::f32::consts::PI;

impl LrSchedule for StepLr {
    /// `base * gamma^(step / step_size)`, integer division.
    ///
    /// # Panics
    /// If `step_size` is 0.
    fn lr_at(&self, step: usize) -> f32 {
        // BEGIN SOLUTION 07.4
        assert!(
            self.step_size > 0,
            "StepLr: step_size must be > 0 (the number of steps between two decays)"
        );
        let decays = i32::try_from(step / self.step_size).unwrap_or(i32::MAX);
        self.base * self.gamma.powi(decays)
        // END SOLUTION
    }
}

impl LrSchedule for CosineLr {
    /// `min + (max - min) * (1 + cos(pi * step / T)) / 2` before `T`, `min` from `T` on.
    fn lr_at(&self, step: usize) -> f32 {
        // BEGIN SOLUTION 07.4
        if step >= self.total_steps {
            return self.min_lr;
        }
        let progress = step as f32 / self.total_steps as f32; // in [0, 1)
        let cosine = 0.5 * (1.0 + (PI * progress).cos()); // from 1 down to 0
        self.min_lr + (self.max_lr - self.min_lr) * cosine
        // END SOLUTION
    }
}

impl<S: LrSchedule> LrSchedule for Warmup<S> {
    /// `inner(0) * (step + 1) / W` during the warmup, then `inner(step - W)`.
    fn lr_at(&self, step: usize) -> f32 {
        // BEGIN SOLUTION 07.4
        if step < self.warmup_steps {
            let ramp = (step + 1) as f32 / self.warmup_steps as f32;
            self.inner.lr_at(0) * ramp
        } else {
            self.inner.lr_at(step - self.warmup_steps)
        }
        // END SOLUTION
    }
}

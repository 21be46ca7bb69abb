//! Learning-rate schedules: the learning rate as a function of the step number. The
//! formulas are task 07.4 (`reference/schedule.rs`).

use crate::Optimizer;

/// A learning rate for every step: `lr_at(0)` for the first update, `lr_at(1)` for the
/// second, and so on. Schedules are plain values (no hidden step counter), so the same
/// schedule can be queried for any step, plotted, or shared between runs.
///
/// ```
/// use tinytorch_optimizers::{CosineLr, LrSchedule};
/// let cosine = CosineLr { max_lr: 0.1, min_lr: 0.0, total_steps: 100 };
/// assert!((cosine.lr_at(50) - 0.05).abs() < 1e-6);
/// ```
pub trait LrSchedule {
    /// The learning rate to use for update number `step` (counted from 0).
    fn lr_at(&self, step: usize) -> f32;
}

impl<S: LrSchedule + ?Sized> LrSchedule for Box<S> {
    fn lr_at(&self, step: usize) -> f32 {
        (**self).lr_at(step)
    }
}

impl<S: LrSchedule + ?Sized> LrSchedule for &S {
    fn lr_at(&self, step: usize) -> f32 {
        (**self).lr_at(step)
    }
}

/// Step decay: `base * gamma^(step / step_size)` (integer division), e.g. halve the
/// learning rate every 10 steps (or epochs).
///
/// ```
/// use tinytorch_optimizers::{LrSchedule, StepLr};
/// let halve = StepLr { base: 0.1, step_size: 10, gamma: 0.5 };
/// assert_eq!(halve.lr_at(9), 0.1);
/// assert_eq!(halve.lr_at(10), 0.05);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepLr {
    /// The learning rate of the first `step_size` steps.
    pub base: f32,
    /// How many steps between two decays (must be > 0).
    pub step_size: usize,
    /// The factor applied at each decay (typically 0.1 or 0.5).
    pub gamma: f32,
}

/// Cosine annealing: from `max_lr` at step 0 down to `min_lr` at `total_steps`, along half
/// a cosine, then `min_lr` for ever:
///
/// ```text
/// lr(s) = min + (max - min) * (1 + cos(pi * s / T)) / 2     for s < T
/// lr(s) = min                                               for s >= T
/// ```
///
/// The decay is slow at the start (explore with a large step), fastest in the middle,
/// and slow again at the end (settle into a minimum).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CosineLr {
    /// The learning rate at step 0.
    pub max_lr: f32,
    /// The learning rate from `total_steps` on.
    pub min_lr: f32,
    /// The length `T` of the decay.
    pub total_steps: usize,
}

/// Linear warmup, then another schedule. For `step < warmup_steps` the learning rate ramps
/// linearly up to the inner schedule's first value; after that the inner schedule runs,
/// shifted so that its own step 0 comes right after the warmup:
///
/// ```text
/// lr(s) = inner(0) * (s + 1) / W          for s < W    (W = warmup_steps)
/// lr(s) = inner(s - W)                    for s >= W
/// ```
///
/// The ramp starts at `inner(0) / W`, not 0, so no update is wasted with a zero step; it
/// reaches `inner(0)` at step `W - 1`. With `W = 0` this is the inner schedule. A cosine
/// inside a warmup therefore decays over the steps after the warmup (`total_steps` of the
/// cosine = training steps - W).
///
/// ```
/// use tinytorch_optimizers::{CosineLr, LrSchedule, Warmup};
/// let schedule = Warmup {
///     warmup_steps: 4,
///     inner: CosineLr { max_lr: 0.1, min_lr: 0.0, total_steps: 10 },
/// };
/// assert!((schedule.lr_at(0) - 0.025).abs() < 1e-7); // 0.1 * 1/4
/// assert!((schedule.lr_at(3) - 0.1).abs() < 1e-7);   // the peak
/// assert!((schedule.lr_at(9) - 0.05).abs() < 1e-7);  // cosine halfway (its step 5 of 10)
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Warmup<S> {
    /// The length `W` of the ramp.
    pub warmup_steps: usize,
    /// The schedule that follows the ramp.
    pub inner: S,
}

/// Sets the optimizer's learning rate to `schedule.lr_at(step)` and returns it. Call it
/// before `optimizer.step(..)` of update number `step`.
///
/// ```
/// use tinytorch_layers::Parameter;
/// use tinytorch_optimizers::{Optimizer, Sgd, SgdConfig, StepLr, apply_schedule};
/// use tinytorch_tensor::Tensor;
///
/// let mut sgd = Sgd::new(vec![Parameter::new(Tensor::zeros(&[2]))], SgdConfig::default()).unwrap();
/// let schedule = StepLr { base: 0.1, step_size: 10, gamma: 0.5 };
/// assert_eq!(apply_schedule(&mut sgd, &schedule, 25), 0.025);
/// assert_eq!(sgd.learning_rate(), 0.025);
/// ```
pub fn apply_schedule(
    optimizer: &mut (impl Optimizer + ?Sized),
    schedule: &(impl LrSchedule + ?Sized),
    step: usize,
) -> f32 {
    let lr = schedule.lr_at(step);
    optimizer.set_learning_rate(lr);
    lr
}

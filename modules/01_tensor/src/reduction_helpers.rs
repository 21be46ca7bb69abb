//! Small helpers the reductions of task 01.5 use: putting a reduced axis back, and a
//! `max` that never hides a NaN.

use ndarray::{ArrayD, Axis};

/// Puts a reduced axis back with size 1 when `keepdim` asks for it.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn keep_axis(reduced: ArrayD<f32>, axis: usize, keepdim: bool) -> ArrayD<f32> {
    if keepdim {
        reduced.insert_axis(Axis(axis))
    } else {
        reduced
    }
}

/// `max` that lets NaN win, so that a NaN in the input is never silently hidden.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn nan_max(m: f32, x: f32) -> f32 {
    if m.is_nan() || x.is_nan() {
        f32::NAN
    } else {
        m.max(x)
    }
}

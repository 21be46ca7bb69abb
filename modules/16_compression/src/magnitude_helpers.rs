//! Two small helpers of magnitude pruning (task 16.1): how many weights a sparsity
//! prunes, and the check that a sparsity is a fraction.

/// `round(sparsity * n)`, computed in f64 so that e.g. `0.75 * 2048` is exact.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn pruned_count(sparsity: f32, n: usize) -> usize {
    ((f64::from(sparsity) * n as f64).round() as usize).min(n)
}

/// Panics unless `sparsity` is a fraction in `[0, 1]`.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn check_sparsity(op: &str, sparsity: f32) {
    assert!(
        (0.0..=1.0).contains(&sparsity),
        "{op}: sparsity {sparsity} must be a fraction in [0, 1] (0.9 means 90% zeros)"
    );
}

//! Task 19.1: the tail latency a gate checks, and the verdict on a run.

use crate::{TailCheck, Verdict};

/// The `p`-th percentile latency as MLPerf LoadGen reports it: the sample at index
/// `floor(p * n / 100)` of the `n` samples sorted in increasing order (the last one for
/// `p = 100`). It is always a latency some query really had, and MORE than `p`% of the
/// samples are at or below it: the conservative choice for a pass/fail gate. (Module 14's
/// [`percentile`](tinytorch_profiling::percentile) interpolates between samples, which
/// describes a distribution well but can report a p99 no query had.)
///
/// # Panics
/// If `sorted` is empty or `p` is outside `[0, 100]`.
///
/// ```
/// use tinytorch_benchmarking::latency_at;
/// let sorted: Vec<f64> = (1..=10).map(f64::from).collect();
/// assert_eq!(latency_at(&sorted, 50.0), 6.0); // index floor(5.0) = 5
/// assert_eq!(latency_at(&sorted, 90.0), 10.0); // index 9: the slowest of 10
/// ```
pub fn latency_at(sorted: &[f64], p: f64) -> f64 {
    assert!(!sorted.is_empty(), "latency_at: no samples");
    assert!(
        (0.0..=100.0).contains(&p),
        "latency_at: p = {p} is outside [0, 100]"
    );
    // BEGIN SOLUTION 19.1
    // p * n first, then / 100: 29 * 100 / 100 is exactly 29, 0.29 * 100 is 28.999...
    let index = (p * sorted.len() as f64 / 100.0).floor() as usize;
    sorted[index.min(sorted.len() - 1)]
    // END SOLUTION
}

/// Whether a run is valid, as in MLPerf: the accuracy reaches `target` (`accuracy >=
/// target`), the tail latency (if the scenario has a bound) is at most its bound, and the
/// run met its minimum query count and duration. `reasons` holds one sentence per unmet
/// condition, naming the numbers, so a report says why a run does not count.
///
/// ```
/// use tinytorch_benchmarking::{TailCheck, judge};
/// let tail = TailCheck { percentile: 99.0, latency_ms: 12.0, bound_ms: 10.0 };
/// let verdict = judge(0.95, 0.90, Some(&tail), true);
/// assert!(verdict.accuracy_met && verdict.latency_met == Some(false) && !verdict.valid);
/// assert_eq!(verdict.reasons.len(), 1);
/// ```
pub fn judge(accuracy: f64, target: f64, tail: Option<&TailCheck>, minimums_met: bool) -> Verdict {
    // BEGIN SOLUTION 19.1
    let mut reasons = Vec::new();
    let accuracy_met = accuracy >= target;
    if !accuracy_met {
        reasons.push(format!(
            "accuracy {accuracy:.4} is below the target {target:.4}: \
             a fast wrong answer does not count"
        ));
    }
    let latency_met = tail.map(|t| t.latency_ms <= t.bound_ms);
    if let Some(t) = tail.filter(|_| latency_met == Some(false)) {
        reasons.push(format!(
            "p{} latency {:.3} ms exceeds the bound {:.3} ms: \
             lower the target QPS or speed up the system",
            t.percentile, t.latency_ms, t.bound_ms
        ));
    }
    if !minimums_met {
        reasons.push(
            "the run stopped at max_queries before reaching min_queries and min_duration: \
             raise max_queries"
                .to_string(),
        );
    }
    let valid = accuracy_met && latency_met.unwrap_or(true) && minimums_met;
    Verdict {
        accuracy_met,
        latency_met,
        minimums_met,
        valid,
        reasons,
    }
    // END SOLUTION
}

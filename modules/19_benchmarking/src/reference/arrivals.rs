//! Task 19.3: Poisson arrivals, the load a web service sees.

use rand::Rng;

/// `count` arrival times (seconds, increasing) of a Poisson process of rate `target_qps`
/// queries per second: independent exponential gaps of MEAN `1 / target_qps`, added up.
///
/// Each gap comes from one uniform draw `u = rng.random::<f64>()` in `[0, 1)` by inverse
/// transform sampling: `gap = -ln(1 - u) / target_qps` (`1 - u` is in `(0, 1]`, so the
/// logarithm is finite). The first arrival is the first gap (not 0).
///
/// # Panics
/// If `target_qps` is not a finite number > 0 ([`BenchConfig::validate`] checks it for
/// configurations from users).
///
/// ```
/// use tinytorch_benchmarking::poisson_arrivals;
/// use tinytorch_tensor::seeded_rng;
/// let arrivals = poisson_arrivals(1000.0, 5000, &mut seeded_rng(1));
/// assert!(arrivals.windows(2).all(|w| w[0] <= w[1]));
/// let mean_gap = arrivals[4999] / 5000.0; // about 1 ms
/// assert!((mean_gap - 1e-3).abs() < 1e-4);
/// ```
///
/// [`BenchConfig::validate`]: crate::BenchConfig::validate
pub fn poisson_arrivals(target_qps: f64, count: usize, rng: &mut impl Rng) -> Vec<f64> {
    assert!(
        target_qps.is_finite() && target_qps > 0.0,
        "poisson_arrivals: target_qps = {target_qps} must be a finite number > 0"
    );
    // BEGIN SOLUTION 19.3
    let mut t = 0.0;
    (0..count)
        .map(|_| {
            let u: f64 = rng.random();
            t += -(1.0 - u).ln() / target_qps;
            t
        })
        .collect()
    // END SOLUTION
}

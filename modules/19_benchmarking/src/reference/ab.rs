//! Task 19.5: comparing two systems in one process, interleaved, with a bootstrap
//! confidence interval for the ratio of their medians.

use crate::harness::{assert_bootstrap_inputs, median_in_place};
use crate::{
    AbReport, Accuracy, BenchError, Clock, Harness, QuerySampleLibrary, Side, SideStats,
    SystemUnderTest, query_order,
};
use rand::Rng;
use tinytorch_profiling::percentile;
use tinytorch_tensor::seeded_rng;

/// A 95% bootstrap confidence interval for `median(b) / median(a)`.
///
/// Repeat `resamples` times: draw `a.len()` values from `a` WITH replacement
/// (`a[rng.random_range(0..a.len())]`), then `b.len()` values from `b`, and keep the ratio
/// of the two medians. The interval is the 2.5th and 97.5th percentiles (module 14's
/// interpolated [`percentile`]) of the sorted ratios. Resampling with replacement is what
/// makes each resample a plausible other run; without it every resample is the data itself.
///
/// # Panics
/// If `a` or `b` is empty or `resamples` is 0.
///
/// ```
/// use tinytorch_benchmarking::bootstrap_ratio_ci;
/// use tinytorch_tensor::seeded_rng;
/// let a = [10.0, 11.0, 9.0, 10.5, 9.5];
/// let b = [5.0, 5.5, 4.5, 5.2, 4.8];
/// let (low, high) = bootstrap_ratio_ci(&a, &b, 1000, &mut seeded_rng(0));
/// assert!(low < 0.5 && 0.5 < high && high < 0.65);
/// ```
pub fn bootstrap_ratio_ci(
    a: &[f64],
    b: &[f64],
    resamples: usize,
    rng: &mut impl Rng,
) -> (f64, f64) {
    assert_bootstrap_inputs(a, b, resamples);
    // BEGIN SOLUTION 19.5
    let mut ratios = Vec::with_capacity(resamples);
    let mut draw_a = vec![0.0; a.len()];
    let mut draw_b = vec![0.0; b.len()];
    for _ in 0..resamples {
        resample(a, &mut draw_a, rng);
        resample(b, &mut draw_b, rng);
        ratios.push(median_in_place(&mut draw_b) / median_in_place(&mut draw_a));
    }
    ratios.sort_by(f64::total_cmp);
    (percentile(&ratios, 2.5), percentile(&ratios, 97.5))
    // END SOLUTION
}

/// Fills `out` with values drawn from `values` with replacement.
fn resample(values: &[f64], out: &mut [f64], rng: &mut impl Rng) {
    // BEGIN SOLUTION 19.5
    for slot in out.iter_mut() {
        *slot = values[rng.random_range(0..values.len())];
    }
    // END SOLUTION
}

impl<C: Clock> Harness<C> {
    /// Compares two systems on the same work, interleaved in one process. The work of one
    /// pass: every sample, in the seeded [`query_order`], in batches of `batch_size`.
    ///
    /// First `warmup` batches on A, then `warmup` batches on B (thrown away). Then
    /// `ab_rounds` rounds, each one timed pass of A followed by one timed pass of B
    /// (`timed_pass`), so the order is A, B, A, B, ...: a slow drift of the machine
    /// (thermal throttling, a background job) hits both sides alike instead of all of one.
    /// The report holds both sides' pass times ([`SideStats::new`], accuracy against
    /// `accuracy_target`), the ratio `median(B) / median(A)`, and its
    /// [`bootstrap_ratio_ci`] with `bootstrap_resamples` resamples and `seeded_rng(seed)`.
    ///
    /// # Errors
    /// [`BenchError::OutputCount`] if a system returns the wrong number of outputs.
    pub fn compare_ab<A, B>(
        &self,
        a: &mut A,
        b: &mut B,
        qsl: &QuerySampleLibrary<A::Output>,
    ) -> Result<AbReport, BenchError>
    where
        A: SystemUnderTest,
        B: SystemUnderTest<Output = A::Output>,
    {
        // BEGIN SOLUTION 19.5
        let cfg = self.config();
        let order = query_order(qsl.len(), cfg.seed);
        let batches: Vec<&[usize]> = order.chunks(cfg.batch_size).collect();
        for batch in batches.iter().cycle().take(cfg.warmup) {
            self.timed_issue(a, batch)?;
        }
        for batch in batches.iter().cycle().take(cfg.warmup) {
            self.timed_issue(b, batch)?;
        }
        let (mut a_ms, mut b_ms) = (Vec::new(), Vec::new());
        let (mut a_acc, mut b_acc) = (Accuracy::default(), Accuracy::default());
        let mut sides = Vec::with_capacity(2 * cfg.ab_rounds);
        for _ in 0..cfg.ab_rounds {
            a_ms.push(self.timed_pass(a, &batches, qsl, &mut a_acc)?);
            sides.push(Side::A);
            b_ms.push(self.timed_pass(b, &batches, qsl, &mut b_acc)?);
            sides.push(Side::B);
        }
        let mut rng = seeded_rng(cfg.seed);
        let (ci_low, ci_high) = bootstrap_ratio_ci(&a_ms, &b_ms, cfg.bootstrap_resamples, &mut rng);
        let a = SideStats::new(a.name(), a_ms, a_acc, cfg.accuracy_target);
        let b = SideStats::new(b.name(), b_ms, b_acc, cfg.accuracy_target);
        Ok(AbReport {
            dataset: qsl.name().to_string(),
            samples_per_pass: qsl.len(),
            batch_size: cfg.batch_size,
            rounds: cfg.ab_rounds,
            order: sides,
            ratio: b.median_ms / a.median_ms,
            a,
            b,
            ci_low,
            ci_high,
        })
        // END SOLUTION
    }
}

//! Task 14.5: latency statistics from timing samples.

use crate::{LatencyStats, ProfileError};

/// The `p`-th percentile (`0 <= p <= 100`) of samples sorted in increasing order, by
/// linear interpolation between the closest ranks (NumPy's default): the rank is
/// `h = (n - 1) * p / 100`, and the result lies `h - floor(h)` of the way from
/// `sorted[floor(h)]` to `sorted[floor(h) + 1]`. So `p = 0` is the minimum, `p = 100` the
/// maximum and `p = 50` the median (the mean of the two middle values for an even count).
///
/// # Panics
/// If `sorted` is empty or `p` is outside `[0, 100]`.
///
/// ```
/// use tinytorch_profiling::percentile;
/// let sorted = [1.0, 2.0, 3.0, 4.0];
/// assert_eq!(percentile(&sorted, 50.0), 2.5);
/// assert!((percentile(&sorted, 90.0) - 3.7).abs() < 1e-12); // h = 3 * 0.9 = 2.7
/// ```
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    assert!(!sorted.is_empty(), "percentile: no samples");
    assert!(
        (0.0..=100.0).contains(&p),
        "percentile: p = {p} is outside [0, 100]"
    );
    // BEGIN SOLUTION 14.5
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let below = rank.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    let fraction = rank - below as f64;
    sorted[below] + fraction * (sorted[above] - sorted[below])
    // END SOLUTION
}

impl LatencyStats {
    /// Summarizes timing samples (milliseconds): median, 90th and 99th percentiles (by
    /// [`percentile`]), mean, standard deviation (population: divided by `n`, NumPy's
    /// default), minimum, maximum and count. A pure function, so it can be checked exactly.
    ///
    /// # Errors
    /// [`ProfileError::NoSamples`] for an empty slice, [`ProfileError::BadSample`] for a
    /// sample that is negative, NaN or infinite.
    ///
    /// ```
    /// use tinytorch_profiling::LatencyStats;
    /// let stats = LatencyStats::from_samples(&[4.0, 1.0, 3.0, 2.0]).unwrap();
    /// assert_eq!((stats.median, stats.min, stats.max, stats.samples), (2.5, 1.0, 4.0, 4));
    /// assert!(LatencyStats::from_samples(&[]).is_err());
    /// ```
    pub fn from_samples(samples: &[f64]) -> Result<LatencyStats, ProfileError> {
        // BEGIN SOLUTION 14.5
        if samples.is_empty() {
            return Err(ProfileError::NoSamples);
        }
        if let Some((index, &value)) = samples
            .iter()
            .enumerate()
            .find(|&(_, &v)| !(v.is_finite() && v >= 0.0))
        {
            return Err(ProfileError::BadSample { index, value });
        }
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len() as f64;
        let mean = sorted.iter().sum::<f64>() / n;
        let variance = sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        Ok(LatencyStats {
            median: percentile(&sorted, 50.0),
            p90: percentile(&sorted, 90.0),
            p99: percentile(&sorted, 99.0),
            mean,
            std: variance.sqrt(),
            min: sorted[0],
            max: sorted[sorted.len() - 1],
            samples: sorted.len(),
        })
        // END SOLUTION
    }
}

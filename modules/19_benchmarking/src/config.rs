//! `BenchConfig`: everything a run needs besides the system and the data (shared code).
//! It comes from the user (a milestone's command line, a config file), so
//! [`BenchConfig::validate`] reports a bad value instead of letting a run loop forever or
//! divide by zero.

use crate::BenchError;
use std::time::Duration;

/// Settings of the Server scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerConfig {
    /// Mean arrival rate of queries, per second (the λ of the Poisson process).
    pub target_qps: f64,
    /// The latency every query should meet: the run is valid only if the
    /// [`percentile`](ServerConfig::percentile) latency is at most this.
    pub latency_bound: Duration,
    /// Which percentile must meet the bound, in `(0, 100)`: 99 in MLPerf's Server scenario.
    pub percentile: f64,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            target_qps: 100.0,
            latency_bound: Duration::from_millis(10),
            percentile: 99.0,
        }
    }
}

/// How a benchmark runs: seed, warm-up, how long, batch size, accuracy target, Server and
/// A/B settings. Start from [`BenchConfig::default`] and override fields:
///
/// ```
/// use std::time::Duration;
/// use tinytorch_benchmarking::BenchConfig;
/// let config = BenchConfig { warmup: 3, min_duration: Duration::ZERO, ..BenchConfig::default() };
/// assert!(config.validate().is_ok());
/// assert!(BenchConfig { batch_size: 0, ..config }.validate().is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BenchConfig {
    /// Seeds the sample order, the arrival times and the bootstrap: the same seed gives the
    /// same queries in the same order.
    pub seed: u64,
    /// Queries (Offline and A/B: batches) issued before measuring and never recorded: the
    /// first calls pay for cold caches, page faults and lazy allocation.
    pub warmup: usize,
    /// The fewest queries a run may record (Offline: samples). Also the fewest a Server run
    /// schedules.
    pub min_queries: usize,
    /// The shortest a run may be: recording continues until both minimums are met.
    pub min_duration: Duration,
    /// A hard cap on recorded queries (Offline: samples), so a clock that does not advance
    /// cannot run forever. A run that stops here before meeting the minimums is invalid.
    pub max_queries: usize,
    /// Samples per query in the Offline scenario and in A/B comparisons.
    pub batch_size: usize,
    /// The fraction of correct outputs a run needs to be valid, in `[0, 1]`.
    pub accuracy_target: f64,
    /// Server scenario settings.
    pub server: ServerConfig,
    /// Rounds of an A/B comparison: each round runs A once, then B once.
    pub ab_rounds: usize,
    /// Bootstrap resamples for the confidence interval of an A/B ratio.
    pub bootstrap_resamples: usize,
}

impl Default for BenchConfig {
    fn default() -> BenchConfig {
        BenchConfig {
            seed: 42,
            warmup: 10,
            min_queries: 100,
            min_duration: Duration::from_millis(500),
            max_queries: 1_000_000,
            batch_size: 32,
            accuracy_target: 0.0,
            server: ServerConfig::default(),
            ab_rounds: 10,
            bootstrap_resamples: 1000,
        }
    }
}

impl BenchConfig {
    /// Checks every field's range.
    ///
    /// # Errors
    /// [`BenchError::Config`] naming the first field out of range and what it must be.
    pub fn validate(&self) -> Result<(), BenchError> {
        let bad = |field, value: String, expected| {
            Err(BenchError::Config {
                field,
                value,
                expected,
            })
        };
        if self.min_queries == 0 {
            return bad("min_queries", "0".into(), "at least 1");
        }
        if self.max_queries < self.min_queries {
            return bad(
                "max_queries",
                self.max_queries.to_string(),
                "at least min_queries",
            );
        }
        if self.batch_size == 0 {
            return bad("batch_size", "0".into(), "at least 1");
        }
        if !(0.0..=1.0).contains(&self.accuracy_target) {
            let value = self.accuracy_target.to_string();
            return bad("accuracy_target", value, "a fraction in [0, 1]");
        }
        let qps = self.server.target_qps;
        if !(qps.is_finite() && qps > 0.0) {
            return bad("server.target_qps", qps.to_string(), "a finite number > 0");
        }
        if self.server.latency_bound.is_zero() {
            return bad("server.latency_bound", "0 s".into(), "longer than 0");
        }
        let p = self.server.percentile;
        if !(p > 0.0 && p < 100.0) {
            return bad("server.percentile", p.to_string(), "in (0, 100), e.g. 99");
        }
        if self.ab_rounds == 0 {
            return bad("ab_rounds", "0".into(), "at least 1");
        }
        if self.bootstrap_resamples == 0 {
            return bad("bootstrap_resamples", "0".into(), "at least 1");
        }
        Ok(())
    }

    /// Whether both minimums are met after `count` recorded queries (Offline: samples)
    /// and `elapsed` measured time.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tinytorch_benchmarking::BenchConfig;
    /// let config = BenchConfig { min_queries: 10, min_duration: Duration::from_secs(1), ..BenchConfig::default() };
    /// assert!(!config.minimums_met(10, Duration::from_millis(999)));
    /// assert!(config.minimums_met(10, Duration::from_secs(1)));
    /// ```
    pub fn minimums_met(&self, count: usize, elapsed: Duration) -> bool {
        count >= self.min_queries && elapsed >= self.min_duration
    }

    /// Whether a run should stop recording: both minimums are met, or the cap is reached.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tinytorch_benchmarking::BenchConfig;
    /// let config = BenchConfig { min_queries: 10, max_queries: 50, ..BenchConfig::default() };
    /// assert!(!config.should_stop(10, Duration::ZERO)); // min_duration (0.5 s) not met
    /// assert!(config.should_stop(50, Duration::ZERO)); // the cap
    /// ```
    pub fn should_stop(&self, count: usize, elapsed: Duration) -> bool {
        count >= self.max_queries || self.minimums_met(count, elapsed)
    }
}

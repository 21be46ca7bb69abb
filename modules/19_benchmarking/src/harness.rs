//! `Harness` (shared code): the configuration and the clock, plus the plumbing every
//! scenario uses: a seeded sample order, one timed call to the system, accuracy counting
//! and turning measurements into a [`BenchReport`]. The scenarios themselves are the
//! exercises (`reference/`).

use crate::clock::{millis, seconds};
use crate::{
    BenchConfig, BenchError, BenchReport, Clock, QuerySampleLibrary, QueryTiming, RealClock,
    Scenario, ServerStats, SystemUnderTest, TailCheck, judge, latency_at, poisson_arrivals,
};
use rand::seq::SliceRandom;
use serde::Serialize;
use std::time::Duration;
use tinytorch_profiling::{LatencyStats, percentile};
use tinytorch_tensor::seeded_rng;

/// Added to the seed for the Server scenario's arrival times, so they do not reuse the
/// random numbers that shuffled the sample order.
const ARRIVAL_STREAM: u64 = 0x5EED_A441;

/// The benchmark harness: a validated [`BenchConfig`] and the [`Clock`] it reads. Its
/// scenarios are [`run_single_stream`](Harness::run_single_stream),
/// [`run_offline`](Harness::run_offline), [`run_server`](Harness::run_server) and
/// [`compare_ab`](Harness::compare_ab).
///
/// ```
/// use std::time::Duration;
/// use tinytorch_benchmarking::*;
/// let clock = ManualClock::new();
/// let config = BenchConfig { warmup: 2, min_queries: 10, min_duration: Duration::ZERO, ..BenchConfig::default() };
/// let harness = Harness::with_clock(config, clock.clone()).unwrap();
/// let service = ServiceTime::Linear { per_query: Duration::from_millis(2), per_sample: Duration::ZERO };
/// let mut sut = ScriptedSystem::new("fake", clock, service, vec![0, 1, 2, 3]);
/// let qsl = QuerySampleLibrary::with_labels("ids", vec![0usize, 1, 2, 3]).unwrap();
/// let report = harness.run_single_stream(&mut sut, &qsl).unwrap();
/// assert_eq!((report.queries, report.latency_ms.p99, report.accuracy), (10, 2.0, 1.0));
/// assert!(report.verdict.valid);
/// ```
#[derive(Clone, Debug)]
pub struct Harness<C: Clock = RealClock> {
    config: BenchConfig,
    clock: C,
}

impl Harness<RealClock> {
    /// A harness timing with the machine's clock. Pin the thread counts for stable
    /// numbers (`.cargo/config.toml` sets `RAYON_NUM_THREADS=1` and `MATMUL_NUM_THREADS=1`).
    ///
    /// # Errors
    /// [`BenchError::Config`] if a field of `config` is out of range.
    pub fn new(config: BenchConfig) -> Result<Harness<RealClock>, BenchError> {
        Harness::with_clock(config, RealClock::new())
    }
}

impl<C: Clock> Harness<C> {
    /// A harness reading `clock` (a [`ManualClock`](crate::ManualClock) in tests).
    ///
    /// # Errors
    /// [`BenchError::Config`] if a field of `config` is out of range.
    pub fn with_clock(config: BenchConfig, clock: C) -> Result<Harness<C>, BenchError> {
        config.validate()?;
        Ok(Harness { config, clock })
    }

    /// The configuration.
    pub fn config(&self) -> &BenchConfig {
        &self.config
    }

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The clock's current time.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn now(&self) -> Duration {
        self.clock.now()
    }

    /// Issues one query and times it: reads the clock, calls `sut.issue(ids)`, reads it
    /// again. Checks that one output came back per id.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn timed_issue<S: SystemUnderTest + ?Sized>(
        &self,
        sut: &mut S,
        ids: &[usize],
    ) -> Result<(Duration, Vec<S::Output>), BenchError> {
        let start = self.clock.now();
        let outputs = std::hint::black_box(sut.issue(ids));
        let took = self.clock.now().saturating_sub(start);
        if outputs.len() != ids.len() {
            return Err(BenchError::OutputCount {
                system: sut.name(),
                expected: ids.len(),
                got: outputs.len(),
            });
        }
        Ok((took, outputs))
    }

    /// Issues every batch once, in order, checking the outputs into `accuracy`; returns
    /// the time of the whole pass (ms), read around it.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn timed_pass<S: SystemUnderTest + ?Sized>(
        &self,
        sut: &mut S,
        batches: &[&[usize]],
        qsl: &QuerySampleLibrary<S::Output>,
        accuracy: &mut Accuracy,
    ) -> Result<f64, BenchError> {
        let start = self.clock.now();
        for batch in batches {
            let (_, outputs) = self.timed_issue(sut, batch)?;
            accuracy.record(qsl, batch, &outputs);
        }
        Ok(millis(self.clock.now().saturating_sub(start)))
    }

    /// The Server scenario's arrival times (s): at least `min_queries` of them, and until
    /// the last arrives at or after `min_duration`, but never more than `max_queries`.
    /// Seeded from the config's seed (its own stream), so reruns see the same arrivals.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn server_arrivals(&self) -> Vec<f64> {
        let cfg = &self.config;
        let qps = cfg.server.target_qps;
        let min_duration = seconds(cfg.min_duration);
        let mut rng = seeded_rng(cfg.seed.wrapping_add(ARRIVAL_STREAM));
        // f64 -> usize saturates, so an enormous rate times duration is just capped.
        let expected = (min_duration * qps).ceil() as usize;
        let count = cfg.min_queries.max(expected).min(cfg.max_queries);
        let mut arrivals = poisson_arrivals(qps, count, &mut rng);
        // The random schedule may end a little before min_duration: top it up. The
        // process is memoryless, so the next gap may start at the last arrival.
        while arrivals.len() < cfg.max_queries && arrivals.last().is_none_or(|&t| t < min_duration)
        {
            let last = arrivals.last().copied().unwrap_or(0.0);
            let gap = poisson_arrivals(qps, 1, &mut rng);
            arrivals.extend(gap.into_iter().map(|g| last + g));
        }
        arrivals
    }

    /// The Server scenario's statistics from its timeline and the measured service times
    /// (s): tail latency by [`latency_at`], queueing, completed rate.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn server_stats(
        &self,
        timeline: &[QueryTiming],
        service_s: &[f64],
    ) -> Result<ServerStats, BenchError> {
        let server = &self.config.server;
        let mut latencies: Vec<f64> = timeline.iter().map(|q| q.latency() * 1e3).collect();
        latencies.sort_by(f64::total_cmp);
        let queues: Vec<f64> = timeline.iter().map(|q| q.queue() * 1e3).collect();
        let service_ms: Vec<f64> = service_s.iter().map(|s| s * 1e3).collect();
        let end = timeline.last().map_or(0.0, |q| q.finish);
        Ok(ServerStats {
            target_qps: server.target_qps,
            completed_qps: rate(timeline.len(), end),
            tail: TailCheck {
                percentile: server.percentile,
                latency_ms: latency_at(&latencies, server.percentile),
                bound_ms: millis(server.latency_bound),
            },
            mean_queue_ms: queues.iter().sum::<f64>() / queues.len().max(1) as f64,
            max_queue_ms: queues.iter().copied().fold(0.0, f64::max),
            service_ms: LatencyStats::from_samples(&service_ms)?,
        })
    }

    /// Turns a scenario's measurements into its report: latency statistics (module 14),
    /// throughput, accuracy, and the verdict from [`judge`] (minimums counted in samples
    /// for Offline, in queries otherwise).
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn finish(
        &self,
        scenario: Scenario,
        system: String,
        dataset: &str,
        run: Measured,
        server: Option<ServerStats>,
    ) -> Result<BenchReport, BenchError> {
        let cfg = &self.config;
        let latency_ms = LatencyStats::from_samples(&run.latencies_ms)?;
        let count = match scenario {
            Scenario::Offline => run.samples,
            Scenario::SingleStream | Scenario::Server => run.queries,
        };
        let minimums_met = cfg.minimums_met(count, run.duration);
        let accuracy = run.accuracy.fraction();
        let tail = server.as_ref().map(|s| &s.tail);
        let verdict = judge(accuracy, cfg.accuracy_target, tail, minimums_met);
        let duration_s = seconds(run.duration);
        Ok(BenchReport {
            scenario,
            system,
            dataset: dataset.to_string(),
            seed: cfg.seed,
            warmup_queries: cfg.warmup,
            queries: run.queries,
            samples: run.samples,
            duration_s,
            throughput: rate(run.samples, duration_s),
            latency_ms,
            accuracy,
            accuracy_checked: run.accuracy.checked,
            accuracy_target: cfg.accuracy_target,
            server,
            verdict,
        })
    }
}

/// `count / seconds`, or 0 when no time passed (a fake clock that never advanced).
fn rate(count: usize, seconds: f64) -> f64 {
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

/// What a scenario measured, before it becomes a [`BenchReport`] (see `Harness::finish`).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) struct Measured {
    /// One latency per recorded query, ms.
    pub latencies_ms: Vec<f64>,
    /// Recorded queries.
    pub queries: usize,
    /// Recorded samples (the sum of the queries' batch sizes).
    pub samples: usize,
    /// Measured time: from before the first recorded query to after the last.
    pub duration: Duration,
    /// The recorded outputs, checked.
    pub accuracy: Accuracy,
}

/// The order in which a run issues the samples `0..len`: a permutation shuffled by
/// `seeded_rng(seed)` (Fisher-Yates), so neighbours in the data set are not neighbours in
/// time, yet every rerun with the seed issues exactly the same queries.
///
/// ```
/// use tinytorch_benchmarking::query_order;
/// let order = query_order(5, 42);
/// let mut sorted = order.clone();
/// sorted.sort();
/// assert_eq!(sorted, [0, 1, 2, 3, 4]);
/// assert_eq!(order, query_order(5, 42));
/// ```
pub fn query_order(len: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(&mut seeded_rng(seed));
    order
}

/// The median of `values` (module 14's [`percentile`] at 50: the mean of the middle two
/// for an even count).
///
/// # Panics
/// If `values` is empty.
///
/// ```
/// use tinytorch_benchmarking::median;
/// assert_eq!(median(&[3.0, 1.0, 2.0, 10.0]), 2.5);
/// ```
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    median_in_place(&mut sorted)
}

/// The median of `values`, sorting them in place (no allocation: used in loops).
///
/// # Panics
/// If `values` is empty.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn median_in_place(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    percentile(values, 50.0)
}

/// Panics unless both sides have a measurement and `resamples` is at least 1: the
/// contract of [`bootstrap_ratio_ci`](crate::bootstrap_ratio_ci).
pub(crate) fn assert_bootstrap_inputs(a: &[f64], b: &[f64], resamples: usize) {
    assert!(
        !a.is_empty() && !b.is_empty(),
        "bootstrap_ratio_ci: both sides need at least one measurement"
    );
    assert!(
        resamples > 0,
        "bootstrap_ratio_ci: resamples must be at least 1"
    );
}

/// Correct answers out of those checked.
///
/// ```
/// use tinytorch_benchmarking::{Accuracy, QuerySampleLibrary};
/// let qsl = QuerySampleLibrary::with_labels("toy", vec![1usize, 0, 1]).unwrap();
/// let mut accuracy = Accuracy::default();
/// accuracy.record(&qsl, &[0, 1, 2], &[1, 1, 1]);
/// assert_eq!((accuracy.correct, accuracy.checked), (2, 3));
/// assert!((accuracy.fraction() - 2.0 / 3.0).abs() < 1e-12);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    /// Outputs the library judged correct.
    pub correct: usize,
    /// Outputs checked.
    pub checked: usize,
}

impl Accuracy {
    /// Checks `outputs[i]` as the answer for sample `ids[i]`, for every `i`.
    pub fn record<O>(&mut self, qsl: &QuerySampleLibrary<O>, ids: &[usize], outputs: &[O]) {
        for (&id, output) in ids.iter().zip(outputs) {
            self.correct += usize::from(qsl.is_correct(id, output));
            self.checked += 1;
        }
    }

    /// `correct / checked`, or 0 when nothing was checked (no evidence is no accuracy).
    pub fn fraction(&self) -> f64 {
        if self.checked == 0 {
            0.0
        } else {
            self.correct as f64 / self.checked as f64
        }
    }
}

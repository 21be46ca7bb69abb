//! Putting a baseline and an optimized system through module 19's harness: the accuracy
//! run over the whole held-out set, then SingleStream, Offline and the Server search,
//! the two systems interleaved (baseline, optimized, baseline, ...) and repeated, so a
//! drift of the shared machine hits both alike and the medians of the repeats compare
//! like with like.

use super::results::{ACCURACY_FRACTION, Role, ScenarioResult};
use crate::MlperfError;
use serde::Serialize;
use std::time::Duration;
use tinytorch_benchmarking::{
    Accuracy, BenchConfig, BenchReport, Harness, QuerySampleLibrary, Scenario, ServerConfig,
    SystemUnderTest, query_order,
};

/// How one network is benchmarked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelSettings {
    /// The network's name.
    pub model: String,
    /// The Server scenario's bound on the p99 latency, ms (MLPerf states one per model).
    pub latency_bound_ms: f64,
    /// The fewest queries a run records (Offline: samples); at least the held-out set, so
    /// every run sees every sample.
    pub min_queries: usize,
    /// The shortest a run may be, ms (Server: of virtual time).
    pub min_duration_ms: u64,
    /// Samples per query in the Offline scenario.
    pub offline_batch: usize,
    /// The optimized/baseline ratio required in SingleStream, Offline and Server.
    pub required: [f64; 3],
}

/// How the whole run repeats and searches.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RunSettings {
    /// Interleaved repeats of every scenario; the result is their median.
    pub repeats: usize,
    /// Seeds the sample order and the Poisson arrivals.
    pub seed: u64,
    /// Bisection steps of the Server search (each halves the interval in log space: 7
    /// steps narrow the 2000x range to 6%).
    pub server_steps: usize,
    /// Queries thrown away before each run records (Offline: batches).
    pub warmup: usize,
}

impl Default for RunSettings {
    fn default() -> RunSettings {
        RunSettings {
            repeats: 3,
            seed: 42,
            server_steps: 7,
            warmup: 10,
        }
    }
}

/// The scenarios in the order they run and are reported.
pub const SCENARIOS: [Scenario; 3] = [Scenario::SingleStream, Scenario::Offline, Scenario::Server];

/// The fraction of `qsl` that `sut` answers correctly, every sample once, in the seeded
/// order and in batches of `batch`: MLPerf's accuracy mode.
pub fn accuracy_run<S: SystemUnderTest>(
    sut: &mut S,
    qsl: &QuerySampleLibrary<S::Output>,
    batch: usize,
    seed: u64,
) -> f64 {
    let order = query_order(qsl.len(), seed);
    let mut accuracy = Accuracy::default();
    for ids in order.chunks(batch.max(1)) {
        let outputs = sut.issue(ids);
        accuracy.record(qsl, ids, &outputs);
    }
    accuracy.fraction()
}

/// What one side measured across the repeats.
#[derive(Default)]
struct Side {
    values: [Vec<f64>; 3],
    reasons: [Vec<String>; 3],
    /// The mean latency of the last SingleStream run, ms: it sets the Server search range.
    single_stream_mean_ms: f64,
}

impl Side {
    fn record(&mut self, scenario: usize, value: f64, reasons: Vec<String>) {
        self.values[scenario].push(value);
        self.reasons[scenario].extend(reasons);
    }
}

/// The harness configuration of a model's runs. Its accuracy target is 0: as in MLPerf,
/// accuracy is judged once, by the accuracy run over the whole held-out set
/// ([`accuracy_run`]), not by each performance run, which may see a sample twice and
/// another not at all (the harness still counts and reports their accuracy).
fn config(model: &ModelSettings, run: &RunSettings) -> BenchConfig {
    BenchConfig {
        seed: run.seed,
        warmup: run.warmup,
        min_queries: model.min_queries,
        min_duration: Duration::from_millis(model.min_duration_ms),
        batch_size: model.offline_batch,
        accuracy_target: 0.0,
        server: ServerConfig {
            latency_bound: Duration::from_secs_f64(model.latency_bound_ms / 1e3),
            ..ServerConfig::default()
        },
        ..BenchConfig::default()
    }
}

fn bench(model: &str, e: impl std::fmt::Display) -> MlperfError {
    crate::error::failed(format!("benchmarking {model}"), e)
}

/// One SingleStream run: its p90 latency (ms), the mean (for the Server search), and why
/// it is invalid.
fn single_stream<S: SystemUnderTest>(
    cfg: &BenchConfig,
    model: &str,
    sut: &mut S,
    qsl: &QuerySampleLibrary<S::Output>,
) -> Result<(f64, f64, Vec<String>), MlperfError> {
    let report = Harness::new(cfg.clone())
        .and_then(|h| h.run_single_stream(sut, qsl))
        .map_err(|e| bench(model, e))?;
    Ok((
        report.latency_ms.p90,
        report.latency_ms.mean,
        report.verdict.reasons,
    ))
}

/// One Offline run: its throughput (samples/s) and why it is invalid.
fn offline<S: SystemUnderTest>(
    cfg: &BenchConfig,
    model: &str,
    sut: &mut S,
    qsl: &QuerySampleLibrary<S::Output>,
) -> Result<(f64, Vec<String>), MlperfError> {
    let report = Harness::new(cfg.clone())
        .and_then(|h| h.run_offline(sut, qsl))
        .map_err(|e| bench(model, e))?;
    Ok((report.throughput, report.verdict.reasons))
}

/// Whether a Server run met the latency bound and the minimums (accuracy is judged by the
/// accuracy run: a wrong answer makes the result invalid, it does not change the rate).
fn meets_bound(report: &BenchReport) -> bool {
    report.verdict.latency_met == Some(true) && report.verdict.minimums_met
}

/// The Server search: the highest Poisson arrival rate whose p99 latency stays within
/// the bound, by bisection in log space between 0.1% and 200% of `capacity` (queries/s
/// the SingleStream mean service time allows; the top is above it because the Server
/// runs' service times may be shorter, and a rate the server cannot sustain fails). The
/// timeline is virtual, so a low rate costs no more real time than a high one. Returns the rate and why it is invalid
/// (0 with the reasons when even the lowest rate misses the bound).
fn server_search<S: SystemUnderTest>(
    cfg: &BenchConfig,
    (model, steps): (&str, usize),
    sut: &mut S,
    qsl: &QuerySampleLibrary<S::Output>,
    capacity: f64,
) -> Result<(f64, Vec<String>), MlperfError> {
    let mut run = |qps: f64| {
        let mut c = cfg.clone();
        c.server.target_qps = qps;
        Harness::new(c)
            .and_then(|h| h.run_server(sut, qsl))
            .map_err(|e| bench(model, e))
    };
    let (mut lo, mut hi) = (1e-3 * capacity, 2.0 * capacity);
    let top = run(hi)?;
    if meets_bound(&top) {
        return Ok((hi, top.verdict.reasons));
    }
    let mut best = run(lo)?;
    if !meets_bound(&best) {
        let reasons = best
            .verdict
            .reasons
            .iter()
            .map(|r| format!("even at {lo:.1} queries/s: {r}"))
            .collect();
        return Ok((0.0, reasons));
    }
    for _ in 0..steps {
        let mid = (lo * hi).sqrt();
        let report = run(mid)?;
        if meets_bound(&report) {
            lo = mid;
            best = report;
        } else {
            hi = mid;
        }
    }
    Ok((lo, best.verdict.reasons))
}

/// One repeat of every scenario on one side.
fn repeat_side<S: SystemUnderTest>(
    cfg: &BenchConfig,
    (model, steps): (&str, usize),
    sut: &mut S,
    qsl: &QuerySampleLibrary<S::Output>,
    side: &mut Side,
    scenario: usize,
) -> Result<(), MlperfError> {
    match SCENARIOS[scenario] {
        Scenario::SingleStream => {
            let (p90, mean_ms, reasons) = single_stream(cfg, model, sut, qsl)?;
            side.single_stream_mean_ms = mean_ms;
            side.record(scenario, p90, reasons);
        }
        Scenario::Offline => {
            let (throughput, reasons) = offline(cfg, model, sut, qsl)?;
            side.record(scenario, throughput, reasons);
        }
        Scenario::Server => {
            // One server at full load serves 1 / (mean service time) queries per second:
            // the top of the search, from this repeat's SingleStream run.
            let capacity = 1e3 / side.single_stream_mean_ms.max(1e-6);
            let (rate, reasons) = server_search(cfg, (model, steps), sut, qsl, capacity)?;
            side.record(scenario, rate, reasons);
        }
    }
    Ok(())
}

/// Benchmarks `baseline` against `optimized` on `qsl`: the accuracy run of each, then
/// `repeats` rounds in which every scenario runs on the baseline and then on the
/// optimized system. Returns six results (baseline's three scenarios, then the optimized
/// system's), each the median of its repeats.
///
/// # Errors
/// [`MlperfError::Failed`] naming the model if the harness rejects the configuration or a
/// system answers with the wrong number of outputs.
pub fn benchmark_pair<B, O>(
    model: &ModelSettings,
    run: &RunSettings,
    baseline: &mut B,
    optimized: &mut O,
    qsl: &QuerySampleLibrary<B::Output>,
) -> Result<Vec<ScenarioResult>, MlperfError>
where
    B: SystemUnderTest,
    O: SystemUnderTest<Output = B::Output>,
{
    let name = model.model.as_str();
    let base_accuracy = accuracy_run(baseline, qsl, model.offline_batch, run.seed);
    let opt_accuracy = accuracy_run(optimized, qsl, model.offline_batch, run.seed);
    let target = ACCURACY_FRACTION * base_accuracy;
    let cfg = config(model, run);
    let (mut base, mut opt) = (Side::default(), Side::default());
    for _ in 0..run.repeats.max(1) {
        for scenario in 0..SCENARIOS.len() {
            let key = (name, run.server_steps);
            repeat_side(&cfg, key, baseline, qsl, &mut base, scenario)?;
            repeat_side(&cfg, key, optimized, qsl, &mut opt, scenario)?;
        }
    }
    let mut rows = Vec::new();
    let sides = [
        (Role::Baseline, baseline.name(), base, base_accuracy),
        (Role::Optimized, optimized.name(), opt, opt_accuracy),
    ];
    for (role, system, side, accuracy) in sides {
        let Side {
            values, reasons, ..
        } = side;
        for ((scenario, values), reasons) in SCENARIOS.iter().zip(values).zip(reasons) {
            let bound = (*scenario == Scenario::Server).then_some(model.latency_bound_ms);
            rows.push(ScenarioResult::new(
                name,
                &system,
                role,
                *scenario,
                values,
                (accuracy, target),
                bound,
                &reasons,
            ));
        }
    }
    Ok(rows)
}

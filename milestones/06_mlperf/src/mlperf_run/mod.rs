//! The MLPerf run: the baseline and the optimized version of each network put through
//! module 19's harness (SingleStream, Offline, Server), judged by MLPerf's accuracy rule,
//! reported as one results table, the optimized/baseline ratios and a summary whose
//! fields follow MLPerf's submission checker.
//!
//! | network | baseline | optimized |
//! |---|---|---|
//! | `digit_mlp`, `simple_cnn` | f32, one forward call per sample | module 15's INT8 model, each query one batch through module 17's `batched_forward` |
//! | `gpt_reversal` | module 18's generation without the KV cache, one query at a time | module 18's KV cache, each query's prompts one batch |

mod results;
mod scenarios;
mod systems;

pub use results::{
    ACCURACY_FRACTION, Host, Ratio, Role, SUMMARY_VERSION, ScenarioResult, SummaryLine,
    mlperf_gates, ranks, ratio_table, ratios, results_table, summary,
};
pub use scenarios::{ModelSettings, RunSettings, SCENARIOS, benchmark_pair};
use systems::{DigitF32, DigitInt8Batched, DigitSamples, GptSystem, ReversalSamples};

use crate::{
    Gate, MilestoneError, MlperfError, Model, Network, Progress, Retrain, Scorecard, Trained,
    as_images, reversal_held_out, train_or_load,
};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use tinytorch_dataloader::{default_digits_path, load_digits};
use tinytorch_quantization::quantize_model;

/// The networks the MLPerf run benchmarks (the TinyTalk GPT has no exact answers to
/// check; its generation is measured in parts 4 and 5).
pub const MLPERF_NETWORKS: [Network; 3] =
    [Network::DigitMlp, Network::SimpleCnn, Network::GptReversal];

/// How `network` is benchmarked: its Server latency bound, run lengths and the ratios
/// it must reach.
///
/// The bound is stated, as MLPerf states one per model: 50 ms for all three, above the
/// time a loaded 2-core machine may stall a process (10-30 ms were seen with 10 jobs
/// running; a 10 ms bound made even the f32 digit networks fail at any rate), so that
/// queueing, not one preemption, decides the rate. The required ratios sit well inside what was measured on the shared 2-core
/// machine (see the README), so that load from other jobs does not flip them. The
/// digits' SingleStream and Server ratios compare two services of a few microseconds
/// (INT8 measured 1.1-1.5x faster at batch 1), whose tails and highest rates are set
/// mostly by the machine's stalls: their bars (0.9x, 0.7x) only catch a real regression.
pub fn model_settings(network: Network) -> ModelSettings {
    let (latency_bound_ms, min_queries, min_duration_ms, offline_batch, required) = match network {
        Network::DigitMlp => (50.0, 1000, 300, 64, [0.9, 2.0, 0.7]),
        Network::SimpleCnn => (50.0, 1000, 300, 64, [0.9, 1.2, 0.7]),
        _ => (50.0, 200, 500, 32, [2.0, 2.0, 1.5]),
    };
    ModelSettings {
        model: network.name().to_string(),
        latency_bound_ms,
        min_queries,
        min_duration_ms,
        offline_batch,
        required,
    }
}

/// The whole MLPerf run.
#[derive(Clone, Debug, Serialize)]
pub struct MlperfRunReport {
    /// Which course code ran.
    pub editions: String,
    /// Repeats, seed, search steps.
    pub run: RunSettings,
    /// Each network's settings.
    pub models: Vec<ModelSettings>,
    /// The machine.
    pub host: Host,
    /// Every result: per network, the baseline's three scenarios then the optimized's.
    pub results: Vec<ScenarioResult>,
    /// Optimized/baseline per network and scenario.
    pub ratios: Vec<Ratio>,
    /// The results with MLPerf's summary fields.
    pub summary: Vec<SummaryLine>,
    /// The gates: the baselines measure what the milestone's evaluation measured, the
    /// accuracy gates, every result valid, every ratio at its bar.
    pub scorecard: Scorecard,
    /// Wall-clock seconds of the run (loading included).
    pub seconds: f64,
}

impl MlperfRunReport {
    /// The results table, the ratios and the gates.
    pub fn to_text(&self) -> String {
        format!("{}\n{}", self.table_text(), self.details_text())
    }

    /// The editions, the machine and the results table with every row's validity.
    pub fn table_text(&self) -> String {
        let mut out = format!("{}\n", self.editions);
        out.push_str(&format!(
            "{} on {} ({} cores); every value the median of {} interleaved repeats\n\n",
            self.host.operating_system, self.host.processor, self.host.cores, self.run.repeats
        ));
        out.push_str(&results_table(&self.results));
        out
    }

    /// The optimized/baseline ratios and the gates.
    pub fn details_text(&self) -> String {
        format!(
            "{}\n{}",
            ratio_table(&self.ratios),
            self.scorecard.to_table()
        )
    }
}

/// Benchmarks `networks` (among [`MLPERF_NETWORKS`]; others are skipped) with the
/// checkpoints in `checkpoints`.
///
/// # Errors
/// Any failure to train or load a network, to load the digits, to quantize, or of the
/// harness.
pub fn run_mlperf(
    networks: &[Network],
    checkpoints: &Path,
    run: &RunSettings,
    progress: Progress,
) -> Result<MlperfRunReport, MlperfError> {
    let started = Instant::now();
    let mut results = Vec::new();
    let mut models = Vec::new();
    let mut checks = Scorecard::default();
    for &network in networks.iter().filter(|n| MLPERF_NETWORKS.contains(n)) {
        let settings = model_settings(network);
        if !progress.is_quiet() {
            eprintln!("mlperf: benchmarking {network} ...");
        }
        let mut trained = train_or_load(network, checkpoints, Retrain::IfNeeded, progress)?;
        let rows = match network {
            Network::GptReversal => benchmark_gpt(&trained, &settings, run)?,
            _ => benchmark_digits(&mut trained, &settings, run)?,
        };
        checks.push(baseline_check(&trained, &rows));
        results.extend(rows);
        models.push(settings);
    }
    let ratios = ratios(&results, |model, scenario| {
        let settings = models.iter().find(|m| m.model == model);
        let index = SCENARIOS.iter().position(|s| *s == scenario).unwrap_or(0);
        settings.map_or(1.0, |m| m.required[index])
    });
    let mut card = checks;
    card.gates.extend(mlperf_gates(&results, &ratios).gates);
    let host = Host::this_machine(crate::editions_line());
    Ok(MlperfRunReport {
        editions: crate::editions_line(),
        run: *run,
        summary: summary(&results, &host, run.repeats),
        models,
        host,
        results,
        ratios,
        scorecard: card,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The baseline system's accuracy run must equal the milestone's own evaluation of the
/// trained network (within half a point: the per-sample forward may round differently
/// from the batched one on a near tie): otherwise the harness measures something else.
fn baseline_check(trained: &Trained, rows: &[ScenarioResult]) -> Gate {
    let name = format!(
        "{}: baseline accuracy run = the milestone's evaluation",
        trained.network
    );
    let base = rows.iter().find(|r| r.role == Role::Baseline);
    let diff = base.map_or(f64::INFINITY, |r| {
        100.0 * (r.accuracy - trained.evaluation.value).abs()
    });
    Gate::at_most(name, diff, 0.5, " pt")
}

fn benchmark_digits(
    trained: &mut Trained,
    settings: &ModelSettings,
    run: &RunSettings,
) -> Result<Vec<ScenarioResult>, MlperfError> {
    let network = trained.network;
    let Model::Sequential(model) = &mut trained.model else {
        return Err(crate::error::failed(
            format!("benchmarking {network}"),
            "it is not a digit network",
        ));
    };
    let path = default_digits_path();
    let digits = load_digits(&path).map_err(|e| MilestoneError::Data {
        what: "the digits",
        message: e.to_string(),
    })?;
    let images = network == Network::SimpleCnn;
    let train = digits.train.inputs();
    let calibration = vec![if images {
        as_images(train)
    } else {
        train.clone()
    }];
    let int8 = quantize_model(model, &calibration).map_err(|e| {
        crate::error::failed(format!("INT8 quantization of {network} (module 15)"), e)
    })?;
    let data = DigitSamples::new(digits.test.inputs(), digits.test.labels(), images);
    let qsl = data.library(&format!("{network} test digits"))?;
    let mut baseline = DigitF32::new(model, &data);
    let mut optimized = DigitInt8Batched::new(int8, &data);
    let rows = benchmark_pair(settings, run, &mut baseline, &mut optimized, &qsl)?;
    if let Some(failure) = optimized.failure() {
        return Err(crate::error::failed(
            format!("batched INT8 inference of {network} (modules 15 and 17)"),
            failure,
        ));
    }
    Ok(rows)
}

fn benchmark_gpt(
    trained: &Trained,
    settings: &ModelSettings,
    run: &RunSettings,
) -> Result<Vec<ScenarioResult>, MlperfError> {
    let network = trained.network;
    let Some(gpt) = trained.model.as_gpt() else {
        return Err(crate::error::failed(
            format!("benchmarking {network}"),
            "it is not a GPT",
        ));
    };
    let data = ReversalSamples::new(&reversal_held_out(network.seed()));
    let qsl = data.library(&format!("{network} held-out inputs"))?;
    let mut baseline = GptSystem::baseline(gpt, &data);
    let mut optimized = GptSystem::optimized(gpt, &data);
    let rows = benchmark_pair(settings, run, &mut baseline, &mut optimized, &qsl)?;
    for (system, failure) in [
        ("uncached", baseline.failure()),
        ("cached batched", optimized.failure()),
    ] {
        if let Some(failure) = failure {
            return Err(crate::error::failed(
                format!("{system} greedy generation with {network} (module 18)"),
                failure,
            ));
        }
    }
    Ok(rows)
}

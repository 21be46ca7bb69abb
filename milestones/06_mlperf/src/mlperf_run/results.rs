//! The results of the MLPerf run in MLPerf's shape: one row per (system, model, scenario)
//! with its metric, value and validity; the optimized/baseline ratio per scenario; the
//! gates; the table; and a summary whose fields follow MLPerf's submission checker. No
//! timing happens here: everything is a function of the measured numbers, so it is tested
//! exactly (tests/mlperf_results.rs).

use crate::{Gate, Scorecard};
use serde::Serialize;
use tinytorch_benchmarking::{Scenario, median};

/// MLPerf's accuracy rule: a result counts only when the system keeps at least this
/// fraction of the f32 model's quality on the held-out set.
pub const ACCURACY_FRACTION: f64 = 0.99;

/// Baseline or optimized: which side of the comparison a system is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The trained f32 model served the plain way.
    Baseline,
    /// The same network after the course's optimizations.
    Optimized,
}

/// What a scenario's result measures, in MLPerf's terms.
pub fn metric(scenario: Scenario) -> &'static str {
    match scenario {
        Scenario::SingleStream => "p90 latency",
        Scenario::Offline => "throughput",
        Scenario::Server => "max rate, p99 within bound",
    }
}

/// The unit of a scenario's result, as MLPerf's submission checker writes it.
pub fn units(scenario: Scenario) -> &'static str {
    match scenario {
        Scenario::SingleStream => "Latency (ms)",
        Scenario::Offline => "Samples/s",
        Scenario::Server => "Queries/s",
    }
}

/// Whether a larger value is better (throughput, rate) or a smaller one (latency).
pub fn higher_is_better(scenario: Scenario) -> bool {
    !matches!(scenario, Scenario::SingleStream)
}

/// One result: a system on a model in a scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioResult {
    /// The network, e.g. `digit_mlp`.
    pub model: String,
    /// The system's name, e.g. `INT8, batched`.
    pub system: String,
    /// Baseline or optimized.
    pub role: Role,
    /// The scenario.
    pub scenario: Scenario,
    /// The scenario's metric in each repeat (the repeats of both systems interleaved).
    pub values: Vec<f64>,
    /// The median of `values`: the result.
    pub value: f64,
    /// The system's accuracy on the whole held-out set (MLPerf's accuracy mode).
    pub accuracy: f64,
    /// What it needed: [`ACCURACY_FRACTION`] of the f32 baseline's accuracy.
    pub accuracy_target: f64,
    /// The Server scenario's p99 latency bound, ms.
    pub latency_bound_ms: Option<f64>,
    /// Why the result does not count (empty: it does).
    pub reasons: Vec<String>,
    /// Valid: the accuracy gate held and every run met the harness's rules.
    pub valid: bool,
}

impl ScenarioResult {
    /// A result from its repeats. It is valid when the accuracy reaches the target and
    /// `run_reasons` (what the harness found wrong in any run, deduplicated here) is empty.
    ///
    /// # Panics
    /// If `values` is empty (a result has at least one repeat).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        model: &str,
        system: &str,
        role: Role,
        scenario: Scenario,
        values: Vec<f64>,
        (accuracy, accuracy_target): (f64, f64),
        latency_bound_ms: Option<f64>,
        run_reasons: &[String],
    ) -> ScenarioResult {
        assert!(!values.is_empty(), "ScenarioResult::new: no repeats");
        let mut reasons = Vec::new();
        if accuracy < accuracy_target {
            reasons.push(format!(
                "accuracy gate: {:.2}% is below {:.0}% of the f32 model's ({:.2}%)",
                100.0 * accuracy,
                100.0 * ACCURACY_FRACTION,
                100.0 * accuracy_target
            ));
        }
        for r in run_reasons {
            if !reasons.contains(r) {
                reasons.push(r.clone());
            }
        }
        ScenarioResult {
            model: model.to_string(),
            system: system.to_string(),
            role,
            scenario,
            value: median(&values),
            values,
            accuracy,
            accuracy_target,
            latency_bound_ms,
            valid: reasons.is_empty(),
            reasons,
        }
    }

    /// The metric's name, with the Server bound.
    pub fn metric_text(&self) -> String {
        match (self.scenario, self.latency_bound_ms) {
            (Scenario::Server, Some(bound)) => format!("max rate, p99 <= {bound} ms"),
            (scenario, _) => metric(scenario).to_string(),
        }
    }
}

/// The optimized system's result against the baseline's, in one scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ratio {
    /// The network.
    pub model: String,
    /// The scenario.
    pub scenario: Scenario,
    /// The baseline's result.
    pub baseline: f64,
    /// The optimized system's result.
    pub optimized: f64,
    /// How many times better the optimized system is (baseline latency / optimized
    /// latency; optimized rate / baseline rate). `None` when either result is invalid:
    /// an invalid result is never ranked.
    pub ratio: Option<f64>,
    /// The ratio the milestone requires.
    pub required: f64,
}

/// The ratio of every scenario where a model has a baseline and an optimized result,
/// `required(model, scenario)` giving each one's bar.
pub fn ratios(rows: &[ScenarioResult], required: impl Fn(&str, Scenario) -> f64) -> Vec<Ratio> {
    let find = |model: &str, scenario, role| {
        rows.iter()
            .find(|r| r.model == model && r.scenario == scenario && r.role == role)
    };
    let mut out = Vec::new();
    for base in rows.iter().filter(|r| r.role == Role::Baseline) {
        let Some(opt) = find(&base.model, base.scenario, Role::Optimized) else {
            continue;
        };
        let better = if higher_is_better(base.scenario) {
            opt.value / base.value
        } else {
            base.value / opt.value
        };
        out.push(Ratio {
            model: base.model.clone(),
            scenario: base.scenario,
            baseline: base.value,
            optimized: opt.value,
            ratio: (base.valid && opt.valid && better.is_finite()).then_some(better),
            required: required(&base.model, base.scenario),
        });
    }
    out
}

/// The rank of each row among the valid rows of its model and scenario (1 = best);
/// `None` for an invalid row, which is never ranked.
pub fn ranks(rows: &[ScenarioResult]) -> Vec<Option<usize>> {
    rows.iter()
        .map(|row| {
            if !row.valid {
                return None;
            }
            let better = rows
                .iter()
                .filter(|o| o.valid && o.model == row.model && o.scenario == row.scenario)
                .filter(|o| match higher_is_better(row.scenario) {
                    true => o.value > row.value,
                    false => o.value < row.value,
                })
                .count();
            Some(better + 1)
        })
        .collect()
}

/// The gates of the run: the accuracy gate of every optimized system, the validity of
/// every result, and every ratio against its bar.
pub fn mlperf_gates(rows: &[ScenarioResult], ratios: &[Ratio]) -> Scorecard {
    let mut card = Scorecard::default();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for row in rows.iter().filter(|r| r.role == Role::Optimized) {
        if seen.contains(&(row.model.as_str(), row.system.as_str())) {
            continue;
        }
        seen.push((&row.model, &row.system));
        card.push(Gate::at_least(
            format!(
                "{} {}: accuracy gate (>= {:.0}% of f32)",
                row.model,
                row.system,
                100.0 * ACCURACY_FRACTION
            ),
            100.0 * row.accuracy,
            100.0 * row.accuracy_target,
            "%",
        ));
    }
    for row in rows {
        card.push(Gate::holds(
            format!(
                "{} {} {}: valid result",
                row.model, row.system, row.scenario
            ),
            row.valid,
            "valid",
        ));
    }
    for r in ratios {
        let name = format!("{} {}: optimized/baseline", r.model, r.scenario);
        card.push(match r.ratio {
            Some(ratio) => Gate::at_least(name, ratio, r.required, "x"),
            None => Gate {
                name,
                measured: "not ranked".into(),
                bound: format!(">= {:.3}x", r.required),
                passed: false,
            },
        });
    }
    card
}

/// A value in the table: 3 significant decimals for small numbers, none for large ones.
fn value_text(value: f64) -> String {
    match value {
        v if v >= 1000.0 => format!("{v:.0}"),
        v if v >= 10.0 => format!("{v:.1}"),
        v => format!("{v:.4}"),
    }
}

/// The results table in MLPerf's shape: system, model, scenario, metric, value (units),
/// accuracy, validity and rank.
pub fn results_table(rows: &[ScenarioResult]) -> String {
    let ranks = ranks(rows);
    let mut out = format!(
        "{:<32} {:<13} {:<13} {:<28} {:>10} {:<13} {:>9} {:<7} {:>4}\n",
        "system", "model", "scenario", "metric", "value", "units", "accuracy", "valid", "rank"
    );
    out.push_str(&format!("{}\n", "-".repeat(137)));
    for (row, rank) in rows.iter().zip(ranks) {
        out.push_str(&format!(
            "{:<32} {:<13} {:<13} {:<28} {:>10} {:<13} {:>8.2}% {:<7} {:>4}\n",
            row.system,
            row.model,
            row.scenario.to_string(),
            row.metric_text(),
            value_text(row.value),
            units(row.scenario),
            100.0 * row.accuracy,
            if row.valid { "VALID" } else { "INVALID" },
            rank.map_or("-".to_string(), |r| r.to_string()),
        ));
    }
    let invalid: Vec<&ScenarioResult> = rows.iter().filter(|r| !r.valid).collect();
    for row in invalid {
        out.push_str(&format!(
            "INVALID {} {} {}: {}\n",
            row.model,
            row.system,
            row.scenario,
            row.reasons.join("; ")
        ));
    }
    out
}

/// The optimized/baseline ratios per model and scenario.
pub fn ratio_table(ratios: &[Ratio]) -> String {
    let mut out = format!(
        "{:<13} {:<13} {:>12} {:>12} {:>14} {:>9}\n",
        "model", "scenario", "baseline", "optimized", "opt/baseline", "required"
    );
    for r in ratios {
        out.push_str(&format!(
            "{:<13} {:<13} {:>12} {:>12} {:>14} {:>8.2}x\n",
            r.model,
            r.scenario.to_string(),
            value_text(r.baseline),
            value_text(r.optimized),
            r.ratio
                .map_or("not ranked".to_string(), |x| format!("{x:.2}x")),
            r.required,
        ));
    }
    out
}

/// The machine and software a run measured, for the summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Host {
    /// The CPU's model name (`/proc/cpuinfo`), or `"unknown"`.
    pub processor: String,
    /// Logical cores available to the process.
    pub cores: usize,
    /// The operating system (`std::env::consts::OS`).
    pub operating_system: String,
    /// Which course code ran (the editions line).
    pub framework: String,
}

impl Host {
    /// This machine.
    pub fn this_machine(framework: String) -> Host {
        let processor = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, name)| name.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".into());
        Host {
            processor,
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            operating_system: std::env::consts::OS.to_string(),
            framework,
        }
    }
}

/// One line of the summary, with the field names of MLPerf's submission checker
/// (`summary.csv`: Organization, Availability, Division, SystemType, SystemName,
/// Platform, Model, MlperfModel, Scenario, Result, Accuracy, ..., Units). `errors` holds
/// why a result is invalid, and `valid` says whether it counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryLine {
    /// Who ran it.
    #[serde(rename = "Organization")]
    pub organization: String,
    /// `RDI` (research, development or internal): a course's systems are for sale nowhere.
    #[serde(rename = "Availability")]
    pub availability: String,
    /// `open`: the models are the course's, not MLPerf's reference models.
    #[serde(rename = "Division")]
    pub division: String,
    /// `datacenter,edge`: the run covers both categories' scenarios.
    #[serde(rename = "SystemType")]
    pub system_type: String,
    /// The system under test.
    #[serde(rename = "SystemName")]
    pub system_name: String,
    /// `baseline` or `optimized`.
    #[serde(rename = "Platform")]
    pub platform: String,
    /// The network.
    #[serde(rename = "Model")]
    pub model: String,
    /// The network (the course has no MLPerf benchmark name for it).
    #[serde(rename = "MlperfModel")]
    pub mlperf_model: String,
    /// `SingleStream`, `Offline` or `Server`.
    #[serde(rename = "Scenario")]
    pub scenario: String,
    /// The result, in `Units`.
    #[serde(rename = "Result")]
    pub result: f64,
    /// The accuracy run: `acc: 98.077 (required >= 97.096)`.
    #[serde(rename = "Accuracy")]
    pub accuracy: String,
    /// Machines.
    pub number_of_nodes: usize,
    /// The CPU.
    pub host_processor_model_name: String,
    /// Logical cores.
    pub host_processor_core_count: usize,
    /// Which code ran.
    pub framework: String,
    /// The operating system.
    pub operating_system: String,
    /// How the result was measured.
    pub notes: String,
    /// Why the result is invalid (empty: valid).
    pub errors: Vec<String>,
    /// Whether the result counts.
    pub valid: bool,
    /// The summary's format.
    pub version: String,
    /// 0: measured in the scenario itself, never inferred from another.
    pub inferred: u8,
    /// `Latency (ms)`, `Samples/s` or `Queries/s`.
    #[serde(rename = "Units")]
    pub units: String,
}

/// The summary format's version.
pub const SUMMARY_VERSION: &str = "tinytorch-mlperf-summary v1";

/// One summary line per result.
pub fn summary(rows: &[ScenarioResult], host: &Host, repeats: usize) -> Vec<SummaryLine> {
    rows.iter()
        .map(|row| SummaryLine {
            organization: "TinyTorch-rs course".into(),
            availability: "RDI".into(),
            division: "open".into(),
            system_type: "datacenter,edge".into(),
            system_name: row.system.clone(),
            platform: match row.role {
                Role::Baseline => "baseline".into(),
                Role::Optimized => "optimized".into(),
            },
            model: row.model.clone(),
            mlperf_model: row.model.clone(),
            scenario: row.scenario.to_string(),
            result: row.value,
            accuracy: format!(
                "acc: {:.3} (required >= {:.3})",
                100.0 * row.accuracy,
                100.0 * row.accuracy_target
            ),
            number_of_nodes: 1,
            host_processor_model_name: host.processor.clone(),
            host_processor_core_count: host.cores,
            framework: host.framework.clone(),
            operating_system: host.operating_system.clone(),
            notes: format!(
                "{}: median of {repeats} repeats, baseline and optimized interleaved",
                row.metric_text()
            ),
            errors: row.reasons.clone(),
            valid: row.valid,
            version: SUMMARY_VERSION.into(),
            inferred: 0,
            units: units(row.scenario).into(),
        })
        .collect()
}

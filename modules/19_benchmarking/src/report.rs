//! `BenchReport` (shared code): what a scenario measured, whether the run is valid, as a
//! table or as JSON.

use serde::Serialize;
use std::fmt::{self, Write};
use tinytorch_profiling::LatencyStats;

/// The MLPerf scenario a report comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Scenario {
    /// One query of one sample at a time, the next issued when the last returns: a phone
    /// answering its user. Metric: latency percentiles.
    SingleStream,
    /// Every sample available at once, issued in batches: a nightly batch job. Metric:
    /// throughput (samples/s).
    Offline,
    /// Queries arriving at random (Poisson) at a target rate: a web service. Metric:
    /// whether the tail latency meets the bound at that rate.
    Server,
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Scenario::SingleStream => "SingleStream",
            Scenario::Offline => "Offline",
            Scenario::Server => "Server",
        };
        f.write_str(name)
    }
}

/// A tail latency set against its bound.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TailCheck {
    /// Which percentile, e.g. 99.
    pub percentile: f64,
    /// The measured latency at that percentile (by [`latency_at`](crate::latency_at)), ms.
    pub latency_ms: f64,
    /// The bound it must not exceed, ms.
    pub bound_ms: f64,
}

/// Whether a run counts, and if not, why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// Accuracy reached the target.
    pub accuracy_met: bool,
    /// The tail latency met its bound (`None` when the scenario has no bound).
    pub latency_met: Option<bool>,
    /// The run recorded at least `min_queries` for at least `min_duration`.
    pub minimums_met: bool,
    /// All of the above: a result that may be published.
    pub valid: bool,
    /// One sentence per unmet condition, empty for a valid run.
    pub reasons: Vec<String>,
}

/// Server-scenario results beyond the common ones.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerStats {
    /// The Poisson arrival rate the run was scheduled at.
    pub target_qps: f64,
    /// Queries completed per second of virtual time (queries / last finish).
    pub completed_qps: f64,
    /// The tail latency (queueing + service) against the bound.
    pub tail: TailCheck,
    /// Mean time a query waited for the server, ms.
    pub mean_queue_ms: f64,
    /// Longest time a query waited, ms.
    pub max_queue_ms: f64,
    /// The measured service times alone (no queueing), ms.
    pub service_ms: LatencyStats,
}

/// The result of one scenario run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BenchReport {
    /// Which scenario ran.
    pub scenario: Scenario,
    /// The system under test's name.
    pub system: String,
    /// The query sample library's name.
    pub dataset: String,
    /// The seed of the sample order (and of the arrivals).
    pub seed: u64,
    /// Queries issued before measuring, not recorded.
    pub warmup_queries: usize,
    /// Queries recorded.
    pub queries: usize,
    /// Samples recorded (queries times their batch sizes).
    pub samples: usize,
    /// Measured time, s: from the first recorded query to the last answer (Server: on the
    /// virtual timeline).
    pub duration_s: f64,
    /// Samples per second of measured time (0 if no time was measured).
    pub throughput: f64,
    /// Latency per query, ms: the service time (SingleStream, Offline: per batch), or the
    /// queueing delay plus the service time (Server).
    pub latency_ms: LatencyStats,
    /// Fraction of recorded outputs that were correct.
    pub accuracy: f64,
    /// How many outputs were checked.
    pub accuracy_checked: usize,
    /// The accuracy the run needed.
    pub accuracy_target: f64,
    /// Server-scenario results (absent for the other scenarios).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerStats>,
    /// Valid or not, and why.
    pub verdict: Verdict,
}

impl BenchReport {
    /// The report as a two-column table: one metric per line, then the verdict.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let l = &self.latency_ms;
        let rows = [
            (
                "queries",
                format!("{} (+{} warm-up)", self.queries, self.warmup_queries),
            ),
            ("samples", self.samples.to_string()),
            ("duration", format!("{:.6} s", self.duration_s)),
            ("throughput", format!("{:.2} samples/s", self.throughput)),
            (
                "latency mean",
                format!("{:.6} ms (std {:.6})", l.mean, l.std),
            ),
            ("latency min", format!("{:.6} ms", l.min)),
            ("latency p50", format!("{:.6} ms", l.median)),
            ("latency p90", format!("{:.6} ms", l.p90)),
            ("latency p99", format!("{:.6} ms", l.p99)),
            ("latency max", format!("{:.6} ms", l.max)),
            (
                "accuracy",
                format!(
                    "{:.4} of {} (target {:.4})",
                    self.accuracy, self.accuracy_checked, self.accuracy_target
                ),
            ),
        ];
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{} benchmark of {} on {} (seed {})",
            self.scenario, self.system, self.dataset, self.seed
        );
        let _ = writeln!(out, "{}", "-".repeat(60));
        for (name, value) in rows {
            let _ = writeln!(out, "{name:<20} {value}");
        }
        if let Some(s) = &self.server {
            self.server_rows(&mut out, s);
        }
        let _ = writeln!(out, "{}", "-".repeat(60));
        let status = if self.verdict.valid {
            "VALID"
        } else {
            "INVALID"
        };
        let _ = writeln!(out, "{status}");
        for reason in &self.verdict.reasons {
            let _ = writeln!(out, "  - {reason}");
        }
        out
    }

    /// The Server scenario's extra lines.
    fn server_rows(&self, out: &mut String, s: &ServerStats) {
        let t = &s.tail;
        let rows = [
            ("target", format!("{:.2} queries/s", s.target_qps)),
            ("completed", format!("{:.2} queries/s", s.completed_qps)),
            (
                "tail latency",
                format!(
                    "p{} = {:.6} ms (bound {:.6} ms)",
                    t.percentile, t.latency_ms, t.bound_ms
                ),
            ),
            (
                "queueing",
                format!(
                    "mean {:.6} ms, max {:.6} ms",
                    s.mean_queue_ms, s.max_queue_ms
                ),
            ),
            (
                "service",
                format!(
                    "mean {:.6} ms, p99 {:.6} ms",
                    s.service_ms.mean, s.service_ms.p99
                ),
            ),
        ];
        for (name, value) in rows {
            let _ = writeln!(out, "{name:<20} {value}");
        }
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report holds only numbers and strings")
    }
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_table())
    }
}

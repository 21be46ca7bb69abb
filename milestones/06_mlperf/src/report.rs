//! The report of a run over the networks: one serializable record per network, and the
//! table the binary prints.

use crate::{Evaluation, Origin, Trained};
use serde::Serialize;

/// One network's line of the report (`train_networks --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkReport {
    /// The network's name.
    pub network: &'static str,
    /// Its recipe identity.
    pub recipe: &'static str,
    /// Its recipe seed.
    pub seed: u64,
    /// Trainable parameters.
    pub parameters: usize,
    /// `"trained"` or `"loaded"`.
    pub origin: &'static str,
    /// Why it was trained, when it was.
    pub trained_because: Option<String>,
    /// `"epochs"` or `"steps"`.
    pub training_unit: String,
    /// How many epochs or steps its training ran.
    pub training_count: usize,
    /// Seconds its training loop took (now, or when the checkpoint was made).
    pub training_seconds: f64,
    /// Seconds this run spent on it (training or loading, plus evaluation).
    pub seconds: f64,
    /// The held-out metric.
    pub evaluation: Evaluation,
    /// Whether the metric clears its floor.
    pub passed: bool,
    /// The checkpoint file.
    pub checkpoint: String,
    /// The checkpoint's size in bytes.
    pub checkpoint_bytes: u64,
}

impl NetworkReport {
    /// The report line of `trained`.
    pub fn of(trained: &Trained) -> NetworkReport {
        let (origin, trained_because) = match &trained.origin {
            Origin::Loaded => ("loaded", None),
            Origin::Trained { reason } => ("trained", Some(reason.clone())),
        };
        NetworkReport {
            network: trained.network.name(),
            recipe: trained.network.recipe(),
            seed: trained.network.seed(),
            parameters: trained.model.num_parameters(),
            origin,
            trained_because,
            training_unit: trained.training.unit.clone(),
            training_count: trained.training.count,
            training_seconds: trained.training.seconds,
            seconds: trained.seconds,
            evaluation: trained.evaluation.clone(),
            passed: trained.evaluation.passed(),
            checkpoint: trained.checkpoint.display().to_string(),
            checkpoint_bytes: trained.checkpoint_bytes,
        }
    }
}

/// A fixed-width table of `reports`, one row per network, for a terminal.
pub fn table(reports: &[NetworkReport]) -> String {
    let mut out = format!(
        "{:<13} {:>8} {:<8} {:>11} {:>8} {:<14} {:>9} {:<6} {:>10}\n",
        "network",
        "params",
        "origin",
        "training",
        "train s",
        "metric",
        "value",
        "floor",
        "ckpt bytes"
    );
    for r in reports {
        let e = &r.evaluation;
        out.push_str(&format!(
            "{:<13} {:>8} {:<8} {:>11} {:>8.2} {:<14} {:>9} {:<6} {:>10}\n",
            r.network,
            r.parameters,
            r.origin,
            format!("{} {}", r.training_count, r.training_unit),
            r.training_seconds,
            e.metric,
            e.display_value(),
            if r.passed { "ok" } else { "FAILED" },
            r.checkpoint_bytes
        ));
    }
    out
}

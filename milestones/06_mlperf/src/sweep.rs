//! The compression sweep over every network: quantization formats and pruning levels,
//! the accuracy-versus-size table, its Pareto frontier, and the plot.

use crate::compress::{Variant, VariantResult, WeightFormat, compress_network, variant_table};
use crate::gates::{Gate, Scorecard};
use crate::plot::{Panel, PlotPoint};
use crate::{MlperfError, Network, Progress, Retrain, train_or_load};
use serde::Serialize;
use std::path::Path;

/// The variants swept on `network`: FP16, INT8 and 4-bit codebooks dense, then pruning at
/// 50 / 75 % (and 90 % for the digit networks, whose fine-tuning is cheap) stored sparse in
/// INT8 and, at 50 / 75 %, with 4-bit codebooks.
pub fn sweep_variants(network: Network) -> Vec<Variant> {
    let mut v = vec![
        Variant::dense(WeightFormat::F16),
        Variant::dense(WeightFormat::Int8),
        Variant::dense(WeightFormat::Codebook4),
    ];
    let sparsities: &[f32] = match network {
        Network::DigitMlp | Network::SimpleCnn => &[0.5, 0.75, 0.9],
        _ => &[0.5, 0.75],
    };
    for &s in sparsities {
        v.push(Variant::pruned(s, WeightFormat::Int8));
        if s < 0.9 {
            v.push(Variant::pruned(s, WeightFormat::Codebook4));
        }
    }
    v
}

/// One network's sweep.
#[derive(Clone, Debug, Serialize)]
pub struct NetworkSweep {
    /// The network.
    pub network: String,
    /// The trained model's quality (the f32 baseline).
    pub baseline: crate::Evaluation,
    /// Every variant, measured from its file.
    pub variants: Vec<VariantResult>,
    /// `frontier[i]`: variant `i` is Pareto-optimal (no other variant, nor the baseline, is
    /// at most as large and at least as good, and better in one).
    pub frontier: Vec<bool>,
}

/// The sweep over every selected network, and the GPT gates of the issue.
#[derive(Clone, Debug, Serialize)]
pub struct SweepReport {
    /// The course editions that ran.
    pub editions: String,
    /// One entry per network.
    pub networks: Vec<NetworkSweep>,
    /// The gates (the reversal GPT: INT8 >= 3.9x within 1 point, pruning + 4-bit codebook
    /// >= 8x within 3 points).
    pub scorecard: Scorecard,
}

/// Runs the sweep on `networks`.
///
/// # Errors
/// Any failure to train or load a network, or to write or read a file.
pub fn run_sweep(
    networks: &[Network],
    checkpoints: &Path,
    out: &Path,
    progress: Progress,
) -> Result<SweepReport, MlperfError> {
    let mut report = SweepReport {
        editions: crate::editions_line(),
        networks: Vec::new(),
        scorecard: Scorecard::default(),
    };
    for &network in networks {
        let trained = train_or_load(network, checkpoints, Retrain::IfNeeded, progress)?;
        let variants = compress_network(&trained, &sweep_variants(network), out, progress)?;
        let lower_is_better = trained.evaluation.metric == "held_out_loss";
        let frontier = pareto(&variants, trained.evaluation.value, lower_is_better);
        let sweep = NetworkSweep {
            network: network.name().into(),
            baseline: trained.evaluation.clone(),
            variants,
            frontier,
        };
        if network == Network::GptReversal {
            gpt_gates(&sweep, &mut report.scorecard);
        }
        report.networks.push(sweep);
    }
    Ok(report)
}

/// Which variants are Pareto-optimal in (payload bytes, quality), the f32 baseline
/// (100 % size, `base` quality) competing too.
pub fn pareto(variants: &[VariantResult], base: f64, lower_is_better: bool) -> Vec<bool> {
    let good = |v: f64| if lower_is_better { -v } else { v };
    let mut points: Vec<(f64, f64)> = variants
        .iter()
        .map(|v| (v.size_percent, good(v.evaluation.value)))
        .collect();
    points.push((100.0, good(base)));
    let dominated = |i: usize| {
        let (s, q) = points[i];
        points
            .iter()
            .enumerate()
            .any(|(j, &(s2, q2))| j != i && s2 <= s && q2 >= q && (s2 < s || q2 > q))
    };
    (0..variants.len()).map(|i| !dominated(i)).collect()
}

fn gpt_gates(sweep: &NetworkSweep, card: &mut Scorecard) {
    let find = |label: &str| sweep.variants.iter().find(|v| v.variant == label);
    let name = |what: &str| format!("{}: {what}", sweep.network);
    match find("int8") {
        Some(v) => {
            card.push(Gate::at_least(name("INT8 size ratio"), v.ratio, 3.9, "x"));
            card.push(Gate::at_most(
                name("INT8 exact-match drop"),
                v.quality_drop,
                1.0,
                " pt",
            ));
        }
        None => card.push(Gate::holds(name("INT8 variant"), false, "measured")),
    }
    match find("prune 50% + int4-codebook+bitmask") {
        Some(v) => {
            card.push(Gate::at_least(
                name("prune+4-bit size ratio"),
                v.ratio,
                8.0,
                "x",
            ));
            card.push(Gate::at_most(
                name("prune+4-bit exact-match drop"),
                v.quality_drop,
                3.0,
                " pt",
            ));
        }
        None => card.push(Gate::holds(name("prune+4-bit variant"), false, "measured")),
    }
    let identical = sweep.variants.iter().all(|v| v.round_trip_identical);
    card.push(Gate::holds(
        name("file round trips"),
        identical,
        "bit-identical",
    ));
}

impl SweepReport {
    /// The tables (frontier marked with `*`) and the gates.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.editions);
        for n in &self.networks {
            out.push_str(&format!(
                "\n== {} == baseline f32: {} ({})\n",
                n.network,
                n.baseline.display_value(),
                n.baseline.metric
            ));
            out.push_str(&variant_table(&n.variants, Some(&n.frontier)));
        }
        out.push_str("\n* = on the Pareto frontier (no variant is smaller and better)\n\n");
        if !self.scorecard.gates.is_empty() {
            out.push_str(&self.scorecard.to_table());
        }
        out
    }

    /// One plot panel per network.
    pub fn panels(&self) -> Vec<Panel> {
        self.networks
            .iter()
            .map(|n| {
                let scale = |v: f64| {
                    if n.baseline.metric == "held_out_loss" {
                        v
                    } else {
                        100.0 * v
                    }
                };
                let mut points: Vec<PlotPoint> = n
                    .variants
                    .iter()
                    .zip(&n.frontier)
                    .map(|(v, &frontier)| PlotPoint {
                        x: v.size_percent,
                        y: scale(v.evaluation.value),
                        label: v.variant.clone(),
                        frontier,
                    })
                    .collect();
                points.push(PlotPoint {
                    x: 100.0,
                    y: scale(n.baseline.value),
                    label: "f32".into(),
                    frontier: true,
                });
                let y_label = match n.baseline.metric {
                    "held_out_loss" => "held-out loss (nats/char, lower is better)".to_string(),
                    m => format!("{} (%)", m.replace('_', " ")),
                };
                Panel {
                    title: n.network.clone(),
                    y_label,
                    points,
                }
            })
            .collect()
    }
}

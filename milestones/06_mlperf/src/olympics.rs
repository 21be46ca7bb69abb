//! The optimization olympics: the digit networks profiled, quantized to INT8 (module 15's
//! integer kernel), pruned (module 16) and both, each variant written to a file, re-loaded
//! and measured, then judged by correctness gates.

use crate::compress::{Variant, VariantResult, WeightFormat, compress_network, variant_table};
use crate::gates::{Gate, Scorecard};
use crate::train::Data;
use crate::{MlperfError, Model, Network, Progress, Retrain, Trained, as_images, train_or_load};
use serde::Serialize;
use std::path::Path;
use tinytorch_autograd::no_grad;
use tinytorch_layers::{Module, Sequential};
use tinytorch_profiling::{LatencyStats, ProfileReport, measure};
use tinytorch_quantization::quantize_model;
use tinytorch_tensor::Tensor;
use tinytorch_training::accuracy;

/// The largest accuracy drop INT8 may cost, in percentage points.
pub const INT8_MAX_DROP: f64 = 1.0;
/// The largest accuracy drop pruning + INT8 may cost, in percentage points.
pub const COMBINED_MAX_DROP: f64 = 3.0;
/// The most an INT8 weight may move, in quantization steps (round to nearest: 0.5).
pub const MAX_ERROR_STEPS: f64 = 0.5;
/// Test accuracy every digit network must reach before compression.
pub const ACCURACY_FLOOR: f64 = 0.95;

/// What the olympics asks of one network.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Targets {
    /// The pruning sparsity of the combined variant.
    pub sparsity: f32,
    /// The smallest INT8 size ratio.
    pub int8_ratio: f64,
    /// The smallest pruning + INT8 size ratio.
    pub combined_ratio: f64,
}

impl Targets {
    /// The targets of `network`. The MLP meets the seeds' figures: INT8 about 4x, and at
    /// least 8x with pruning. The 666-parameter SimpleCNN keeps 10% of its parameters in
    /// biases, which stay at 16 bits, and loses more than 3 points beyond 50% sparsity: its
    /// bars are lower, and say so.
    pub fn of(network: Network) -> Targets {
        match network {
            Network::SimpleCnn => Targets {
                sparsity: 0.5,
                int8_ratio: 3.75,
                combined_ratio: 5.0,
            },
            _ => Targets {
                sparsity: 0.75,
                int8_ratio: 3.9,
                combined_ratio: 8.0,
            },
        }
    }
}

/// The latency of one forward pass, f32 against module 15's INT8 kernel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LatencyPair {
    /// Rows per forward pass.
    pub batch: usize,
    /// The f32 model.
    pub f32: LatencyStats,
    /// The INT8 model.
    pub int8: LatencyStats,
    /// `f32.median / int8.median` (> 1: INT8 is faster).
    pub speedup: f64,
}

/// One network's olympics.
#[derive(Clone, Debug, Serialize)]
pub struct NetworkOlympics {
    /// The network.
    pub network: String,
    /// Module 14's profile for one sample (parameters, FLOPs, bytes, bottleneck).
    pub profile: ProfileReport,
    /// The trained model's test accuracy.
    pub baseline_accuracy: f64,
    /// The test accuracy of module 15's INT8 model (integer kernel, activations quantized).
    pub int8_runtime_accuracy: f64,
    /// Latency of f32 against INT8 at batch 1 and at the whole test set.
    pub latency: Vec<LatencyPair>,
    /// The stored variants: INT8, pruned (f32, sparse), pruned + INT8.
    pub variants: Vec<VariantResult>,
    /// The bars this network is held to.
    pub targets: Targets,
}

/// The whole run: every network and the gates.
#[derive(Clone, Debug, Serialize)]
pub struct OlympicsReport {
    /// The course editions that ran (reference or the student's code).
    pub editions: String,
    /// One entry per network.
    pub networks: Vec<NetworkOlympics>,
    /// Every gate; "passed" only when all hold.
    pub scorecard: Scorecard,
}

/// Runs the olympics on `networks` (digit networks), checkpoints in `checkpoints`, files
/// written to `out`.
///
/// # Errors
/// Any failure to train or load a network, to write or read a file, or to quantize.
pub fn run_olympics(
    networks: &[Network],
    checkpoints: &Path,
    out: &Path,
    repeats: usize,
    progress: Progress,
) -> Result<OlympicsReport, MlperfError> {
    let mut report = OlympicsReport {
        editions: crate::editions_line(),
        networks: Vec::new(),
        scorecard: Scorecard::default(),
    };
    for &network in networks {
        let trained = train_or_load(network, checkpoints, Retrain::IfNeeded, progress)?;
        let entry = olympics_of(&trained, out, repeats, progress)?;
        gates_of(&entry, &mut report.scorecard);
        report.networks.push(entry);
    }
    Ok(report)
}

fn olympics_of(
    trained: &Trained,
    out: &Path,
    repeats: usize,
    progress: Progress,
) -> Result<NetworkOlympics, MlperfError> {
    let network = trained.network;
    let Model::Sequential(model) = &trained.model else {
        return Err(crate::error::training(
            network.name(),
            "the olympics runs the digit networks",
        ));
    };
    let (Data::Digits(digits), _) = Data::load(network)? else {
        return Err(crate::error::training(network.name(), "no digits"));
    };
    let images = network == Network::SimpleCnn;
    let input = |x: &Tensor| if images { as_images(x) } else { x.clone() };
    let shape: &[usize] = if images { &[1, 1, 8, 8] } else { &[1, 64] };
    let profile = ProfileReport::new(model, shape)
        .map_err(|e| crate::error::failed(format!("profiling {network} (module 14)"), e))?;
    let calibration = vec![input(digits.train.inputs())];
    let int8 = quantize_model(model, &calibration).map_err(|e| {
        crate::error::failed(format!("INT8 quantization of {network} (module 15)"), e)
    })?;
    let test = input(digits.test.inputs());
    let int8_runtime_accuracy = f64::from(accuracy(&int8.forward(&test), digits.test.labels()));
    let latency = [1, digits.test.labels().len()]
        .iter()
        .map(|&batch| latency_pair(model, &int8, &test, batch, repeats))
        .collect();
    let targets = Targets::of(network);
    let variants = [
        Variant::dense(WeightFormat::Int8),
        Variant::pruned(targets.sparsity, WeightFormat::F32),
        Variant::pruned(targets.sparsity, WeightFormat::Int8),
    ];
    let variants = compress_network(trained, &variants, out, progress)?;
    Ok(NetworkOlympics {
        network: network.name().to_string(),
        profile,
        baseline_accuracy: trained.evaluation.value,
        int8_runtime_accuracy,
        latency,
        variants,
        targets,
    })
}

fn latency_pair(
    model: &Sequential,
    int8: &tinytorch_quantization::QuantizedModel,
    test: &Tensor,
    batch: usize,
    repeats: usize,
) -> LatencyPair {
    let rows = test
        .data()
        .slice_axis(ndarray::Axis(0), ndarray::Slice::from(0..batch));
    let x = Tensor::from_array(rows.to_owned());
    let f32 = no_grad(model, |m| {
        measure(|| drop(std::hint::black_box(m.forward(&x))), 3, repeats)
    });
    let int8 = measure(|| drop(std::hint::black_box(int8.forward(&x))), 3, repeats);
    LatencyPair {
        batch,
        speedup: f32.median / int8.median,
        f32,
        int8,
    }
}

fn gates_of(n: &NetworkOlympics, card: &mut Scorecard) {
    let name = |what: &str| format!("{}: {what}", n.network);
    let t = n.targets;
    card.push(Gate::at_least(
        name("baseline accuracy"),
        100.0 * n.baseline_accuracy,
        100.0 * ACCURACY_FLOOR,
        "%",
    ));
    let int8_drop = 100.0 * (n.baseline_accuracy - n.int8_runtime_accuracy);
    card.push(Gate::at_most(
        name("INT8 kernel accuracy drop"),
        int8_drop,
        INT8_MAX_DROP,
        " pt",
    ));
    let [int8, pruned, combined] = &n.variants[..] else {
        card.push(Gate::holds(
            name("three stored variants"),
            false,
            "measured",
        ));
        return;
    };
    let steps = f64::from(int8.max_error_steps.unwrap_or(f32::INFINITY));
    card.push(Gate::at_most(
        name("INT8 weight error"),
        steps,
        MAX_ERROR_STEPS,
        " step",
    ));
    card.push(Gate::at_most(
        name("INT8 file accuracy drop"),
        int8.quality_drop,
        INT8_MAX_DROP,
        " pt",
    ));
    card.push(Gate::at_least(
        name("INT8 size ratio"),
        int8.ratio,
        t.int8_ratio,
        "x",
    ));
    let off = (pruned.sparsity - f64::from(t.sparsity)).abs();
    card.push(Gate::at_most(
        name("pruned sparsity error"),
        100.0 * off,
        0.5,
        " pt",
    ));
    card.push(Gate::at_most(
        name("prune+INT8 accuracy drop"),
        combined.quality_drop,
        COMBINED_MAX_DROP,
        " pt",
    ));
    card.push(Gate::at_least(
        name("prune+INT8 size ratio"),
        combined.ratio,
        t.combined_ratio,
        "x",
    ));
    let identical = n.variants.iter().all(|v| v.round_trip_identical);
    card.push(Gate::holds(
        name("file round trips"),
        identical,
        "bit-identical",
    ));
}

impl OlympicsReport {
    /// The report as text: per network its profile line, latency, variants; then the gates.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.editions);
        for n in &self.networks {
            let p = &n.profile;
            out.push_str(&format!(
                "\n== {} ==\nparameters {}  FLOPs/sample {}  bottleneck: layer {}\n",
                n.network, p.totals.params, p.totals.flops, p.bottleneck
            ));
            out.push_str(&format!(
                "accuracy: f32 {:.2}%  INT8 kernel {:.2}%\n",
                100.0 * n.baseline_accuracy,
                100.0 * n.int8_runtime_accuracy
            ));
            out.push_str("latency (median of repeats, ms): batch    f32     int8  speedup\n");
            for l in &n.latency {
                out.push_str(&format!(
                    "                                  {:>5} {:>8.4} {:>8.4} {:>7.2}x\n",
                    l.batch, l.f32.median, l.int8.median, l.speedup
                ));
            }
            out.push_str(&variant_table(&n.variants, None));
        }
        out.push('\n');
        out.push_str(&self.scorecard.to_table());
        out
    }
}

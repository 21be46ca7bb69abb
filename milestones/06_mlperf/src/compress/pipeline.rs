//! The compression pipeline of one trained network: prune (global magnitude, then masked
//! fine-tuning), store under a [`StoragePlan`], write the file, load it back into a fresh
//! model, and measure that model's quality and the file's bytes.

use super::encoding::WeightFormat;
use super::file::{CompressedModel, StoragePlan, assign, load_compressed};
use crate::error::{io, training};
use crate::gpt::{fine_tune_reversal, fine_tune_tinytalk};
use crate::progress::Progress;
use crate::recipes::DigitImages;
use crate::train::{Data, evaluate, fresh};
use crate::{Evaluation, MlperfError, Model, Network, Trained};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tinytorch_compression::{
    Mask, apply_masks, fine_tune_masked, global_magnitude_prune, prune_layer,
};
use tinytorch_layers::{Module, Sequential};
use tinytorch_optimizers::{Adam, AdamConfig};
use tinytorch_training::{TrainConfig, Trainer};

/// Epochs of masked fine-tuning after pruning a digit network.
pub const DIGITS_FINE_TUNE_EPOCHS: usize = 20;
/// Updates of masked fine-tuning after pruning a GPT.
pub const GPT_FINE_TUNE_STEPS: usize = 300;
const DIGITS_FINE_TUNE_LR: f32 = 1e-3;

/// One point of the pipeline: prune to `sparsity` (0: no pruning), store under `plan`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Variant {
    /// The fraction of weight-matrix entries set to zero (0 = dense).
    pub sparsity: f32,
    /// How the weights are stored.
    pub plan: StoragePlan,
}

impl Variant {
    /// Dense, in `format`.
    pub fn dense(format: WeightFormat) -> Variant {
        Variant {
            sparsity: 0.0,
            plan: StoragePlan {
                format,
                sparse: false,
            },
        }
    }

    /// Pruned to `sparsity`, stored sparse in `format`.
    pub fn pruned(sparsity: f32, format: WeightFormat) -> Variant {
        Variant {
            sparsity,
            plan: StoragePlan {
                format,
                sparse: true,
            },
        }
    }

    /// A label such as `prune 75% + int8+bitmask`.
    pub fn label(&self) -> String {
        match self.sparsity > 0.0 {
            true => format!(
                "prune {:.0}% + {}",
                self.sparsity * 100.0,
                self.plan.label()
            ),
            false => self.plan.label(),
        }
    }
}

/// What one variant measured, everything read from its written file.
#[derive(Clone, Debug, Serialize)]
pub struct VariantResult {
    /// The network.
    pub network: String,
    /// The variant's label.
    pub variant: String,
    /// The variant itself.
    pub spec: Variant,
    /// Measured fraction of zeros over the weight matrices of the model as loaded.
    pub sparsity: f64,
    /// Tensor-data bytes in the file (values, masks, scales, codebooks, biases).
    pub payload_bytes: u64,
    /// The whole file: header (names, shapes, metadata) and data.
    pub file_bytes: u64,
    /// Baseline f32 payload bytes / this payload.
    pub ratio: f64,
    /// This payload as a percentage of the f32 payload.
    pub size_percent: f64,
    /// The quality of the model loaded from the file.
    pub evaluation: Evaluation,
    /// Quality lost against the f32 baseline: percentage points for accuracies, nats per
    /// token for a loss (positive = worse).
    pub quality_drop: f64,
    /// Largest INT8 rounding error in quantization steps (INT8 variants).
    pub max_error_steps: Option<f32>,
    /// The model decoded in memory and the model loaded from the file give bit-identical
    /// outputs on a probe batch.
    pub round_trip_identical: bool,
    /// What fine-tuning ran after pruning (empty when none).
    pub fine_tune: String,
    /// The file written.
    pub path: PathBuf,
}

/// The variants as a table: bytes from the files, ratios, quality, drop. With `frontier`,
/// each row is marked `*` when it is on the Pareto frontier.
pub fn variant_table(variants: &[VariantResult], frontier: Option<&[bool]>) -> String {
    let mark = |i: usize| match frontier {
        None => "",
        Some(f) if f.get(i) == Some(&true) => "* ",
        Some(_) => "  ",
    };
    let mut out = format!(
        "{}{:<36} {:>9} {:>9} {:>7} {:>7} {:>9} {:>8}\n",
        if frontier.is_some() { "  " } else { "" },
        "variant",
        "payload B",
        "file B",
        "ratio",
        "size %",
        "quality",
        "drop"
    );
    for (i, v) in variants.iter().enumerate() {
        out.push_str(&format!(
            "{}{:<36} {:>9} {:>9} {:>6.2}x {:>6.1}% {:>9} {:>8.3}\n",
            mark(i),
            v.variant,
            v.payload_bytes,
            v.file_bytes,
            v.ratio,
            v.size_percent,
            v.evaluation.display_value(),
            v.quality_drop
        ));
    }
    out
}

/// Runs `variants` on a trained network; files go to `dir`. Pruned models are fine-tuned
/// once per sparsity and shared by the variants that store them differently.
///
/// # Errors
/// Any failure to load data, fine-tune, or write and read a file.
pub fn compress_network(
    trained: &Trained,
    variants: &[Variant],
    dir: &Path,
    progress: Progress,
) -> Result<Vec<VariantResult>, MlperfError> {
    let network = trained.network;
    let (data, _) = Data::load(network)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| io(dir, format!("could not create the output directory: {e}")))?;
    let baseline = CompressedModel::encode(trained.model.module(), f32_plan());
    let base_path = dir.join(format!("{network}.f32.safetensors"));
    let base_payload = baseline.save(&base_path)?.weight_bytes;
    let mut pruned: BTreeMap<u32, (Model, String)> = BTreeMap::new();
    let mut results = Vec::new();
    for variant in variants {
        let key = variant.sparsity.to_bits();
        if variant.sparsity > 0.0 && !pruned.contains_key(&key) {
            let started = Instant::now();
            let (model, how) = prune_and_fine_tune(trained, &data, variant.sparsity, progress)?;
            let how = format!("{how} ({:.1}s)", started.elapsed().as_secs_f64());
            pruned.insert(key, (model, how));
        }
        let (source, fine_tune) = match pruned.get(&key) {
            Some((model, how)) => (model, how.clone()),
            None => (&trained.model, String::new()),
        };
        let measured = measure(network, &data, source, variant, dir, base_payload, trained)?;
        progress.note(&format!(
            "{network}: {:<28} {:>8} B  {:>5.2}x  {}",
            measured.variant,
            measured.payload_bytes,
            measured.ratio,
            measured.evaluation.display_value()
        ));
        results.push(VariantResult {
            fine_tune,
            ..measured
        });
    }
    Ok(results)
}

fn f32_plan() -> StoragePlan {
    StoragePlan {
        format: WeightFormat::F32,
        sparse: false,
    }
}

/// Encodes, writes, reloads into a fresh model and evaluates one variant.
fn measure(
    network: Network,
    data: &Data,
    source: &Model,
    variant: &Variant,
    dir: &Path,
    base_payload: u64,
    trained: &Trained,
) -> Result<VariantResult, MlperfError> {
    let compressed = CompressedModel::encode(source.module(), variant.plan);
    let slug = variant.label().replace(['%', ' ', '+'], "_");
    let path = dir.join(format!("{network}.{slug}.safetensors"));
    let size = compressed.save(&path)?;
    let in_memory = fresh(network, data)?;
    assign(in_memory.module(), &compressed.decoded(), &path)?;
    let mut loaded = fresh(network, data)?;
    assign(loaded.module(), &load_compressed(&path)?, &path)?;
    let round_trip_identical = probe(network, &in_memory)? == probe(network, &loaded)?;
    let evaluation = evaluate(network, &mut loaded, data)?;
    let quality_drop = drop_against(&trained.evaluation, &evaluation);
    Ok(VariantResult {
        network: network.name().to_string(),
        variant: variant.label(),
        spec: *variant,
        sparsity: matrix_sparsity(loaded.module()),
        payload_bytes: size.weight_bytes,
        file_bytes: size.file_bytes,
        ratio: base_payload as f64 / size.weight_bytes as f64,
        size_percent: 100.0 * size.weight_bytes as f64 / base_payload as f64,
        evaluation,
        quality_drop,
        max_error_steps: compressed.max_error_steps(),
        round_trip_identical,
        fine_tune: String::new(),
        path,
    })
}

/// Percentage points lost for an accuracy, nats gained for a loss.
fn drop_against(base: &Evaluation, now: &Evaluation) -> f64 {
    match base.metric {
        "held_out_loss" => now.value - base.value,
        _ => 100.0 * (base.value - now.value),
    }
}

/// The outputs of `network`'s `model` on a fixed probe batch, as raw bits (for an exact
/// comparison).
fn probe(network: Network, model: &Model) -> Result<Vec<u32>, MlperfError> {
    let out = match model {
        Model::Sequential(seq) => {
            let x = tinytorch_tensor::Tensor::randn(&[8, 64], &mut tinytorch_tensor::seeded_rng(7));
            let x = match network {
                Network::SimpleCnn => crate::as_images(&x),
                _ => x,
            };
            tinytorch_autograd::no_grad(seq, |m| m.forward(&x))
        }
        Model::Gpt(gpt) => {
            let v = gpt.config().vocab_size;
            let ids: Vec<usize> = (0..16).map(|i| (i * 7 + 3) % v).collect();
            tinytorch_autograd::no_grad(gpt, |m| m.forward_ids(&ids, 1, 16))
                .map_err(|e| crate::error::failed("the GPT's probe forward pass", e))?
        }
    };
    Ok(out.to_vec().iter().map(|v| v.to_bits()).collect())
}

/// Zeros over all entries of the parameters of rank >= 2.
pub fn matrix_sparsity(model: &dyn Module) -> f64 {
    let (zeros, total) = model
        .named_parameters()
        .iter()
        .map(|(_, p)| p.get())
        .filter(|t| t.ndim() >= 2)
        .fold((0usize, 0usize), |(z, n), t| {
            let zeros = t.data().iter().filter(|&&v| v == 0.0).count();
            (z + zeros, n + t.numel())
        });
    zeros as f64 / total.max(1) as f64
}

/// A copy of the trained model, pruned to `sparsity` and fine-tuned with its masks.
fn prune_and_fine_tune(
    trained: &Trained,
    data: &Data,
    sparsity: f32,
    progress: Progress,
) -> Result<(Model, String), MlperfError> {
    let network = trained.network;
    let copy = fresh(network, data)?;
    let params: Vec<_> = trained
        .model
        .module()
        .named_parameters()
        .into_iter()
        .map(|(n, p)| (n, p.get()))
        .collect();
    assign(copy.module(), &params, &trained.checkpoint)?;
    match (copy, data) {
        (Model::Sequential(seq), Data::Digits(digits)) => {
            let masks = global_magnitude_prune(&seq, sparsity);
            let seq = fine_tune_digits(network, seq, &masks, digits)?;
            let how =
                format!("{DIGITS_FINE_TUNE_EPOCHS} epochs masked, Adam {DIGITS_FINE_TUNE_LR}");
            Ok((Model::Sequential(seq), how))
        }
        (Model::Gpt(gpt), data) => {
            let masks: Vec<Mask> = gpt
                .named_parameters()
                .into_iter()
                .filter(|(_, p)| p.shape().len() >= 2)
                .map(|(_, p)| prune_layer(&p, sparsity))
                .collect();
            let seed = network.seed();
            let steps = GPT_FINE_TUNE_STEPS;
            let keep_pruned = || apply_masks(&masks);
            match data {
                Data::Tinytalk(d) => {
                    fine_tune_tinytalk(&gpt, d, seed, steps, &keep_pruned, progress)?
                }
                _ => fine_tune_reversal(&gpt, seed, steps, &keep_pruned, progress)?,
            };
            Ok((Model::Gpt(gpt), format!("{steps} steps masked, AdamW")))
        }
        _ => Err(training(
            network.name(),
            "the model does not match its data",
        )),
    }
}

/// Fine-tunes a pruned digit network with its masks re-applied after every step.
fn fine_tune_digits(
    network: Network,
    seq: Sequential,
    masks: &[Mask],
    digits: &tinytorch_dataloader::Digits,
) -> Result<Sequential, MlperfError> {
    let err = |e: tinytorch_training::TrainError| training(network.name(), e);
    let config = TrainConfig::default()
        .epochs(DIGITS_FINE_TUNE_EPOCHS)
        .batch_size(32)
        .seed(network.seed())
        .quiet(true);
    let loader = config.train_loader(Arc::new(digits.train.clone()));
    let adam = |m: &dyn Module| {
        Adam::new(
            m.parameters(),
            AdamConfig::default().lr(DIGITS_FINE_TUNE_LR),
        )
    };
    let epochs = DIGITS_FINE_TUNE_EPOCHS as u64;
    if network == Network::SimpleCnn {
        let model = DigitImages(seq);
        let opt = adam(&model).map_err(|e| training(network.name(), e))?;
        let mut trainer = Trainer::new(model, opt, config).map_err(err)?;
        fine_tune_masked(&mut trainer, &loader, masks, epochs).map_err(err)?;
        Ok(trainer.into_model().0)
    } else {
        let opt = adam(&seq).map_err(|e| training(network.name(), e))?;
        let mut trainer = Trainer::new(seq, opt, config).map_err(err)?;
        fine_tune_masked(&mut trainer, &loader, masks, epochs).map_err(err)?;
        Ok(trainer.into_model())
    }
}

//! The GPT's baseline profile: module 14's per-layer counts (parameters, FLOPs, bytes) for
//! one full-context forward pass, each part's measured time share, the bottleneck by time
//! and by FLOPs, and tokens per second.

use crate::{MlperfError, Network, Progress, Retrain, error::failed, train_or_load};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use tinytorch_attention::causal_mask;
use tinytorch_autograd::no_grad;
use tinytorch_layers::Module;
use tinytorch_profiling::{LatencyStats, ProfileReport, measure};
use tinytorch_tensor::Tensor;
use tinytorch_transformers::{Gpt, Sampling};

/// What failed when a step of the GPT's profile returns an error.
const PROFILING: &str = "profiling gpt_tinytalk (module 14)";

/// The measured time of one part of the forward pass.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartTime {
    /// e.g. `embeddings`, `blocks.0.attention`, `blocks.0.mlp`, `ln_f`, `lm_head`.
    pub part: String,
    /// Its forward time on the part's real input.
    pub stats: LatencyStats,
    /// Its median over the sum of all parts' medians.
    pub share: f64,
}

/// The baseline profile of a trained GPT.
#[derive(Clone, Debug, Serialize)]
pub struct GptProfile {
    /// The network profiled.
    pub network: String,
    /// Its config, as `V/D/L/H/context`.
    pub config: String,
    /// Module 14's counts for one full-context sequence.
    pub profile: ProfileReport,
    /// Measured time per part.
    pub parts: Vec<PartTime>,
    /// The part with the largest time share.
    pub bottleneck_by_time: String,
    /// Tokens per second of a full-context forward pass (prefill throughput).
    pub forward_tokens_per_s: f64,
    /// Tokens per second of module 13's uncached greedy generation.
    pub generate_tokens_per_s: f64,
    /// How many tokens the generation produced.
    pub generated_tokens: usize,
}

/// Profiles the trained TinyTalk GPT (context 128).
///
/// # Errors
/// Any failure to train or load it, or to run it.
pub fn profile_gpt(
    checkpoints: &Path,
    repeats: usize,
    new_tokens: usize,
    progress: Progress,
) -> Result<GptProfile, MlperfError> {
    let network = Network::GptTinytalk;
    let trained = train_or_load(network, checkpoints, Retrain::IfNeeded, progress)?;
    let gpt = trained
        .model
        .as_gpt()
        .ok_or_else(|| failed(PROFILING, "its checkpoint is not a GPT"))?;
    let c = *gpt.config();
    let seq = c.max_seq_len;
    let err = |e: tinytorch_profiling::ProfileError| failed(PROFILING, e);
    let profile = ProfileReport::new(gpt, &[1, seq]).map_err(err)?;
    let ids: Vec<usize> = (0..seq).map(|i| (i * 7 + 3) % c.vocab_size).collect();
    let parts = time_parts(gpt, &ids, repeats)?;
    let bottleneck_by_time = parts
        .iter()
        .max_by(|a, b| a.share.total_cmp(&b.share))
        .map(|p| p.part.clone())
        .unwrap_or_default();
    let forward = no_grad(gpt, |m| {
        measure(
            || drop(std::hint::black_box(m.forward_ids(&ids, 1, seq))),
            2,
            repeats,
        )
    });
    let prompt = &ids[..4];
    let new_tokens = new_tokens.min(seq - prompt.len());
    let rng = &mut tinytorch_tensor::seeded_rng(0);
    let started = Instant::now();
    gpt.generate(prompt, new_tokens, Sampling::Greedy, rng)
        .map_err(|e| failed("greedy generation with gpt_tinytalk (profile)", e))?;
    let seconds = started.elapsed().as_secs_f64();
    Ok(GptProfile {
        network: network.name().into(),
        config: format!(
            "V{}/D{}/L{}/H{}/ctx{}",
            c.vocab_size, c.d_model, c.num_layers, c.num_heads, seq
        ),
        profile,
        parts,
        bottleneck_by_time,
        forward_tokens_per_s: seq as f64 / (forward.median / 1e3),
        generate_tokens_per_s: new_tokens as f64 / seconds,
        generated_tokens: new_tokens,
    })
}

/// Times each part on its real input: embeddings, each block's attention and MLP
/// sublayers (with their LayerNorm and residual), the final LayerNorm, the head.
fn time_parts(gpt: &Gpt, ids: &[usize], repeats: usize) -> Result<Vec<PartTime>, MlperfError> {
    let seq = ids.len();
    no_grad(gpt, |gpt| {
        let embed = || -> Result<Tensor, MlperfError> {
            let tok = gpt
                .tok()
                .forward_ids(ids, &[1, seq])
                .map_err(|e| failed(PROFILING, e))?;
            let pos = gpt
                .pos()
                .forward(seq, 0)
                .map_err(|e| failed(PROFILING, e))?;
            Ok(tok.add(&pos))
        };
        let mut times = vec![(
            "embeddings".to_string(),
            measure(|| drop(embed()), 2, repeats),
        )];
        let mask = causal_mask(seq);
        let mut x = embed()?;
        for (i, block) in gpt.blocks().iter().enumerate() {
            let attention =
                |x: &Tensor| x.add(&block.attn().forward(&block.ln1().forward(x), Some(&mask)));
            times.push((
                format!("blocks.{i}.attention"),
                measure(|| drop(attention(&x)), 2, repeats),
            ));
            x = attention(&x);
            let mlp = |x: &Tensor| x.add(&block.ff().forward(&block.ln2().forward(x)));
            times.push((
                format!("blocks.{i}.mlp"),
                measure(|| drop(mlp(&x)), 2, repeats),
            ));
            x = mlp(&x);
        }
        times.push((
            "ln_f".into(),
            measure(|| drop(gpt.ln_f().forward(&x)), 2, repeats),
        ));
        let h = gpt.ln_f().forward(&x);
        times.push((
            "lm_head".into(),
            measure(|| drop(gpt.lm_head().forward(&h)), 2, repeats),
        ));
        let total: f64 = times.iter().map(|(_, s)| s.median).sum();
        Ok(times
            .into_iter()
            .map(|(part, stats)| PartTime {
                share: stats.median / total,
                part,
                stats,
            })
            .collect())
    })
}

impl GptProfile {
    /// Counts per layer, time per part, the bottlenecks and the throughput, as text.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} ({}), one sequence of {} tokens\n\n",
            self.network, self.config, self.profile.input_shape[1]
        );
        out.push_str(&self.profile.to_table());
        out.push_str("\nmeasured time per part (median of repeats)\n");
        out.push_str(&format!("{:<22} {:>10} {:>8}\n", "part", "ms", "share"));
        for p in &self.parts {
            out.push_str(&format!(
                "{:<22} {:>10.4} {:>7.1}%\n",
                p.part,
                p.stats.median,
                100.0 * p.share
            ));
        }
        out.push_str(&format!(
            "\nbottleneck by time: {}; by FLOPs: {}\n",
            self.bottleneck_by_time, self.profile.bottleneck
        ));
        out.push_str(&format!(
            "throughput: full-context forward {:.0} tokens/s; uncached greedy generation of {} tokens {:.1} tokens/s\n",
            self.forward_tokens_per_s, self.generated_tokens, self.generate_tokens_per_s
        ));
        out
    }
}

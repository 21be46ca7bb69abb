//! Generation speed on the trained TinyTalk GPT: module 18's KV cache against the
//! uncached baseline on the same kernels (equivalence first, then interleaved timings,
//! the cost per position), and batching with early stopping.

use crate::gates::{Gate, Scorecard};
use crate::{MlperfError, Network, Progress, Retrain, TinytalkData, error::failed, train_or_load};
use ndarray::Axis;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use tinytorch_memoization::{
    CachedGpt, GenerationStats, generate_batch_cached_with_stats, generate_cached_with_stats,
    generate_uncached_with_stats,
};
use tinytorch_profiling::percentile;
use tinytorch_tensor::seeded_rng;
use tinytorch_tokenization::{Tokenizer, default_tinytalk_path};
use tinytorch_transformers::{Gpt, Sampling};

/// What failed when a generation step returns an error (named, never "training").
const GENERATION: &str = "greedy generation with gpt_tinytalk";

/// The KV cache must make greedy generation at least this much faster (the grader's
/// contract; the seed's range is 6-10x).
pub const CACHE_MIN_SPEEDUP: f64 = 6.0;
/// Batched cached generation at batch 16 must reach this multiple of the uncached
/// batch-1 tokens per second (the seed's 12-40x).
pub const BATCH_MIN_SPEEDUP: f64 = 12.0;

/// The trained GPT and the prompts drawn from its validation text.
pub struct GenerationSetup {
    /// The trained TinyTalk GPT.
    pub gpt: Gpt,
    /// Its data (tokenizer, validation ids).
    pub data: TinytalkData,
}

impl GenerationSetup {
    /// Trains or loads the TinyTalk GPT.
    ///
    /// # Errors
    /// Any failure to load the corpus or to train or load the network.
    pub fn load(checkpoints: &Path, progress: Progress) -> Result<GenerationSetup, MlperfError> {
        let trained = train_or_load(
            Network::GptTinytalk,
            checkpoints,
            Retrain::IfNeeded,
            progress,
        )?;
        let data = TinytalkData::load(&default_tinytalk_path())?;
        let gpt = match trained.model {
            crate::Model::Gpt(gpt) => gpt,
            crate::Model::Sequential(_) => {
                return Err(failed(
                    "loading gpt_tinytalk for generation",
                    "its checkpoint holds a digit network, not a GPT",
                ));
            }
        };
        Ok(GenerationSetup { gpt, data })
    }

    /// `count` prompts of 4 to 12 characters cut from the validation text, seeded.
    pub fn prompts(&self, count: usize) -> Vec<Vec<usize>> {
        let held = &self.data.validation;
        (0..count)
            .map(|i| {
                let len = 4 + (i * 5) % 9;
                let at = (i * 97) % (held.len() - len);
                held[at..at + len].to_vec()
            })
            .collect()
    }

    /// The text of `ids`.
    pub fn text(&self, ids: &[usize]) -> String {
        let ids: Vec<u32> = ids.iter().map(|&i| i as u32).collect();
        self.data
            .tokenizer
            .decode(&ids)
            .unwrap_or_else(|e| format!("<{e}>"))
    }
}

/// Cached against uncached generation from one prompt.
#[derive(Clone, Debug, Serialize)]
pub struct SpeedupReport {
    /// `V/D/L/H/context` of the GPT.
    pub config: String,
    /// The prompt's text.
    pub prompt: String,
    /// The generated continuation (greedy).
    pub continuation: String,
    /// New tokens generated.
    pub new_tokens: usize,
    /// Greedy tokens identical: cached, uncached (module 18) and module 13's `generate`.
    pub tokens_identical: bool,
    /// Largest |cached logit - full-forward logit| over every generated position.
    pub max_logit_diff: f32,
    /// Median wall time of the whole uncached generation, ms.
    pub uncached_ms: f64,
    /// Median wall time of the whole cached generation, ms.
    pub cached_ms: f64,
    /// `uncached_ms / cached_ms`.
    pub speedup: f64,
    /// Multiply-adds counted by the kernels: uncached, cached, and their ratio.
    pub uncached_macs: u64,
    /// See `uncached_macs`.
    pub cached_macs: u64,
    /// `uncached_macs / cached_macs`.
    pub mac_ratio: f64,
    /// Bytes of the KV cache.
    pub cache_bytes: usize,
    /// Per position: (position, uncached ms, cached ms, uncached MACs, cached MACs).
    pub per_position: Vec<PositionCost>,
    /// The gates.
    pub scorecard: Scorecard,
}

/// The cost of producing the token at one position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PositionCost {
    /// Tokens in the context when this token was produced.
    pub position: usize,
    /// Median ms of the uncached step (a forward pass over the whole context).
    pub uncached_ms: f64,
    /// Median ms of the cached decode step.
    pub cached_ms: f64,
    /// MACs of the uncached step.
    pub uncached_macs: u64,
    /// MACs of the cached step.
    pub cached_macs: u64,
}

/// Measures cached against uncached greedy generation of `new_tokens` from the first
/// prompt, `repeats` interleaved runs each.
///
/// # Errors
/// A generation error (none is expected on the trained model).
pub fn measure_speedup(
    setup: &GenerationSetup,
    new_tokens: usize,
    repeats: usize,
) -> Result<SpeedupReport, MlperfError> {
    let gpt = &setup.gpt;
    let c = *gpt.config();
    let prompt = setup.prompts(1).remove(0);
    let new_tokens = new_tokens.min(c.max_seq_len - prompt.len());
    let err = |e: tinytorch_memoization::CacheError| failed(GENERATION, e);
    let greedy = Sampling::Greedy;
    let run_cached =
        || generate_cached_with_stats(gpt, &prompt, new_tokens, greedy, &mut seeded_rng(0));
    let run_uncached =
        || generate_uncached_with_stats(gpt, &prompt, new_tokens, greedy, &mut seeded_rng(0));
    let (cached_tokens, cached_stats) = run_cached().map_err(err)?;
    let (uncached_tokens, uncached_stats) = run_uncached().map_err(err)?;
    let plain = gpt
        .generate(&prompt, new_tokens, greedy, &mut seeded_rng(0))
        .map_err(|e| failed(GENERATION, e))?;
    let tokens_identical = cached_tokens == uncached_tokens && cached_tokens == plain;
    let max_logit_diff = logit_diff(gpt, &cached_tokens, prompt.len())?;
    let (mut t_unc, mut t_cac) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        t_unc.push(time_ms(|| drop(run_uncached())));
        t_cac.push(time_ms(|| drop(run_cached())));
    }
    let (uncached_ms, cached_ms) = (median(&mut t_unc), median(&mut t_cac));
    let per_position = per_position(
        gpt,
        &cached_tokens,
        prompt.len(),
        repeats,
        (&uncached_stats, &cached_stats),
    )?;
    let speedup = uncached_ms / cached_ms;
    let mac_ratio = uncached_stats.total_macs() as f64 / cached_stats.total_macs() as f64;
    let mut scorecard = Scorecard::default();
    scorecard.push(Gate::holds(
        "greedy tokens cached == uncached == module 13",
        tokens_identical,
        "identical",
    ));
    scorecard.push(Gate {
        name: "max |logit difference|".into(),
        measured: format!("{max_logit_diff:.2e}"),
        bound: "<= 1.00e-4".into(),
        passed: max_logit_diff <= 1e-4,
    });
    scorecard.push(Gate::at_least(
        "KV-cache speedup (time)",
        speedup,
        CACHE_MIN_SPEEDUP,
        "x",
    ));
    scorecard.push(Gate::at_least(
        "KV-cache MAC reduction (counted)",
        mac_ratio,
        CACHE_MIN_SPEEDUP,
        "x",
    ));
    Ok(SpeedupReport {
        config: format!(
            "V{}/D{}/L{}/H{}/ctx{}",
            c.vocab_size, c.d_model, c.num_layers, c.num_heads, c.max_seq_len
        ),
        prompt: setup.text(&prompt),
        continuation: setup.text(&cached_tokens[prompt.len()..]),
        new_tokens,
        tokens_identical,
        max_logit_diff,
        uncached_ms,
        cached_ms,
        speedup,
        uncached_macs: uncached_stats.total_macs(),
        cached_macs: cached_stats.total_macs(),
        mac_ratio,
        cache_bytes: cached_stats.cache_bytes,
        per_position,
        scorecard,
    })
}

/// The largest difference between the logits the cache produced (prefill of the prompt,
/// then one decode step per token) and module 13's full forward pass over the sequence.
fn logit_diff(gpt: &Gpt, tokens: &[usize], prompt_len: usize) -> Result<f32, MlperfError> {
    let err = |e: tinytorch_memoization::CacheError| failed(GENERATION, e);
    let model = CachedGpt::new(gpt);
    let mut cache = model.new_cache(1).map_err(err)?;
    let n = tokens.len() - 1;
    let mut rows = model
        .prefill(&mut cache, &tokens[..prompt_len], 1, prompt_len)
        .map_err(err)?
        .index_axis(Axis(0), 0)
        .to_owned();
    for &t in &tokens[prompt_len..n] {
        let step = model.decode_step(&mut cache, &[t]).map_err(err)?;
        rows.push_row(step.row(0))
            .map_err(|e| failed(GENERATION, e))?;
    }
    let full = tinytorch_autograd::no_grad(gpt, |m| m.forward_ids(&tokens[..n], 1, n))
        .map_err(|e| failed(GENERATION, e))?;
    let full = full.data().index_axis(Axis(0), 0).to_owned();
    Ok(rows
        .iter()
        .zip(full.iter())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max))
}

/// Per generated position: the median time of an uncached step (a prefill of the whole
/// context on an emptied cache) and of a cached decode step, and their counted MACs.
fn per_position(
    gpt: &Gpt,
    tokens: &[usize],
    prompt_len: usize,
    repeats: usize,
    (uncached, cached): (&GenerationStats, &GenerationStats),
) -> Result<Vec<PositionCost>, MlperfError> {
    let err = |e: tinytorch_memoization::CacheError| failed(GENERATION, e);
    let model = CachedGpt::new(gpt);
    let steps = tokens.len() - prompt_len;
    let mut unc = vec![Vec::new(); steps];
    let mut cac = vec![Vec::new(); steps];
    let mut cache = model.new_cache(1).map_err(err)?;
    for _ in 0..repeats {
        for (i, samples) in unc.iter_mut().enumerate() {
            let context = &tokens[..prompt_len + i];
            cache.reset();
            samples.push(time_ms(|| {
                drop(model.prefill(&mut cache, context, 1, context.len()))
            }));
        }
        cache.reset();
        let started = Instant::now();
        model
            .prefill(&mut cache, &tokens[..prompt_len], 1, prompt_len)
            .map_err(err)?;
        cac[0].push(started.elapsed().as_secs_f64() * 1e3);
        for (i, samples) in cac.iter_mut().enumerate().skip(1) {
            let t = tokens[prompt_len + i - 1];
            samples.push(time_ms(|| drop(model.decode_step(&mut cache, &[t]))));
        }
    }
    Ok((0..steps)
        .map(|i| PositionCost {
            position: prompt_len + i,
            uncached_ms: median(&mut unc[i]),
            cached_ms: median(&mut cac[i]),
            uncached_macs: uncached.macs_per_step.get(i).copied().unwrap_or(0),
            cached_macs: cached.macs_per_step.get(i).copied().unwrap_or(0),
        })
        .collect())
}

/// Serves every request of a configuration; returns the tokens generated.
type Server<'a> = Box<dyn Fn(&[Vec<usize>]) -> Result<usize, MlperfError> + 'a>;

/// One row of the batching table.
#[derive(Clone, Debug, Serialize)]
pub struct OptsRow {
    /// e.g. `KV cache, batch 16, stop at end of line`.
    pub config: String,
    /// Sequences per forward pass.
    pub batch: usize,
    /// Requests served.
    pub requests: usize,
    /// Tokens generated in all.
    pub tokens: usize,
    /// Median wall time to serve every request, ms.
    pub ms: f64,
    /// `tokens / seconds`.
    pub tokens_per_s: f64,
    /// Against the uncached batch-1 tokens per second.
    pub speedup: f64,
}

/// KV cache, batching and early stopping against the uncached batch-1 baseline.
#[derive(Clone, Debug, Serialize)]
pub struct OptsReport {
    /// New tokens per request (before early stopping).
    pub new_tokens: usize,
    /// The rows.
    pub rows: Vec<OptsRow>,
    /// The gates.
    pub scorecard: Scorecard,
}

/// Measures the batching table for 16 requests of `new_tokens` tokens each.
///
/// # Errors
/// A generation error (none is expected).
pub fn measure_opts(
    setup: &GenerationSetup,
    new_tokens: usize,
    repeats: usize,
) -> Result<OptsReport, MlperfError> {
    let gpt = &setup.gpt;
    let prompts = setup.prompts(16);
    let longest = prompts.iter().map(Vec::len).max().unwrap_or(0);
    let new_tokens = new_tokens.min(gpt.config().max_seq_len - longest);
    let eos = setup
        .data
        .tokenizer
        .id_of('\n')
        .or_else(|| setup.data.tokenizer.id_of('.'))
        .map(|i| i as usize);
    let greedy = Sampling::Greedy;
    let err = |e: tinytorch_memoization::CacheError| failed(GENERATION, e);
    // The uncached baseline serves 4 requests (its tokens/s does not depend on how many).
    let uncached = |prompts: &[Vec<usize>]| -> Result<usize, MlperfError> {
        let mut n = 0;
        for p in prompts.iter().take(4) {
            let (t, _) =
                generate_uncached_with_stats(gpt, p, new_tokens, greedy, &mut seeded_rng(0))
                    .map_err(err)?;
            n += t.len() - p.len();
        }
        Ok(n)
    };
    let batched = |batch: usize, stop: Option<usize>| {
        move |prompts: &[Vec<usize>]| -> Result<usize, MlperfError> {
            let mut n = 0;
            for group in prompts.chunks(batch) {
                let (out, _) = generate_batch_cached_with_stats(
                    gpt,
                    group,
                    new_tokens,
                    greedy,
                    &mut seeded_rng(0),
                    stop,
                )
                .map_err(err)?;
                n += out
                    .iter()
                    .zip(group)
                    .map(|(o, p)| o.len() - p.len())
                    .sum::<usize>();
            }
            Ok(n)
        }
    };
    let configs: Vec<(String, usize, usize, Server<'_>)> = vec![
        (
            "no cache, batch 1 (baseline)".into(),
            1,
            4,
            Box::new(uncached),
        ),
        (
            "KV cache, batch 1".into(),
            1,
            16,
            Box::new(batched(1, None)),
        ),
        (
            "KV cache, batch 4".into(),
            4,
            16,
            Box::new(batched(4, None)),
        ),
        (
            "KV cache, batch 16".into(),
            16,
            16,
            Box::new(batched(16, None)),
        ),
        (
            "KV cache, batch 16, stop at end of line".into(),
            16,
            16,
            Box::new(batched(16, eos)),
        ),
    ];
    let mut rows = Vec::new();
    for (config, batch, requests, run) in &configs {
        let mut times = Vec::new();
        let mut tokens = 0;
        for _ in 0..repeats {
            let started = Instant::now();
            tokens = run(&prompts)?;
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
        let ms = median(&mut times);
        rows.push(OptsRow {
            config: config.clone(),
            batch: *batch,
            requests: *requests,
            tokens,
            ms,
            tokens_per_s: tokens as f64 / (ms / 1e3),
            speedup: 0.0,
        });
    }
    let base = rows[0].tokens_per_s;
    rows.iter_mut()
        .for_each(|r| r.speedup = r.tokens_per_s / base);
    let mut scorecard = Scorecard::default();
    scorecard.push(Gate::at_least(
        "KV cache, batch 1 tokens/s vs baseline",
        rows[1].speedup,
        CACHE_MIN_SPEEDUP,
        "x",
    ));
    scorecard.push(Gate::at_least(
        "KV cache, batch 16 tokens/s vs baseline",
        rows[3].speedup,
        BATCH_MIN_SPEEDUP,
        "x",
    ));
    Ok(OptsReport {
        new_tokens,
        rows,
        scorecard,
    })
}

fn time_ms(f: impl FnOnce()) -> f64 {
    let started = Instant::now();
    f();
    started.elapsed().as_secs_f64() * 1e3
}

/// The median by module 14's `percentile` (NaN for no samples).
fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    match samples.is_empty() {
        true => f64::NAN,
        false => percentile(samples, 50.0),
    }
}

impl SpeedupReport {
    /// The equivalence check, the totals, cost per position (every 10th) and the gates.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "GPT {} greedy, prompt {:?}, {} new tokens\n",
            self.config, self.prompt, self.new_tokens
        );
        out.push_str(&format!("continuation: {:?}\n", self.continuation));
        out.push_str(&format!(
            "equivalence: tokens identical {}; max |logit diff| {:.2e}\n",
            self.tokens_identical, self.max_logit_diff
        ));
        out.push_str(&format!(
            "total (median): uncached {:.2} ms ({:.3} ms/token), cached {:.2} ms ({:.3} ms/token): {:.1}x faster\n",
            self.uncached_ms,
            self.uncached_ms / self.new_tokens as f64,
            self.cached_ms,
            self.cached_ms / self.new_tokens as f64,
            self.speedup
        ));
        out.push_str(&format!(
            "multiply-adds counted: uncached {} cached {} ({:.1}x fewer); KV cache {} bytes\n\n",
            self.uncached_macs, self.cached_macs, self.mac_ratio, self.cache_bytes
        ));
        out.push_str(&format!(
            "{:>8} {:>12} {:>12} {:>14} {:>12}\n",
            "position", "uncached ms", "cached ms", "uncached MACs", "cached MACs"
        ));
        for p in self.per_position.iter().step_by(10) {
            out.push_str(&format!(
                "{:>8} {:>12.4} {:>12.4} {:>14} {:>12}\n",
                p.position, p.uncached_ms, p.cached_ms, p.uncached_macs, p.cached_macs
            ));
        }
        out.push('\n');
        out.push_str(&self.scorecard.to_table());
        out
    }
}

impl OptsReport {
    /// The table and the gates.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "16 requests, up to {} new tokens each, greedy\n",
            self.new_tokens
        );
        out.push_str(&format!(
            "{:<42} {:>6} {:>8} {:>7} {:>10} {:>10} {:>8}\n",
            "configuration", "batch", "requests", "tokens", "ms", "tokens/s", "speedup"
        ));
        for r in &self.rows {
            out.push_str(&format!(
                "{:<42} {:>6} {:>8} {:>7} {:>10.1} {:>10.0} {:>7.1}x\n",
                r.config, r.batch, r.requests, r.tokens, r.ms, r.tokens_per_s, r.speedup
            ));
        }
        out.push('\n');
        out.push_str(&self.scorecard.to_table());
        out
    }
}

//! Timing (shared code): run a function many times and summarize, and time each top-level
//! layer of a model. The statistics are the exercise (`reference/stats.rs`); timings are
//! never asserted in tests, only the statistics math is.

use serde::Serialize;
use std::time::Instant;
use tinytorch_layers::{Module, Sequential};
use tinytorch_tensor::Tensor;

/// Summary of timing samples, in milliseconds; see
/// [`LatencyStats::from_samples`] for the conventions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LatencyStats {
    /// The 50th percentile: the typical run, insensitive to a few slow outliers.
    pub median: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// The 99th percentile: the tail a user waiting on every request sees.
    pub p99: f64,
    /// The arithmetic mean.
    pub mean: f64,
    /// The population standard deviation.
    pub std: f64,
    /// The fastest run.
    pub min: f64,
    /// The slowest run.
    pub max: f64,
    /// How many runs were timed.
    pub samples: usize,
}

/// Runs `f` `warmup` times untimed (filling caches, faulting in memory), then `repeats`
/// times, each timed on its own with [`Instant`], and summarizes the durations (ms).
///
/// Pin the thread counts for stable numbers: `.cargo/config.toml` sets
/// `RAYON_NUM_THREADS=1` and `MATMUL_NUM_THREADS=1` unless the environment overrides them.
///
/// # Panics
/// If `repeats` is 0: there would be nothing to summarize.
///
/// ```
/// use tinytorch_profiling::measure;
/// let stats = measure(|| { std::hint::black_box((0..1000).sum::<u64>()); }, 2, 5);
/// assert_eq!(stats.samples, 5);
/// assert!(stats.min <= stats.median && stats.median <= stats.max);
/// ```
pub fn measure(mut f: impl FnMut(), warmup: usize, repeats: usize) -> LatencyStats {
    assert!(repeats > 0, "measure: repeats must be at least 1");
    for _ in 0..warmup {
        f();
    }
    let samples: Vec<f64> = (0..repeats)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    LatencyStats::from_samples(&samples).expect("durations are finite and non-negative")
}

/// The timing of one top-level layer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerTime {
    /// Its index in the model (`"0"`, `"1"`, ...), or `"(root)"` for a model that is not a
    /// `Sequential`.
    pub name: String,
    /// Its [`Module::name`].
    pub kind: String,
    /// Its forward time.
    pub stats: LatencyStats,
    /// Its median as a fraction of the sum of all layers' medians.
    pub share: f64,
}

/// Per-layer forward timings of a model and the bottleneck.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForwardTiming {
    /// One entry per top-level layer, in forward order.
    pub layers: Vec<LayerTime>,
    /// The name of the layer with the largest share of the time.
    pub bottleneck: String,
}

/// Times the forward pass of each top-level layer of `model` on its own: the input of
/// layer `i` is the output of layer `i - 1`, computed once beforehand, so each
/// measurement is that layer alone. A model that is not a [`Sequential`] is timed as one
/// layer. Runs without recording a graph (`no_grad`), as inference does.
///
/// The caller pins the threads (see [`measure`]). The numbers are measurements: compare
/// shares within one run, not across machines.
///
/// # Panics
/// If `repeats` is 0, or if the input does not fit the model (the forward pass panics).
///
/// ```
/// use tinytorch_activations::Relu;
/// use tinytorch_layers::{Linear, Sequential};
/// use tinytorch_profiling::profile_forward_time;
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let mut rng = seeded_rng(0);
/// let mlp = Sequential::new().add(Linear::new(64, 32, &mut rng)).add(Relu);
/// let timing = profile_forward_time(&mlp, &Tensor::ones(&[8, 64]), 1, 3);
/// assert_eq!(timing.layers.len(), 2);
/// assert!((timing.layers.iter().map(|l| l.share).sum::<f64>() - 1.0).abs() < 1e-9);
/// ```
pub fn profile_forward_time(
    model: &dyn Module,
    input: &Tensor,
    warmup: usize,
    repeats: usize,
) -> ForwardTiming {
    tinytorch_autograd::no_grad(model, |model| {
        let layers: Vec<(String, &dyn Module)> = match model.as_any().downcast_ref::<Sequential>() {
            Some(seq) => (seq.layers().iter().enumerate())
                .map(|(i, l)| (i.to_string(), l.as_ref()))
                .collect(),
            None => vec![("(root)".to_string(), model)],
        };
        let mut x = input.clone();
        let mut times = Vec::with_capacity(layers.len());
        for (name, layer) in layers {
            let stats = measure(
                || {
                    std::hint::black_box(layer.forward(&x));
                },
                warmup,
                repeats,
            );
            x = layer.forward(&x);
            times.push((name, layer.name(), stats));
        }
        summarize(times)
    })
}

/// Shares and the bottleneck from per-layer stats.
fn summarize(times: Vec<(String, String, LatencyStats)>) -> ForwardTiming {
    let total: f64 = times.iter().map(|(_, _, s)| s.median).sum();
    let layers: Vec<LayerTime> = times
        .into_iter()
        .map(|(name, kind, stats)| LayerTime {
            name,
            kind,
            share: if total > 0.0 {
                stats.median / total
            } else {
                0.0
            },
            stats,
        })
        .collect();
    let bottleneck = layers
        .iter()
        .max_by(|a, b| a.share.total_cmp(&b.share))
        .map_or_else(String::new, |l| l.name.clone());
    ForwardTiming { layers, bottleneck }
}

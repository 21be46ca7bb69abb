//! Cached vs uncached generation on one GPT: vocab 128, d_model 128, 4 layers, 4 heads,
//! context 256, random weights (seed 0), a 10-token prompt, greedy decoding.
//!
//! - `generate/{cached,uncached}/{100,200}`: time for 100 or 200 new tokens; criterion's
//!   throughput line is tokens/s, so ms/token = 1000 / that.
//! - `weights/read_once`: summing every weight once, the floor under a batch-1 decode
//!   step, which must read every weight once per token.
//! - `batch_cached/{1,4,16}`: 100 new tokens for each of B prompts at once; throughput is
//!   tokens/s over the whole batch.
//!
//! Before timing, it prints the counted multiply-adds of each run (deterministic) and
//! checks that both paths produce the same tokens.
//!
//! Run single-threaded, e.g. `taskset -c 1 cargo bench -p tinytorch-memoization -- --quick`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use tinytorch_layers::Module;
use tinytorch_memoization::{BENCH_GPT, CachedGpt};
use tinytorch_tensor::seeded_rng;
use tinytorch_transformers::{Gpt, Sampling};

const PROMPT_LEN: usize = 10;
const BATCH_NEW: usize = 100;

fn gpt() -> Gpt {
    Gpt::new(BENCH_GPT).expect("a valid config")
}

fn model() -> CachedGpt {
    CachedGpt::new(&gpt())
}

/// Prompt `b` of the batch: 10 ids that differ between sequences.
fn prompt(b: usize) -> Vec<usize> {
    (0..PROMPT_LEN)
        .map(|i| (7 * i + 13 * b + 1) % 128)
        .collect()
}

/// Prints the counted cost of both paths and checks they agree on the tokens.
fn report_macs(model: &CachedGpt) {
    for batch in [1, 16] {
        let cache = model.new_cache(batch).expect("batch >= 1");
        println!("KV cache for batch {batch}: {} bytes", cache.memory_bytes());
    }
    for new in [100, 200] {
        let run = |cached: bool| {
            let rng = &mut seeded_rng(0);
            let result = if cached {
                model.generate_with_stats(&prompt(0), new, Sampling::Greedy, rng)
            } else {
                model.generate_uncached_with_stats(&prompt(0), new, Sampling::Greedy, rng)
            };
            result.expect("generation within the context")
        };
        let ((cached_tokens, cached), (uncached_tokens, uncached)) = (run(true), run(false));
        assert_eq!(cached_tokens, uncached_tokens, "both paths must agree");
        println!(
            "counted MACs for {new} tokens: cached {} ({} per decode step at the end), uncached {} \
             ({} at the end), ratio {:.1}x",
            cached.total_macs(),
            cached.macs_per_step[new - 1],
            uncached.total_macs(),
            uncached.macs_per_step[new - 1],
            uncached.total_macs() as f64 / cached.total_macs() as f64
        );
    }
}

fn bench_generate(c: &mut Criterion) {
    let model = model();
    report_macs(&model);
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    for new in [100, 200] {
        group.throughput(Throughput::Elements(new as u64));
        group.bench_with_input(BenchmarkId::new("cached", new), &new, |bench, &new| {
            bench.iter(|| {
                model
                    .generate_with_stats(
                        black_box(&prompt(0)),
                        new,
                        Sampling::Greedy,
                        &mut seeded_rng(0),
                    )
                    .expect("generation within the context")
            });
        });
        group.bench_with_input(BenchmarkId::new("uncached", new), &new, |bench, &new| {
            bench.iter(|| {
                model
                    .generate_uncached_with_stats(
                        black_box(&prompt(0)),
                        new,
                        Sampling::Greedy,
                        &mut seeded_rng(0),
                    )
                    .expect("generation within the context")
            });
        });
    }
    group.finish();
}

/// The floor of a decode step: reading every weight of the model once (a sum over all
/// parameter arrays), to compare a batch-1 decode step with.
fn bench_weight_read(c: &mut Criterion) {
    let gpt = gpt();
    let weights: Vec<_> = gpt.parameters().iter().map(|p| p.get()).collect();
    let bytes: usize = weights.iter().map(|w| w.data().len() * 4).sum();
    println!(
        "model weights: {} parameters, {bytes} bytes",
        gpt.num_parameters()
    );
    let mut group = c.benchmark_group("weights");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("read_once", |bench| {
        bench.iter(|| weights.iter().map(|w| w.data().sum()).sum::<f32>());
    });
    group.finish();
}

fn bench_batch(c: &mut Criterion) {
    let model = model();
    let mut group = c.benchmark_group("batch_cached");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    for batch in [1, 4, 16] {
        let prompts: Vec<Vec<usize>> = (0..batch).map(prompt).collect();
        group.throughput(Throughput::Elements((batch * BATCH_NEW) as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(batch),
            &prompts,
            |bench, prompts| {
                bench.iter(|| {
                    model
                        .generate_batch_with_stats(
                            black_box(prompts),
                            BATCH_NEW,
                            Sampling::Greedy,
                            &mut seeded_rng(0),
                            None,
                        )
                        .expect("generation within the context")
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_generate, bench_weight_read, bench_batch);
criterion_main!(benches);

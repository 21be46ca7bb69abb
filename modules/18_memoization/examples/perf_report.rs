//! Every number of the "inference at the machine's limit" table, each as a RATIO to its
//! baseline measured in the same process, interleaved round by round (one round runs
//! every case once; the report gives the median over the rounds).
//!
//! Times are the CPU time of the measuring thread (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`
//! through the `cpu-time` crate), not wall time: on a machine shared with other jobs,
//! wall time also counts the time the scheduler gave our core to someone else, which
//! varies from round to round by several times. Cache sharing with the other jobs still
//! shows, so expect tens of percent of noise on a loaded machine, less on a quiet one.
//!
//! ```text
//! taskset -c 1 cargo run --release -p tinytorch-memoization --example perf_report
//! ```
//!
//! Arguments pick sections (`decode`, `uncached`, `milestone`, `cnn`, `mlp`, `int8`), e.g.
//! `-- cnn` to profile one workload alone; none runs them all.
//!
//! It lives in module 18 because it needs the highest module it measures (modules depend
//! only on lower numbers): 09's SimpleCNN, 15's QuantizedLinear and 18's cached GPT.
//!
//! | row | what | baseline (same run) |
//! |---|---|---|
//! | decode b1 | bench GPT, cached, batch 1, ms per token | reading every weight once |
//! | decode b4, b16 | tokens/s at batch 4 and 16 | tokens/s at batch 1 |
//! | no cache | GFLOP/s effective (counted MACs x 2 / time), 200 new tokens | ndarray's GEMM, square 128-512 |
//! | SimpleCNN, MLP | us per sample at batch 256 | us per sample at batch 1 |
//! | milestone GPT | tokens/s at batch 16 (16 requests) | cached batch 1 |
//! | INT8 | QuantizedLinear 256 -> 256 at batch 1, 32, 256 | f32 Linear |

use cpu_time::ThreadTime;
use ndarray::Array2;
use ndarray::linalg::general_mat_mul;
use std::hint::black_box;
use tinytorch_activations::Relu;
use tinytorch_autograd::no_grad;
use tinytorch_convolutions::simple_cnn;
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_memoization::{BENCH_GPT, CachedGpt};
use tinytorch_quantization::QuantizedLinear;
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_transformers::{Gpt, GptConfig, Sampling};

/// Interleaved rounds; every number is the median over them.
const ROUNDS: usize = 7;

/// One case: a name and a closure that runs the workload and returns its seconds.
struct Case<'a> {
    name: &'static str,
    run: Box<dyn FnMut() -> f64 + 'a>,
    times: Vec<f64>,
}

impl<'a> Case<'a> {
    /// Times `work` once per call.
    fn once(name: &'static str, work: impl FnMut() + 'a) -> Case<'a> {
        Case::repeated(name, 1, work)
    }

    /// Times `reps` calls of `work` and returns the CPU seconds of one.
    fn repeated(name: &'static str, reps: usize, mut work: impl FnMut() + 'a) -> Case<'a> {
        let run = move || {
            let start = ThreadTime::now();
            for _ in 0..reps {
                work();
            }
            start.elapsed().as_secs_f64() / reps as f64
        };
        Case {
            name,
            run: Box::new(run),
            times: Vec::new(),
        }
    }
}

/// Runs every case once per round (after one warm-up call each) and returns the median
/// seconds per case, by name.
fn interleave(mut cases: Vec<Case<'_>>) -> Vec<(&'static str, f64)> {
    for case in &mut cases {
        (case.run)();
    }
    for _ in 0..ROUNDS {
        for case in &mut cases {
            let t = (case.run)();
            case.times.push(t);
        }
    }
    cases
        .into_iter()
        .map(|mut c| {
            c.times.sort_by(f64::total_cmp);
            (c.name, c.times[c.times.len() / 2])
        })
        .collect()
}

/// The median seconds of the case called `name`.
fn get(medians: &[(&str, f64)], name: &str) -> f64 {
    medians
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, t)| t)
        .unwrap_or_else(|| unreachable!("no case {name}"))
}

/// The module 18 bench model: vocab 128, d_model 128, 4 layers, 4 heads, context 256.
fn bench_gpt() -> CachedGpt {
    CachedGpt::new(&Gpt::new(BENCH_GPT).expect("a valid config"))
}

/// The milestone's TinyTalk GPT shape (d_model 64, 2 layers, 4 heads, context 128, the
/// 57 ids of its character tokenizer), random weights: speed does not depend on them.
fn milestone_gpt() -> CachedGpt {
    let config = GptConfig {
        vocab_size: 57,
        d_model: 64,
        num_layers: 2,
        num_heads: 4,
        max_seq_len: 128,
        seed: 0,
    };
    CachedGpt::new(&Gpt::new(config).expect("a valid config"))
}

/// `count` prompts of `len(i)` ids each that differ between sequences.
fn prompts(count: usize, vocab: usize, len: impl Fn(usize) -> usize) -> Vec<Vec<usize>> {
    (0..count)
        .map(|b| (0..len(b)).map(|i| (7 * i + 13 * b + 1) % vocab).collect())
        .collect()
}

/// Greedy batched generation of `new` tokens for each of `prompts`, `batch` at a time.
fn serve(model: &CachedGpt, prompts: &[Vec<usize>], batch: usize, new: usize) {
    for group in prompts.chunks(batch) {
        let out =
            model.generate_batch_with_stats(group, new, Sampling::Greedy, &mut seeded_rng(0), None);
        black_box(out.expect("generation within the context"));
    }
}

/// Decode on the bench GPT: batch 1, 4, 16, and the weight-read floor.
fn decode_rows() {
    const NEW: usize = 100;
    let model = bench_gpt();
    let p = prompts(16, 128, |_| 10);
    let weights = model_weights();
    let bytes: usize = weights.iter().map(|w| w.data().len() * 4).sum();
    let read_once = || black_box(weights.iter().map(|w| w.data().sum()).sum::<f32>());
    let m = interleave(vec![
        Case::repeated("read", 50, move || {
            read_once();
        }),
        Case::once("b1", || serve(&model, &p[..1], 1, NEW)),
        Case::once("b4", || serve(&model, &p[..4], 4, NEW)),
        Case::once("b16", || serve(&model, &p[..16], 16, NEW)),
    ]);
    let tps = |name, batch: usize| (batch * NEW) as f64 / get(&m, name);
    let (b1, b4, b16) = (tps("b1", 1), tps("b4", 4), tps("b16", 16));
    let ms_per_token = 1e3 / b1;
    let read_ms = get(&m, "read") * 1e3;
    println!("bench GPT (V128 D128 L4 H4 ctx256), 10-token prompts, {NEW} new tokens, greedy");
    row(
        "cached decode, batch 1",
        format!("{ms_per_token:.3} ms/token ({b1:.0} tokens/s)"),
        ms_per_token / read_ms,
        format!("x reading the {bytes} weight bytes once ({read_ms:.3} ms)"),
    );
    row(
        "cached decode, batch 4",
        format!("{b4:.0} tokens/s"),
        b4 / b1,
        "x batch 1 tokens/s (target >= 3)",
    );
    row(
        "cached decode, batch 16",
        format!("{b16:.0} tokens/s"),
        b16 / b1,
        "x batch 1 tokens/s (target >= 5)",
    );
}

/// Every parameter of the bench GPT, to time reading them once.
fn model_weights() -> Vec<Tensor> {
    let gpt = Gpt::new(BENCH_GPT).expect("a valid config");
    gpt.parameters().iter().map(|p| p.get()).collect()
}

/// The uncached forward (200 new tokens) against ndarray's GEMM on square matrices.
fn uncached_row() {
    const NEW: usize = 200;
    let model = bench_gpt();
    let prompt = prompts(1, 128, |_| 10).remove(0);
    let uncached = || {
        model
            .generate_uncached_with_stats(&prompt, NEW, Sampling::Greedy, &mut seeded_rng(0))
            .expect("generation")
    };
    let macs = uncached().1.total_macs() as f64;
    let squares: Vec<(usize, Array2<f32>)> = [128usize, 256, 512]
        .iter()
        .map(|&n| {
            (
                n,
                Array2::from_shape_fn((n, n), |(i, j)| ((i * 7 + j) % 13) as f32),
            )
        })
        .collect();
    let gemm = |a: &Array2<f32>| {
        let mut c = Array2::zeros(a.raw_dim());
        general_mat_mul(1.0, a, a, 0.0, &mut c);
        black_box(c);
    };
    let names = ["gemm128", "gemm256", "gemm512"];
    let mut cases = vec![Case::once("uncached", || drop(black_box(uncached())))];
    for ((n, a), name) in squares.iter().zip(names) {
        cases.push(Case::repeated(
            name,
            (1 << 24) / (n * n * n) + 1,
            move || gemm(a),
        ));
    }
    let m = interleave(cases);
    let gflops = 2.0 * macs / get(&m, "uncached") / 1e9;
    let best = squares
        .iter()
        .zip(names)
        .map(|((n, _), name)| 2.0 * (n * n * n) as f64 / get(&m, name) / 1e9)
        .fold(0.0, f64::max);
    row(
        "no cache, 200 new tokens",
        format!(
            "{:.3} ms/token, {gflops:.1} GFLOP/s",
            get(&m, "uncached") * 1e3 / NEW as f64
        ),
        gflops / best,
        format!("x ndarray GEMM's best square 128-512 ({best:.1} GFLOP/s; target >= 70 GFLOP/s)"),
    );
}

/// The digit MLP of module 08: `Linear(64, 32) -> ReLU -> Linear(32, 10)`.
fn digit_mlp() -> Sequential {
    let mut rng = seeded_rng(0);
    Sequential::new()
        .add(Linear::new(64, 32, &mut rng))
        .add(Relu)
        .add(Linear::new(32, 10, &mut rng))
}

/// Microseconds per sample at batch 1 and 256 of `model` on inputs shaped `[N, rest..]`,
/// parameters frozen (the inference path).
fn per_sample_rows(label: &str, model: &Sequential, rest: &[usize]) {
    let input = |n: usize| {
        let shape: Vec<usize> = std::iter::once(n).chain(rest.iter().copied()).collect();
        Tensor::randn(&shape, &mut seeded_rng(3))
    };
    let (x1, x256) = (input(1), input(256));
    let m = no_grad(model, |model| {
        interleave(vec![
            Case::repeated("b1", 256, || drop(black_box(model.forward(&x1)))),
            Case::repeated("b256", 4, || drop(black_box(model.forward(&x256)))),
        ])
    });
    let (us1, us256) = (get(&m, "b1") * 1e6, get(&m, "b256") * 1e6 / 256.0);
    row(
        &format!("{label}, batch 256"),
        format!("{us256:.3} us/sample (batch 1: {us1:.2} us)"),
        us1 / us256,
        "x faster per sample than batch 1",
    );
}

/// The milestone's 16 requests: cached batch 1 against batch 16.
fn milestone_row() {
    const NEW: usize = 100;
    let model = milestone_gpt();
    let p = prompts(16, 57, |i| 4 + (i * 5) % 9);
    let m = interleave(vec![
        Case::once("b1", || serve(&model, &p, 1, NEW)),
        Case::once("b16", || serve(&model, &p, 16, NEW)),
    ]);
    let ratio = get(&m, "b1") / get(&m, "b16");
    row(
        "milestone GPT (D64 L2), batch 16",
        format!("{:.0} tokens/s", (16 * NEW) as f64 / get(&m, "b16")),
        ratio,
        "x cached batch 1 tokens/s (target >= 3)",
    );
}

/// INT8 QuantizedLinear against the f32 Linear, 256 -> 256.
fn int8_rows() {
    let linear = Linear::new(256, 256, &mut seeded_rng(0));
    let calibration = vec![Tensor::randn(&[256, 256], &mut seeded_rng(1))];
    let quantized = QuantizedLinear::from_linear(&linear, &calibration).expect("calibration");
    for batch in [1usize, 32, 256] {
        let x = Tensor::randn(&[batch, 256], &mut seeded_rng(2));
        let reps = (4096 / batch).max(4);
        let m = no_grad(&linear, |linear| {
            interleave(vec![
                Case::repeated("f32", reps, || drop(black_box(linear.forward(&x)))),
                Case::repeated("int8", reps, || drop(black_box(quantized.forward(&x)))),
            ])
        });
        row(
            &format!("INT8 256->256, batch {batch}"),
            format!("{:.2} us", get(&m, "int8") * 1e6),
            get(&m, "f32") / get(&m, "int8"),
            format!(
                "x f32 Linear speed ({:.2} us; target >= 1)",
                get(&m, "f32") * 1e6
            ),
        );
    }
}

/// One line of the report.
fn row(what: &str, value: String, ratio: f64, baseline: impl AsRef<str>) {
    println!(
        "  {what:<34} {value:<44} {ratio:>7.2} {}",
        baseline.as_ref()
    );
}

/// The report's sections, by the name that selects them on the command line.
const SECTIONS: [(&str, fn()); 6] = [
    ("decode", decode_rows),
    ("uncached", uncached_row),
    ("milestone", milestone_row),
    ("cnn", || {
        per_sample_rows("SimpleCNN", &simple_cnn(0), &[1, 8, 8])
    }),
    ("mlp", || per_sample_rows("digit MLP", &digit_mlp(), &[64])),
    ("int8", int8_rows),
];

/// Runs every section, or only those named as arguments (e.g. `-- cnn` to profile one).
fn main() {
    let chosen: Vec<String> = std::env::args().skip(1).collect();
    println!(
        "thread CPU time, medians of {ROUNDS} interleaved rounds; RAYON_NUM_THREADS={:?} MATMUL_NUM_THREADS={:?}\n",
        std::env::var("RAYON_NUM_THREADS").ok(),
        std::env::var("MATMUL_NUM_THREADS").ok()
    );
    for (name, section) in SECTIONS {
        if chosen.is_empty() || chosen.iter().any(|c| c == name) {
            if name == "milestone" {
                println!("\nmilestone-sized models");
            }
            section();
        }
    }
}

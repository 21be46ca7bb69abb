//! The speed of INT8 against f32 on a 256 -> 256 layer, as RATIOS measured in one process
//! with the two interleaved: round after round, a block of f32 forwards, then a block of
//! INT8 forwards, and the median over the rounds. On a busy shared machine the absolute
//! times wander; interleaving exposes both to the same load, so the ratio holds still.
//!
//! `cargo run --release -p tinytorch-quantization --example int8_speedup`
//!
//! (The criterion bench `cargo bench -p tinytorch-quantization --bench int8_linear` gives
//! the absolute times, one function after the other.)

use std::hint::black_box;
use std::time::Instant;
use tinytorch_layers::{Linear, Module};
use tinytorch_quantization::{Int8Kernel, QuantizedLinear, gemm_i8_packed};
use tinytorch_tensor::{Tensor, seeded_rng};

/// Rounds per batch size; the median of each is reported.
const ROUNDS: usize = 31;

/// The median of `times`.
fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Seconds per call of `f`, averaged over `reps` calls.
fn per_call(reps: usize, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..reps {
        f();
    }
    start.elapsed().as_secs_f64() / reps as f64
}

fn main() {
    let (k, n) = (256, 256);
    let linear = Linear::new(k, n, &mut seeded_rng(0));
    let calibration = vec![Tensor::randn(&[256, k], &mut seeded_rng(1))];
    let quantized = QuantizedLinear::from_linear(&linear, &calibration).expect("calibration fits");
    let fast = Int8Kernel::detect();
    let w = &quantized.weight.values;
    println!("256 -> 256 layer, one thread, INT8 kernel: {}", fast.name());
    println!("medians of {ROUNDS} interleaved rounds, microseconds per call\n");
    println!(
        "| batch | f32 Linear | INT8 QuantizedLinear | f32 / INT8 | fast kernel | 15.3 kernel | 15.3 / fast |"
    );
    println!(
        "|------:|-----------:|---------------------:|-----------:|------------:|------------:|------------:|"
    );
    for batch in [1usize, 32, 256] {
        let x = Tensor::randn(&[batch, k], &mut seeded_rng(2));
        let a: Vec<i8> = (0..batch * k).map(|i| (i % 251) as i8).collect();
        // About a millisecond of f32 work per block.
        let reps = (4096 / batch).max(4);
        let mut times = [const { Vec::new() }; 4];
        for _ in 0..ROUNDS {
            times[0].push(per_call(reps, || drop(black_box(linear.forward(&x)))));
            times[1].push(per_call(reps, || drop(black_box(quantized.forward(&x)))));
            times[2].push(per_call(reps, || {
                drop(black_box(fast.gemm(&a, w, batch, k, n)))
            }));
            let slow = || drop(black_box(gemm_i8_packed(&a, w, batch, k, n)));
            times[3].push(per_call(reps.div_ceil(4), slow));
        }
        let [f32_t, int8_t, fast_t, slow_t] = times.map(median);
        println!(
            "| {batch} | {:.1} | {:.1} | {:.2}x | {:.1} | {:.1} | {:.2}x |",
            f32_t * 1e6,
            int8_t * 1e6,
            f32_t / int8_t,
            fast_t * 1e6,
            slow_t * 1e6,
            slow_t / fast_t
        );
    }
}

//! QuantizedLinear (INT8 weights, i8 x i8 -> i32 kernel) against the f32 Linear (ndarray's
//! matmul) on a 256 -> 256 layer at batch 1, 32 and 256, plus the kernels alone: the
//! fast one the layer uses (AVX2 when the CPU has it) and the readable one of task 15.3.
//!
//! Run with `cargo bench -p tinytorch-quantization --bench int8_linear` (one thread: the
//! workspace pins MATMUL_NUM_THREADS=1) and compare the medians of `f32` and `int8` at
//! each batch. Sample counts are kept small so the whole run takes about a minute.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use tinytorch_layers::{Linear, Module};
use tinytorch_quantization::{Int8Kernel, QuantizedLinear, gemm_i8_packed, quantize_into};
use tinytorch_tensor::{Tensor, seeded_rng};

fn bench_linear(c: &mut Criterion) {
    let (k, n) = (256, 256);
    let linear = Linear::new(k, n, &mut seeded_rng(0));
    let calibration = vec![Tensor::randn(&[256, k], &mut seeded_rng(1))];
    let quantized = QuantizedLinear::from_linear(&linear, &calibration).expect("calibration fits");
    let fast = Int8Kernel::detect();
    println!("INT8 kernel on this CPU: {}", fast.name());
    let weights = &quantized.weight.values;
    let mut group = c.benchmark_group("linear_256x256");
    for batch in [1usize, 32, 256] {
        let x = Tensor::randn(&[batch, k], &mut seeded_rng(2));
        group.bench_with_input(BenchmarkId::new("f32", batch), &x, |b, x| {
            b.iter(|| black_box(linear.forward(black_box(x))))
        });
        group.bench_with_input(BenchmarkId::new("int8", batch), &x, |b, x| {
            b.iter(|| black_box(quantized.forward(black_box(x))))
        });
        // The kernels alone, without quantizing the input and requantizing the output.
        let a: Vec<i8> = (0..batch * k).map(|i| (i % 251) as i8).collect();
        group.bench_with_input(BenchmarkId::new("gemm_fast", batch), &a, |b, a| {
            b.iter(|| black_box(fast.gemm(black_box(a), weights, batch, k, n)))
        });
        group.bench_with_input(BenchmarkId::new("gemm_15_3", batch), &a, |b, a| {
            b.iter(|| black_box(gemm_i8_packed(black_box(a), weights, batch, k, n)))
        });
        let values = x.to_vec();
        let mut codes = vec![0i8; values.len()];
        group.bench_with_input(BenchmarkId::new("quantize", batch), &values, |b, v| {
            b.iter(|| quantize_into(black_box(v), quantized.input, &mut codes))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench_linear
}
criterion_main!(benches);

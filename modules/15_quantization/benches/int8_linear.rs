//! QuantizedLinear (INT8 weights, i8 x i8 -> i32 kernel) against the f32 Linear (ndarray's
//! matmul) on a 256 -> 256 layer at batch 1, 32 and 256. Run with
//! `cargo bench -p tinytorch-quantization` (one thread: the workspace pins
//! MATMUL_NUM_THREADS=1); compare the medians of the two functions at each batch.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tinytorch_layers::{Linear, Module};
use tinytorch_quantization::{QuantizedLinear, gemm_i8_packed, pack_b};
use tinytorch_tensor::{Tensor, seeded_rng};

fn bench_linear(c: &mut Criterion) {
    let (k, n) = (256, 256);
    let linear = Linear::new(k, n, &mut seeded_rng(0));
    let calibration = vec![Tensor::randn(&[256, k], &mut seeded_rng(1))];
    let quantized = QuantizedLinear::from_linear(&linear, &calibration).expect("calibration fits");
    let mut group = c.benchmark_group("linear_256x256");
    for batch in [1usize, 32, 256] {
        let x = Tensor::randn(&[batch, k], &mut seeded_rng(2));
        group.bench_with_input(BenchmarkId::new("f32", batch), &x, |b, x| {
            b.iter(|| black_box(linear.forward(black_box(x))))
        });
        group.bench_with_input(BenchmarkId::new("int8", batch), &x, |b, x| {
            b.iter(|| black_box(quantized.forward(black_box(x))))
        });
        // The kernel alone, without quantizing the input and dequantizing the output.
        let a: Vec<i8> = (0..batch * k).map(|i| (i % 251) as i8).collect();
        group.bench_with_input(BenchmarkId::new("gemm_i8", batch), &a, |b, a| {
            b.iter(|| {
                black_box(gemm_i8_packed(
                    black_box(a),
                    &quantized.weight.values,
                    batch,
                    k,
                    n,
                ))
            })
        });
    }
    group.finish();
    let w: Vec<i8> = (0..k * n).map(|i| (i % 253) as i8).collect();
    c.bench_function("pack_b_256x256", |b| {
        b.iter(|| black_box(pack_b(black_box(&w), k, n)))
    });
}

criterion_group!(benches, bench_linear);
criterion_main!(benches);

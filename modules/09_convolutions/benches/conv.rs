//! Direct (seven-loop) convolution against im2col + one matrix product, on the same
//! input: N = 8 images of 8 channels, 16x16, a 3x3 kernel to 16 channels, padding 1.
//!
//! ```text
//! cargo bench -p tinytorch-convolutions --bench conv
//! ```
//!
//! Both compute 2 * N * Cout * oh * ow * Cin * k^2 = 2 * 8 * 16 * 256 * 8 * 9 = 4.72 MFLOP.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tinytorch_convolutions::{conv2d, conv2d_naive, im2col};
use tinytorch_tensor::{Tensor, seeded_rng};

fn bench_conv(c: &mut Criterion) {
    let mut rng = seeded_rng(0);
    let x = Tensor::randn(&[8, 8, 16, 16], &mut rng);
    let w = Tensor::randn(&[16, 8, 3, 3], &mut rng);
    let b = Tensor::randn(&[16], &mut rng);
    let mut group = c.benchmark_group("conv2d 8x8x16x16 -> 16, 3x3, pad 1");
    group.bench_function("naive 7 loops", |bench| {
        bench.iter(|| conv2d_naive(black_box(x.data()), w.data(), Some(b.data()), 1, 1))
    });
    group.bench_function("im2col + matmul", |bench| {
        bench.iter(|| conv2d(black_box(&x), &w, Some(&b), 1, 1))
    });
    group.bench_function("im2col alone", |bench| {
        bench.iter(|| im2col(black_box(&x), 3, 3, 1, 1))
    });
    group.finish();
}

criterion_group!(benches, bench_conv);
criterion_main!(benches);

//! The matmul ladder: naive i-j-k, reordered i-k-j, cache-blocked, ndarray's GEMM, and the
//! row-parallel GEMM on pools of 1 and 2 threads, at 256 x 256 and 512 x 512; then the
//! block size of the blocked kernel at 512.
//!
//! ```text
//! cargo bench -p tinytorch-acceleration --bench matmul
//! ```
//!
//! Throughput is reported in elements per second where one "element" is one FLOP
//! (2 n^3 per product: 33.6 MFLOP at 256, 268 MFLOP at 512).

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use ndarray::Array2;
use std::hint::black_box;
use std::time::Duration;
use tinytorch_acceleration::{Kernel, thread_pool};
use tinytorch_tensor::{Tensor, seeded_rng};

/// A seeded random `[n, n]` matrix.
fn random_square(n: usize, seed: u64) -> Array2<f32> {
    let t = Tensor::randn(&[n, n], &mut seeded_rng(seed));
    t.data()
        .clone()
        .into_dimensionality()
        .expect("randn gave [n, n]")
}

/// Times `kernel` on `a @ b` inside a pool of `threads` threads.
fn bench_kernel(
    group: &mut BenchmarkGroup<'_, WallTime>,
    label: &str,
    kernel: Kernel,
    threads: usize,
    (a, b): (&Array2<f32>, &Array2<f32>),
) {
    let pool = thread_pool(threads).expect("the bench machine can start 2 threads");
    group.bench_function(label, |bench| {
        pool.install(|| bench.iter(|| kernel.run(black_box(a.view()), black_box(b.view()))))
    });
}

fn bench_ladder(c: &mut Criterion) {
    for n in [256, 512] {
        let (a, b) = (random_square(n, 0), random_square(n, 1));
        let mut group = c.benchmark_group(format!("matmul {n}x{n}"));
        group.throughput(Throughput::Elements(2 * (n as u64).pow(3)));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500));
        let inputs = (&a, &b);
        bench_kernel(&mut group, "naive i-j-k", Kernel::Naive, 1, inputs);
        bench_kernel(&mut group, "reordered i-k-j", Kernel::Reordered, 1, inputs);
        bench_kernel(&mut group, "blocked 64", Kernel::Blocked(64), 1, inputs);
        bench_kernel(&mut group, "ndarray GEMM", Kernel::Ndarray, 1, inputs);
        bench_kernel(
            &mut group,
            "parallel 1 thread",
            Kernel::Parallel(1),
            1,
            inputs,
        );
        bench_kernel(
            &mut group,
            "parallel 2 threads",
            Kernel::Parallel(2),
            2,
            inputs,
        );
        group.finish();
    }
}

fn bench_block_size(c: &mut Criterion) {
    let n = 512;
    let (a, b) = (random_square(n, 0), random_square(n, 1));
    let mut group = c.benchmark_group(format!("blocked {n}x{n}, block size"));
    group.throughput(Throughput::Elements(2 * (n as u64).pow(3)));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    for block in [16, 32, 64, 128, 256] {
        bench_kernel(
            &mut group,
            &format!("block {block}"),
            Kernel::Blocked(block),
            1,
            (&a, &b),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_ladder, bench_block_size);
criterion_main!(benches);

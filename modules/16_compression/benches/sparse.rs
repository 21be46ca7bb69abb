//! Sparse against dense: the CSR kernel at 50, 75 and 90% zeros against the dense matmul
//! (x [64, 512] times a 512 x 512 weight), and a structured-pruned pair of Linear layers
//! against the dense pair.
//!
//! ```text
//! cargo bench -p tinytorch-compression --bench sparse
//! ```
//!
//! The dense product is 2 * 64 * 512 * 512 = 33.6 MFLOP whatever the zeros; the sparse
//! kernel does 2 * 64 * nnz: 16.8, 8.4 and 3.4 MFLOP.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tinytorch_activations::Relu;
use tinytorch_compression::{CsrMatrix, magnitude_mask, prune_neurons, sparse_matmul};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_tensor::{Tensor, seeded_rng};

fn bench_sparse_matmul(c: &mut Criterion) {
    let mut rng = seeded_rng(0);
    let x = Tensor::randn(&[64, 512], &mut rng);
    let w = Tensor::randn(&[512, 512], &mut rng); // [in, out], a Linear weight
    let mut group = c.benchmark_group("x[64,512] @ W[512,512]");
    group.bench_function("dense matmul", |bench| {
        bench.iter(|| black_box(&x).matmul(&w))
    });
    for sparsity in [0.5, 0.75, 0.9] {
        let pruned = Tensor::from_array(w.data() * magnitude_mask(&w, sparsity).data());
        let wt = CsrMatrix::from_dense(&pruned.t()); // [out, in]
        group.bench_function(format!("CSR {:.0}% zeros", 100.0 * sparsity), |bench| {
            bench.iter(|| sparse_matmul(black_box(&x), &wt))
        });
    }
    group.finish();
}

fn bench_structured(c: &mut Criterion) {
    let mut rng = seeded_rng(1);
    let x = Tensor::randn(&[64, 512], &mut rng);
    let (first, second) = (
        Linear::new(512, 512, &mut rng),
        Linear::new(512, 512, &mut rng),
    );
    let (a, b) = prune_neurons(&first, &second, 128); // 75% of the hidden units removed
    let dense = Sequential::new().add(first).add(Relu).add(second);
    let pruned = Sequential::new().add(a).add(Relu).add(b);
    for p in dense.parameters().iter().chain(&pruned.parameters()) {
        p.set_requires_grad(false); // inference: no graph recorded
    }
    let mut group = c.benchmark_group("Linear 512 -> 512 -> 512, batch 64");
    group.bench_function("dense hidden 512", |bench| {
        bench.iter(|| dense.forward(black_box(&x)))
    });
    group.bench_function("structured hidden 128", |bench| {
        bench.iter(|| pruned.forward(black_box(&x)))
    });
    group.finish();
}

criterion_group!(benches, bench_sparse_matmul, bench_structured);
criterion_main!(benches);

//! Fusion and batching: fused against unfused linear + bias + ReLU (batch 64, 256 -> 256),
//! with and without the GEMM in the timing; fused against unfused scaled masked softmax on
//! attention scores [8, 4, 128, 128] with a causal mask; and an MLP run over 256 samples in
//! batches of 1, 32 and 256.
//!
//! ```text
//! cargo bench -p tinytorch-acceleration --bench fused
//! ```

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2, ArrayD, Ix1, Ix2};
use std::hint::black_box;
use std::time::Duration;
use tinytorch_acceleration::{
    Activation, batched_forward, bias_act_inplace, fused_scaled_masked_softmax, linear_bias_act,
    unfused_linear_bias_act, unfused_scaled_masked_softmax,
};
use tinytorch_activations::Relu;
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_tensor::{Tensor, seeded_rng};

fn bench_linear(c: &mut Criterion) {
    let mut rng = seeded_rng(0);
    let x: Array2<f32> = Tensor::randn(&[64, 256], &mut rng)
        .data()
        .clone()
        .into_dimensionality::<Ix2>()
        .expect("[64, 256]");
    let w: Array2<f32> = Tensor::randn(&[256, 256], &mut rng)
        .data()
        .clone()
        .into_dimensionality::<Ix2>()
        .expect("[256, 256]");
    let bias: Array1<f32> = Tensor::randn(&[256], &mut rng)
        .data()
        .clone()
        .into_dimensionality::<Ix1>()
        .expect("[256]");
    let mut group = c.benchmark_group("linear+bias+relu, x[64,256] @ W[256,256]");
    group.warm_up_time(Duration::from_millis(500));
    group.bench_function("unfused (3 passes, 3 arrays)", |bench| {
        bench.iter(|| {
            unfused_linear_bias_act(black_box(x.view()), w.view(), bias.view(), Activation::Relu)
        })
    });
    group.bench_function("fused (GEMM + 1 in-place pass)", |bench| {
        bench.iter(|| linear_bias_act(black_box(x.view()), w.view(), bias.view(), Activation::Relu))
    });
    group.finish();

    // The part fusion changes, without the GEMM: bias + ReLU on y [64, 256].
    let y = x.dot(&w);
    let mut group = c.benchmark_group("bias+relu epilogue only, y[64,256]");
    group.warm_up_time(Duration::from_millis(500));
    group.bench_function("unfused (2 passes, 2 new arrays)", |bench| {
        bench.iter(|| (black_box(&y) + &bias).mapv(|v| v.max(0.0)))
    });
    // A fresh copy of y per iteration, made outside the timed part.
    group.bench_function("fused (1 pass in place)", |bench| {
        bench.iter_batched_ref(
            || y.clone(),
            |y| bias_act_inplace(y.view_mut(), bias.view(), Activation::Relu),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn bench_softmax(c: &mut Criterion) {
    let scores: ArrayD<f32> = Tensor::randn(&[8, 4, 128, 128], &mut seeded_rng(1))
        .data()
        .clone();
    let mask = ArrayD::from_shape_fn(ndarray::IxDyn(&[128, 128]), |idx| {
        if idx[1] > idx[0] {
            f32::NEG_INFINITY
        } else {
            0.0
        }
    });
    let scale = 1.0 / 64f32.sqrt();
    let mut group = c.benchmark_group("scaled causal softmax [8,4,128,128]");
    group.warm_up_time(Duration::from_millis(500));
    group.bench_function("unfused (6 passes, 5 temporaries)", |bench| {
        bench.iter(|| {
            unfused_scaled_masked_softmax(black_box(scores.view()), scale, Some(mask.view()))
        })
    });
    // The fused kernel works in place: each iteration gets a fresh copy of the scores, and
    // the copy is timed too, so the comparison is result-for-result (a new array each).
    group.bench_function("fused (copy + 1 pass in place)", |bench| {
        bench.iter(|| {
            let mut s = black_box(&scores).clone();
            fused_scaled_masked_softmax(s.view_mut(), scale, Some(mask.view()));
            s
        })
    });
    group.finish();
}

fn bench_batching(c: &mut Criterion) {
    let mut rng = seeded_rng(2);
    let model = Sequential::new()
        .add(Linear::new(256, 256, &mut rng))
        .add(Relu)
        .add(Linear::new(256, 256, &mut rng))
        .add(Relu)
        .add(Linear::new(256, 10, &mut rng));
    for p in model.parameters() {
        p.set_requires_grad(false); // inference: no graph recorded
    }
    let samples: Vec<Tensor> = (0..256).map(|_| Tensor::randn(&[256], &mut rng)).collect();
    let mut group = c.benchmark_group("MLP 256-256-256-10 over 256 samples");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500));
    for batch in [1, 32, 256] {
        group.bench_function(format!("batch {batch}"), |bench| {
            bench.iter(|| batched_forward(&model, black_box(&samples), batch).expect("valid batch"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_linear, bench_softmax, bench_batching);
criterion_main!(benches);

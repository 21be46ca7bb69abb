//! Graded tests for module 17 (Acceleration). Test `t17_k_*` grades task 17.k.
//!
//! Every kernel is checked against ndarray's GEMM (`a.dot(&b)`) on odd shapes, with the
//! error bound of a float32 dot product: `|c - c_ref| <= 1e-4 * (|a| @ |b|) + 1e-6`
//! elementwise (rounding errors scale with the size of the terms, not of the result).
//! Fused kernels are checked against their unfused versions and hand-computed values.

use assert_approx_eq::assert_approx_eq;
use ndarray::{Array1, Array2, ArrayD, IxDyn, array};
use std::sync::Mutex;
use tinytorch_acceleration::{
    AccelError, Activation, FusedLinear, batched_forward, bias_act_inplace,
    fused_scaled_masked_softmax, linear_bias_act, linear_bias_gelu, linear_bias_relu,
    matmul_blocked, matmul_naive, matmul_parallel, matmul_reordered, row_chunks,
    unfused_linear_bias_act, unfused_scaled_masked_softmax, with_threads,
};
use tinytorch_activations::Relu;
use tinytorch_convolutions::simple_cnn;
use tinytorch_layers::{Linear, Module, Parameter, Sequential};
use tinytorch_tensor::{Tensor, seeded_rng};

/// A seeded random `[rows, cols]` matrix.
fn random(rows: usize, cols: usize, seed: u64) -> Array2<f32> {
    Tensor::randn(&[rows, cols], &mut seeded_rng(seed))
        .data()
        .clone()
        .into_dimensionality()
        .expect("randn gave [rows, cols]")
}

/// Asserts `got == a @ b` within the float32 dot-product error bound.
#[track_caller]
fn assert_matmul(got: &Array2<f32>, a: &Array2<f32>, b: &Array2<f32>, what: &str) {
    let expected = a.dot(b);
    assert_eq!(got.dim(), expected.dim(), "{what}: shape");
    let bound = a.mapv(f32::abs).dot(&b.mapv(f32::abs));
    for ((idx, &g), (&e, &t)) in got.indexed_iter().zip(expected.iter().zip(&bound)) {
        assert!(
            (g - e).abs() <= 1e-4 * t + 1e-6,
            "{what}: element {idx:?} is {g}, ndarray's dot gives {e}"
        );
    }
}

/// The odd shapes `(m, k, n)` every kernel must get right.
const SHAPES: [(usize, usize, usize); 7] = [
    (1, 1, 1),
    (3, 5, 7),
    (7, 5, 3),
    (1, 9, 1),
    (13, 1, 17),
    (33, 17, 9),
    (20, 40, 30),
];

/// Runs `kernel` on every shape of [`SHAPES`] and checks it against ndarray.
#[track_caller]
fn check_shapes(what: &str, kernel: impl Fn(&Array2<f32>, &Array2<f32>) -> Array2<f32>) {
    for (seed, &(m, k, n)) in SHAPES.iter().enumerate() {
        let (a, b) = (
            random(m, k, 2 * seed as u64),
            random(k, n, 2 * seed as u64 + 1),
        );
        assert_matmul(
            &kernel(&a, &b),
            &a,
            &b,
            &format!("{what} {m}x{k} @ {k}x{n}"),
        );
    }
}

/// Checks `[3, 0] @ [0, 4]` (a zero-length inner sum: zeros) and `[0, 3] @ [3, 2]`.
#[track_caller]
fn check_empty(what: &str, kernel: impl Fn(&Array2<f32>, &Array2<f32>) -> Array2<f32>) {
    let c = kernel(&Array2::zeros((3, 0)), &Array2::zeros((0, 4)));
    assert_eq!(c, Array2::<f32>::zeros((3, 4)), "{what}: empty inner axis");
    let c = kernel(&Array2::zeros((0, 3)), &random(3, 2, 0));
    assert_eq!(c.dim(), (0, 2), "{what}: no rows");
}

/// Checks a kernel on strided (transposed) views of both inputs.
#[track_caller]
fn check_transposed(what: &str, kernel: impl Fn(&Array2<f32>, &Array2<f32>) -> Array2<f32>) {
    let (at, bt) = (random(6, 11, 7), random(5, 6, 8)); // a = at^T [11, 6], b = bt^T [6, 5]
    let (a, b) = (at.t().to_owned(), bt.t().to_owned());
    let got = kernel(&a, &b);
    assert_matmul(&got, &a, &b, what);
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_acceleration::editions());
}

// ---- 17.1 Loop order: naive and reordered ----------------------------------------------

#[test]
fn t17_1_naive_hand_computed() {
    // [1 2; 3 4] @ [5 6; 7 8] = [1*5 + 2*7, 1*6 + 2*8; 3*5 + 4*7, 3*6 + 4*8]
    let (a, b) = (
        array![[1.0_f32, 2.0], [3.0, 4.0]],
        array![[5.0_f32, 6.0], [7.0, 8.0]],
    );
    assert_eq!(
        matmul_naive(a.view(), b.view()),
        array![[19.0_f32, 22.0], [43.0, 50.0]]
    );
    // [1, 2, 3] @ [4; 5; 6] = 4 + 10 + 18 = 32, and a 2 x 3 that is not square.
    let row = array![[1.0_f32, 2.0, 3.0]];
    assert_eq!(matmul_naive(row.view(), row.t()), array![[14.0_f32]]);
    let wide = array![[1.0_f32, 0.0, 2.0], [0.0, 1.0, -1.0]];
    let tall = array![[4.0_f32], [5.0], [6.0]];
    assert_eq!(
        matmul_naive(wide.view(), tall.view()),
        array![[16.0_f32], [-1.0]]
    );
}

#[test]
fn t17_1_naive_matches_ndarray_on_odd_shapes() {
    check_shapes("matmul_naive", |a, b| matmul_naive(a.view(), b.view()));
    check_transposed("matmul_naive (transposed views)", |a, b| {
        matmul_naive(a.view(), b.view())
    });
}

#[test]
fn t17_1_reordered_hand_computed() {
    let (a, b) = (
        array![[1.0_f32, 2.0], [3.0, 4.0]],
        array![[5.0_f32, 6.0], [7.0, 8.0]],
    );
    assert_eq!(
        matmul_reordered(a.view(), b.view()),
        array![[19.0_f32, 22.0], [43.0, 50.0]]
    );
    let wide = array![[1.0_f32, 0.0, 2.0], [0.0, 1.0, -1.0]];
    let tall = array![[4.0_f32, 1.0], [5.0, 1.0], [6.0, 1.0]];
    assert_eq!(
        matmul_reordered(wide.view(), tall.view()),
        array![[16.0_f32, 3.0], [-1.0, 0.0]]
    );
}

#[test]
fn t17_1_reordered_matches_ndarray_on_odd_shapes() {
    check_shapes("matmul_reordered", |a, b| {
        matmul_reordered(a.view(), b.view())
    });
    check_transposed("matmul_reordered (transposed views)", |a, b| {
        matmul_reordered(a.view(), b.view())
    });
}

#[test]
fn t17_1_empty_inner_axis_gives_zeros() {
    check_empty("matmul_naive", |a, b| matmul_naive(a.view(), b.view()));
    check_empty("matmul_reordered", |a, b| {
        matmul_reordered(a.view(), b.view())
    });
}

// ---- 17.2 Cache blocking -----------------------------------------------------------------

#[test]
fn t17_2_blocked_hand_computed() {
    // k = 3 in tiles of 2 and 1: the second tile must ADD to the first (1 + 2, then + 3).
    let (a, b) = (array![[1.0_f32, 2.0, 3.0]], array![[1.0_f32], [1.0], [1.0]]);
    assert_eq!(matmul_blocked(a.view(), b.view(), 2), array![[6.0_f32]]);
    let (a, b) = (
        array![[1.0_f32, 2.0], [3.0, 4.0]],
        array![[5.0_f32, 6.0], [7.0, 8.0]],
    );
    for block in [1, 2, 3] {
        assert_eq!(
            matmul_blocked(a.view(), b.view(), block),
            array![[19.0_f32, 22.0], [43.0, 50.0]],
            "block {block}"
        );
    }
}

#[test]
fn t17_2_blocked_shapes_not_a_multiple_of_the_block() {
    for block in [1, 2, 4, 8, 64] {
        check_shapes(&format!("matmul_blocked(block {block})"), |a, b| {
            matmul_blocked(a.view(), b.view(), block)
        });
    }
    // Every axis has a partial last tile: 37 = 4 * 8 + 5, 29 = 3 * 8 + 5, 23 = 2 * 8 + 7.
    let (a, b) = (random(37, 29, 1), random(29, 23, 2));
    assert_matmul(
        &matmul_blocked(a.view(), b.view(), 8),
        &a,
        &b,
        "37x29 @ 29x23, block 8",
    );
    // Exact multiples, and a block larger than the whole matrix.
    let (a, b) = (random(32, 32, 3), random(32, 32, 4));
    assert_matmul(
        &matmul_blocked(a.view(), b.view(), 16),
        &a,
        &b,
        "32^3, block 16",
    );
    assert_matmul(
        &matmul_blocked(a.view(), b.view(), 100),
        &a,
        &b,
        "32^3, block 100",
    );
}

#[test]
fn t17_2_blocked_empty_and_strided() {
    check_empty("matmul_blocked", |a, b| {
        matmul_blocked(a.view(), b.view(), 4)
    });
    check_transposed("matmul_blocked (transposed views)", |a, b| {
        matmul_blocked(a.view(), b.view(), 4)
    });
}

// ---- 17.3 Threads --------------------------------------------------------------------------

#[test]
fn t17_3_row_chunks_examples() {
    assert_eq!(row_chunks(7, 2), vec![0..3, 3..7]);
    assert_eq!(row_chunks(10, 3), vec![0..3, 3..6, 6..10]);
    assert_eq!(row_chunks(8, 4), vec![0..2, 2..4, 4..6, 6..8]);
    assert_eq!(row_chunks(5, 1), vec![0..5]);
    // More parts than rows: one row each, no empty chunk. Zero parts: one chunk.
    assert_eq!(row_chunks(2, 5), vec![0..1, 1..2]);
    assert_eq!(row_chunks(3, 0), vec![0..3]);
    assert!(row_chunks(0, 4).is_empty());
}

#[test]
fn t17_3_row_chunks_cover_every_row_once_and_balance() {
    for rows in 1..40 {
        for parts in 1..10 {
            let chunks = row_chunks(rows, parts);
            assert_eq!(chunks.len(), parts.min(rows), "rows {rows}, parts {parts}");
            let mut next = 0;
            for c in &chunks {
                assert_eq!(
                    c.start, next,
                    "rows {rows}, parts {parts}: {chunks:?} has a gap"
                );
                assert!(!c.is_empty(), "rows {rows}, parts {parts}: {chunks:?}");
                next = c.end;
            }
            assert_eq!(
                next, rows,
                "rows {rows}, parts {parts}: {chunks:?} stops early"
            );
            let sizes: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
            let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(
                hi - lo <= 1,
                "rows {rows}, parts {parts}: unbalanced {sizes:?}"
            );
        }
    }
}

#[test]
fn t17_3_with_threads_pins_the_pool() {
    // The global pool has RAYON_NUM_THREADS = 1 threads here; with_threads must not use it.
    assert_eq!(with_threads(2, rayon::current_num_threads), Ok(2));
    assert_eq!(with_threads(3, rayon::current_num_threads), Ok(3));
    assert_eq!(with_threads(1, rayon::current_num_threads), Ok(1));
    // Work inside runs on the pool's own threads.
    let index = with_threads(2, || rayon::join(rayon::current_thread_index, || ()).0);
    assert!(matches!(index, Ok(Some(i)) if i < 2), "{index:?}");
    assert_eq!(with_threads(0, || ()), Err(AccelError::ZeroThreads));
}

#[test]
fn t17_3_parallel_matches_ndarray() {
    for chunks in [0, 1, 2, 3, 5] {
        let result = with_threads(2, || {
            check_shapes(&format!("matmul_parallel({chunks} chunks)"), |a, b| {
                matmul_parallel(a.view(), b.view(), chunks)
            });
            check_empty("matmul_parallel", |a, b| {
                matmul_parallel(a.view(), b.view(), chunks)
            });
        });
        assert!(result.is_ok());
    }
    // 7 rows in 2 chunks of 3 and 4: the last (larger) chunk must be computed too.
    let (a, b) = (random(7, 4, 5), random(4, 3, 6));
    let c = with_threads(2, || matmul_parallel(a.view(), b.view(), 2)).unwrap();
    assert_matmul(&c, &a, &b, "7x4 @ 4x3 in 2 chunks");
    check_transposed("matmul_parallel (transposed views)", |a, b| {
        matmul_parallel(a.view(), b.view(), 3)
    });
}

// ---- 17.4 Fused bias + activation -------------------------------------------------------

#[test]
fn t17_4_bias_act_hand_computed() {
    // relu([1 + 1, -1 - 1; -3 + 1, 2 - 1]) = [2, 0; 0, 1]
    let mut y = array![[1.0_f32, -1.0], [-3.0, 2.0]];
    bias_act_inplace(y.view_mut(), array![1.0_f32, -1.0].view(), Activation::Relu);
    assert_eq!(y, array![[2.0_f32, 0.0], [0.0, 1.0]]);
    // The bias goes in BEFORE the activation: relu(1 - 2) = 0, not relu(1) - 2 = -1.
    let mut y = array![[1.0_f32]];
    bias_act_inplace(y.view_mut(), array![-2.0_f32].view(), Activation::Relu);
    assert_eq!(y, array![[0.0_f32]]);
    // Identity: bias only. GELU(0 + 1) = 0.841192, GELU(-2 + 1) = -0.158808.
    let mut y = array![[0.0_f32, -2.0]];
    bias_act_inplace(
        y.view_mut(),
        array![1.0_f32, 1.0].view(),
        Activation::Identity,
    );
    assert_eq!(y, array![[1.0_f32, -1.0]]);
    let mut y = array![[0.0_f32, -2.0]];
    bias_act_inplace(y.view_mut(), array![1.0_f32, 1.0].view(), Activation::Gelu);
    assert_approx_eq!(y[[0, 0]], 0.841_192, 1e-5);
    assert_approx_eq!(y[[0, 1]], -0.158_808, 1e-5);
}

#[test]
fn t17_4_fused_equals_unfused() {
    let (x, w) = (random(5, 7, 10), random(7, 3, 11));
    let bias = Array1::from(vec![0.5_f32, -1.0, 0.0]);
    for act in [Activation::Identity, Activation::Relu, Activation::Gelu] {
        let fused = linear_bias_act(x.view(), w.view(), bias.view(), act);
        let unfused = unfused_linear_bias_act(x.view(), w.view(), bias.view(), act);
        assert_eq!(fused.dim(), (5, 3));
        for (f, u) in fused.iter().zip(&unfused) {
            assert_approx_eq!(*f, *u, 1e-6);
        }
    }
    let relu = linear_bias_relu(x.view(), w.view(), bias.view());
    assert!(relu.iter().all(|&v| v >= 0.0) && relu.iter().any(|&v| v > 0.0));
    // GELU through module 02's tensor op on x @ w + b.
    let pre = Tensor::from_array((x.dot(&w) + &bias).into_dyn());
    let expected = tinytorch_activations::gelu(&pre).to_vec();
    let got = linear_bias_gelu(x.view(), w.view(), bias.view());
    for (g, e) in got.iter().zip(&expected) {
        assert_approx_eq!(*g, *e, 1e-6);
    }
}

#[test]
fn t17_4_fused_linear_matches_linear_then_activation() {
    let mut rng = seeded_rng(12);
    let linear = Linear::new(6, 4, &mut rng);
    linear.bias().unwrap().set(Tensor::randn(&[4], &mut rng));
    let x = Tensor::randn(&[3, 6], &mut rng);
    for act in [Activation::Relu, Activation::Gelu] {
        let fused = FusedLinear::new(linear.clone(), act);
        // Training path (parameters require grad): the recorded ops.
        let recorded = fused.forward(&x);
        assert!(
            recorded.op().is_some(),
            "a trainable FusedLinear records its ops"
        );
        // Inference path: the fused kernel.
        for p in fused.parameters() {
            p.set_requires_grad(false);
        }
        let inference = fused.forward(&x);
        assert!(inference.op().is_none());
        let pre = linear.forward(&x);
        let expected = match act {
            Activation::Relu => tinytorch_activations::relu(&pre),
            _ => tinytorch_activations::gelu(&pre),
        };
        for (got, e) in inference.to_vec().iter().zip(expected.to_vec()) {
            assert_approx_eq!(*got, e, 1e-6);
        }
        for p in fused.parameters() {
            p.set_requires_grad(true);
        }
    }
}

// ---- 17.5 Fused scaled, masked softmax ---------------------------------------------------

/// Asserts two arrays are equal within `atol`, NaN never matching.
#[track_caller]
fn assert_all_close(got: &ArrayD<f32>, expected: &ArrayD<f32>, atol: f32) {
    assert_eq!(got.shape(), expected.shape());
    for (idx, (g, e)) in got.iter().zip(expected).enumerate() {
        assert!(
            (g - e).abs() <= atol,
            "element {idx}: got {g}, expected {e}"
        );
    }
}

/// The causal mask `[s, s]`: 0 on and below the diagonal, -inf above.
fn causal(s: usize) -> ArrayD<f32> {
    ArrayD::from_shape_fn(IxDyn(&[s, s]), |i| {
        if i[1] > i[0] { f32::NEG_INFINITY } else { 0.0 }
    })
}

#[test]
fn t17_5_softmax_hand_computed() {
    // softmax([1, 2, 3]) = [e^-2, e^-1, 1] / (e^-2 + e^-1 + 1) = [0.090031, 0.244728, 0.665241]
    let mut s = array![[1.0_f32, 2.0, 3.0]].into_dyn();
    fused_scaled_masked_softmax(s.view_mut(), 1.0, None);
    assert_all_close(
        &s,
        &array![[0.090_031_f32, 0.244_728, 0.665_241]].into_dyn(),
        1e-6,
    );
    // Scale first: [2, 4, 6] * 0.5 = [1, 2, 3], the same distribution.
    let mut s = array![[2.0_f32, 4.0, 6.0]].into_dyn();
    fused_scaled_masked_softmax(s.view_mut(), 0.5, None);
    assert_all_close(
        &s,
        &array![[0.090_031_f32, 0.244_728, 0.665_241]].into_dyn(),
        1e-6,
    );
    // A blocked key gets exactly 0 and the others share the mass: softmax([1, 2]).
    let mut s = array![[1.0_f32, 2.0, 3.0]].into_dyn();
    let mask = array![[0.0_f32, 0.0, f32::NEG_INFINITY]].into_dyn();
    fused_scaled_masked_softmax(s.view_mut(), 1.0, Some(mask.view()));
    assert_all_close(
        &s,
        &array![[0.268_941_f32, 0.731_059, 0.0]].into_dyn(),
        1e-6,
    );
}

#[test]
fn t17_5_matches_unfused_with_a_causal_mask() {
    let scores = Tensor::randn(&[2, 3, 5, 5], &mut seeded_rng(20))
        .data()
        .clone()
        * 3.0;
    let mask = causal(5);
    let expected = unfused_scaled_masked_softmax(scores.view(), 0.35, Some(mask.view()));
    let mut got = scores.clone();
    fused_scaled_masked_softmax(got.view_mut(), 0.35, Some(mask.view()));
    assert_all_close(&got, &expected, 1e-6);
    // Row 0 of every head attends only to key 0.
    assert!(
        got.lanes(ndarray::Axis(3))
            .into_iter()
            .step_by(5)
            .all(|r| r[0] == 1.0)
    );
    // And without a mask.
    let expected = unfused_scaled_masked_softmax(scores.view(), 0.35, None);
    let mut got = scores.clone();
    fused_scaled_masked_softmax(got.view_mut(), 0.35, None);
    assert_all_close(&got, &expected, 1e-6);
}

#[test]
fn t17_5_padding_mask_broadcasts_over_heads_and_queries() {
    // Two sequences of lengths 5 and 2, mask [2, 1, 1, 5] against scores [2, 2, 3, 5].
    let lengths = [5, 2];
    let mask = ArrayD::from_shape_fn(IxDyn(&[2, 1, 1, 5]), |i| {
        if i[3] >= lengths[i[0]] {
            f32::NEG_INFINITY
        } else {
            0.0
        }
    });
    let mut s = Tensor::randn(&[2, 2, 3, 5], &mut seeded_rng(21))
        .data()
        .clone();
    fused_scaled_masked_softmax(s.view_mut(), 1.0, Some(mask.view()));
    for ((b, h, q), row) in (0..2)
        .flat_map(|b| (0..2).flat_map(move |h| (0..3).map(move |q| (b, h, q))))
        .zip(s.lanes(ndarray::Axis(3)))
    {
        assert_approx_eq!(row.sum(), 1.0, 1e-6);
        for key in lengths[b]..5 {
            assert_eq!(
                row[key], 0.0,
                "batch {b} head {h} query {q}: padded key {key}"
            );
        }
    }
}

#[test]
fn t17_5_large_scores_do_not_overflow() {
    // exp(1000) = inf in float32: only the max subtraction keeps this finite.
    let mut s = array![[1000.0_f32, 1001.0, 999.0]].into_dyn();
    fused_scaled_masked_softmax(s.view_mut(), 1.0, None);
    // softmax([1, 2, 0]) = [e^-1, 1, e^-2] / (e^-1 + 1 + e^-2)
    assert_all_close(
        &s,
        &array![[0.244_728_f32, 0.665_241, 0.090_031]].into_dyn(),
        1e-6,
    );
    let mut s = array![[-1000.0_f32, -1001.0]].into_dyn();
    fused_scaled_masked_softmax(s.view_mut(), 1.0, None);
    assert_all_close(&s, &array![[0.731_059_f32, 0.268_941]].into_dyn(), 1e-6);
}

#[test]
fn t17_5_fully_masked_row_is_zeros_not_nan() {
    let inf = f32::NEG_INFINITY;
    let mut s = array![[1.0_f32, 2.0], [3.0, 4.0]].into_dyn();
    let mask = array![[inf, inf], [0.0, 0.0]].into_dyn();
    fused_scaled_masked_softmax(s.view_mut(), 1.0, Some(mask.view()));
    assert!(s.iter().all(|v| !v.is_nan()), "NaN in {s}");
    assert_eq!(s[[0, 0]], 0.0);
    assert_eq!(s[[0, 1]], 0.0);
    assert_approx_eq!(s[[1, 0]] + s[[1, 1]], 1.0, 1e-6);
    // A row of -inf scores (no mask) is fully masked too.
    let mut s = array![[inf, inf, inf]].into_dyn();
    fused_scaled_masked_softmax(s.view_mut(), 1.0, None);
    assert_eq!(s, array![[0.0_f32, 0.0, 0.0]].into_dyn());
}

#[test]
fn t17_5_finite_mask_is_added_after_scaling() {
    // An additive bias mask (ALiBi-style): softmax(scale * s + m), the mask NOT scaled.
    // 0.5 * [2, 2, 2] + [0, -1, -2] = [1, 0, -1]: softmax = [0.665241, 0.244728, 0.090031].
    let mut s = array![[2.0_f32, 2.0, 2.0]].into_dyn();
    let mask = array![0.0_f32, -1.0, -2.0].into_dyn(); // [3] broadcasts over the rows
    fused_scaled_masked_softmax(s.view_mut(), 0.5, Some(mask.view()));
    assert_all_close(
        &s,
        &array![[0.665_241_f32, 0.244_728, 0.090_031]].into_dyn(),
        1e-6,
    );
}

// ---- 17.6 Batched inference ----------------------------------------------------------------

/// A frozen MLP 8 -> 16 -> 3.
fn mlp(seed: u64) -> Sequential {
    let mut rng = seeded_rng(seed);
    let model = Sequential::new()
        .add(Linear::new(8, 16, &mut rng))
        .add(Relu)
        .add(Linear::new(16, 3, &mut rng));
    for p in model.parameters() {
        p.set_requires_grad(false);
    }
    model
}

/// `model` on one sample: add a batch axis of 1, run, drop it.
fn one(model: &dyn Module, sample: &Tensor) -> Vec<f32> {
    let mut shape = vec![1];
    shape.extend_from_slice(sample.shape());
    model.forward(&sample.reshape(&shape)).to_vec()
}

#[test]
fn t17_6_batched_equals_per_sample() {
    let model = mlp(30);
    let mut rng = seeded_rng(31);
    let samples: Vec<Tensor> = (0..10).map(|_| Tensor::randn(&[8], &mut rng)).collect();
    for batch in [1, 3, 4, 10, 16] {
        let out = batched_forward(&model, &samples, batch).unwrap();
        assert_eq!(out.len(), 10, "batch {batch}");
        for (i, (o, s)) in out.iter().zip(&samples).enumerate() {
            assert_eq!(o.shape(), &[3], "batch {batch}, sample {i}");
            for (g, e) in o.to_vec().iter().zip(one(&model, s)) {
                assert_approx_eq!(*g, e, 1e-5);
            }
        }
    }
}

#[test]
fn t17_6_batched_cnn_equals_per_sample() {
    let cnn = simple_cnn(3);
    let mut rng = seeded_rng(32);
    let images: Vec<Tensor> = (0..5)
        .map(|_| Tensor::randn(&[1, 8, 8], &mut rng))
        .collect();
    let out = batched_forward(&cnn, &images, 2).unwrap();
    assert_eq!(out.len(), 5);
    for (o, image) in out.iter().zip(&images) {
        assert_eq!(o.shape(), &[10]);
        for (g, e) in o.to_vec().iter().zip(one(&cnn, image)) {
            assert_approx_eq!(*g, e, 1e-5);
        }
    }
}

/// A model that records the batch size of every forward call, then runs `inner`.
struct Counting {
    inner: Sequential,
    calls: Mutex<Vec<usize>>,
}

impl Module for Counting {
    fn forward(&self, x: &Tensor) -> Tensor {
        self.calls.lock().unwrap().push(x.shape()[0]);
        self.inner.forward(x)
    }
    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        self.inner.named_parameters()
    }
    fn name(&self) -> String {
        "Counting".into()
    }
}

#[test]
fn t17_6_one_forward_call_per_batch() {
    let model = Counting {
        inner: mlp(33),
        calls: Mutex::new(Vec::new()),
    };
    let samples: Vec<Tensor> = (0..10)
        .map(|i| Tensor::full(&[8], i as f32 / 10.0))
        .collect();
    batched_forward(&model, &samples, 4).unwrap();
    // 10 samples in batches of 4: ceil(10 / 4) = 3 calls, the last one with the remainder.
    assert_eq!(*model.calls.lock().unwrap(), vec![4, 4, 2]);
    model.calls.lock().unwrap().clear();
    batched_forward(&model, &samples, 32).unwrap();
    assert_eq!(*model.calls.lock().unwrap(), vec![10]);
    model.calls.lock().unwrap().clear();
    assert_eq!(batched_forward(&model, &[], 4).unwrap().len(), 0);
    assert!(
        model.calls.lock().unwrap().is_empty(),
        "no samples, no forward call"
    );
}

/// A model that sums over the batch: its output has no batch axis.
struct Pooling;

impl Module for Pooling {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.sum(0, false)
    }
    fn name(&self) -> String {
        "Pooling".into()
    }
}

#[test]
fn t17_6_output_without_the_batch_axis_is_an_error() {
    let samples = vec![Tensor::ones(&[3]); 4];
    let err = batched_forward(&Pooling, &samples, 4).unwrap_err();
    assert_eq!(
        err,
        AccelError::BatchOutput {
            batch: 4,
            found: vec![3]
        }
    );
}

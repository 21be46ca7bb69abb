//! Course infrastructure (not graded): the fast INT8 kernels (shared code) against the
//! plain definitions, on odd shapes and extreme codes. On a CPU without AVX2 the AVX2
//! checks are skipped, saying so.

mod common;

use common::{naive_gemm, params, random_i8};
use rand::Rng;
use tinytorch_quantization::{Int8Kernel, QuantParams, gemm_i8_fast};
use tinytorch_tensor::seeded_rng;

/// `C[i, j] = sum_p A[i, p] * B[j, p]` (B packed, `[n, k]`), in i64: the definition.
fn naive(a: &[i8], b_packed: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    naive_gemm(a, (m, k, n), |p, j| b_packed[j * k + p])
}

/// The AVX2 kernel, or `None` (with a note) on a CPU without it.
fn avx2() -> Option<Int8Kernel> {
    let available = Int8Kernel::Avx2.is_available();
    if !available {
        eprintln!("no AVX2 on this CPU: the AVX2 kernel is not tested here");
    }
    available.then_some(Int8Kernel::Avx2)
}

#[test]
fn avx2_gemm_matches_the_definition_on_odd_shapes() {
    let Some(kernel) = avx2() else { return };
    let mut rng = seeded_rng(21);
    // Every remainder: rows (m % 3), columns (n % 3), and the last partial 16-lane chunk
    // of k (k % 16), alone and together; plus blocks of columns (n > 16 KiB / k).
    let sizes = [1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 33];
    let mut shapes = Vec::new();
    for &m in &sizes {
        for &k in &sizes {
            shapes.extend(sizes.iter().map(|&n| (m, k, n)));
        }
    }
    shapes.extend([(9, 300, 70), (4, 1000, 40), (1, 4097, 5), (37, 64, 129)]);
    for (m, k, n) in shapes {
        let a = random_i8(m * k, &mut rng);
        let b = random_i8(n * k, &mut rng);
        assert_eq!(
            kernel.gemm(&a, &b, m, k, n),
            naive(&a, &b, m, k, n),
            "m={m} k={k} n={n}"
        );
    }
}

#[test]
fn avx2_gemm_is_exact_at_the_extreme_codes() {
    let Some(kernel) = avx2() else { return };
    // -128 * -128 pairs are the one case where a 16-bit multiply-add could saturate;
    // 2^15 of them sum to 2^29 (the most a layer may accumulate, MAX_IN_FEATURES inputs).
    let k = 1 << 15;
    for (x, y) in [(-128i8, -128i8), (-128, 127), (127, 127), (127, -128)] {
        let (m, n) = (4, 5);
        let a = vec![x; m * k];
        let b = vec![y; n * k];
        let expected = i32::from(x) * i32::from(y) * k as i32;
        assert_eq!(
            kernel.gemm(&a, &b, m, k, n),
            vec![expected; m * n],
            "{x} * {y}"
        );
    }
    // Alternating extremes within a row, over an odd length (a partial last chunk).
    let k = 1001;
    let a: Vec<i8> = (0..3 * k)
        .map(|i| if i % 2 == 0 { -128 } else { 127 })
        .collect();
    let b: Vec<i8> = (0..2 * k)
        .map(|i| if i % 3 == 0 { 127 } else { -128 })
        .collect();
    assert_eq!(kernel.gemm(&a, &b, 3, k, 2), naive(&a, &b, 3, k, 2));
}

#[test]
fn empty_and_degenerate_shapes() {
    let Some(kernel) = avx2() else { return };
    assert_eq!(kernel.gemm(&[], &[], 0, 5, 0), Vec::<i32>::new());
    assert_eq!(kernel.gemm(&[], &[], 2, 0, 3), vec![0; 6]);
    assert_eq!(kernel.gemm(&[1, 2], &[], 1, 2, 0), Vec::<i32>::new());
}

#[test]
fn fast_path_is_the_detected_kernel() {
    let mut rng = seeded_rng(5);
    let (m, k, n) = (6, 40, 9);
    let (a, b) = (random_i8(m * k, &mut rng), random_i8(n * k, &mut rng));
    assert!(Int8Kernel::detect().is_available());
    assert_eq!(gemm_i8_fast(&a, &b, m, k, n), naive(&a, &b, m, k, n));
}

/// The definition of a code: `clamp(round(x / scale) + zero_point, -128, 127)`, rounding
/// half away from zero, NaN as 0, computed without saturating tricks (in f64).
fn code(x: f32, p: QuantParams) -> i8 {
    let scaled = f64::from(x / p.scale);
    let scaled = if scaled.is_nan() { 0.0 } else { scaled.round() };
    (scaled + f64::from(p.zero_point)).clamp(-128.0, 127.0) as i8
}

#[test]
fn avx2_quantizer_matches_the_definition() {
    let Some(kernel) = avx2() else { return };
    let mut rng = seeded_rng(8);
    let params = [
        params(0.5, 0),
        params(3.0 / 255.0, -43),
        params(1e-3, 127),
        params(7.0, -128),
    ];
    // Ties (k + 0.5 steps, both signs), values just below and above a tie, huge values,
    // infinities, NaN, signed zeros and subnormals, then random values; every length up
    // to 70 so each tail of the 32-value steps is exercised.
    let mut special = vec![0.0, -0.0, 1e-40, -1e-40, 1e30, -1e30];
    special.extend([
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::MAX,
        f32::MIN,
    ]);
    for p in params {
        let mut values = special.clone();
        for steps in -200..200 {
            let tie = (steps as f32 + 0.5) * p.scale;
            values.extend([tie, tie.next_down(), tie.next_up()]);
        }
        values.extend((0..500).map(|_| rng.random_range(-300.0..300.0f32) * p.scale));
        let expected: Vec<i8> = values.iter().map(|&x| code(x, p)).collect();
        let mut codes = vec![0i8; values.len()];
        kernel.quantize(&values, p, &mut codes);
        for (i, ((&x, &got), &want)) in values.iter().zip(&codes).zip(&expected).enumerate() {
            assert_eq!(got, want, "value {i} = {x:e} with {p:?}");
        }
        for len in 0..70 {
            let mut short = vec![0i8; len];
            kernel.quantize(&values[..len], p, &mut short);
            assert_eq!(short, expected[..len], "length {len}");
        }
    }
}

/// Every f32 bit pattern through the AVX2 quantizer with scale 1 and zero point 0 (so the
/// code is the clamped `round(x)`), against the definition. About 4.3 billion values:
/// run it in release, `cargo test --release -p tinytorch-quantization --test kernel --
/// --ignored`.
#[test]
#[ignore = "exhaustive: about 20 s in release"]
fn avx2_quantizer_matches_on_every_f32() {
    let Some(kernel) = avx2() else { return };
    let p = params(1.0, 0);
    const CHUNK: u64 = 1 << 20;
    let (mut values, mut codes) = (vec![0.0f32; CHUNK as usize], vec![0i8; CHUNK as usize]);
    for start in (0..1u64 << 32).step_by(CHUNK as usize) {
        for (offset, v) in values.iter_mut().enumerate() {
            *v = f32::from_bits((start + offset as u64) as u32);
        }
        kernel.quantize(&values, p, &mut codes);
        for (&x, &got) in values.iter().zip(&codes) {
            assert_eq!(got, code(x, p), "{x:e} (bits {:#x})", x.to_bits());
        }
    }
}

//! Graded tests for module 15 (Quantization). Test `t15_k_*` grades task 15.k.
//!
//! Values are checked against hand-computed answers (the arithmetic is in the comments),
//! against naive reference computations, and against the error bounds of the math.

mod common;

use assert_approx_eq::assert_approx_eq;
use common::{naive_gemm, params, per_row_weight, random_i8};
use tinytorch_activations::Relu;
use tinytorch_convolutions::{Conv2d, MaxPool2d, conv2d, simple_cnn};
use tinytorch_dataloader::{default_digits_path, load_digits};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_quantization::{
    BIAS_CODE_LIMIT, Calibrator, Granularity, QuantError, QuantParams, QuantizedConv2d,
    QuantizedLayer, QuantizedLinear, Scheme, choose_params, dequantize, gemm_i8, load,
    max_error_in_steps, pack_b, quantize, quantize_bias, quantize_model, quantize_value, save,
    sqnr_db, stored_size,
};
use tinytorch_tensor::testing::{assert_close, assert_slice_close};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_training::{DIGITS_SEED, accuracy, save_checkpoint, train_digit_mlp};

/// A constant tensor.
fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

/// A file in the system temp directory, distinct per test and process.
fn temp_file(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("t15-{}-{name}", std::process::id()))
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_quantization::editions());
}

// ---- 15.1 Scale and zero point ------------------------------------------------------

#[test]
fn t15_1_asymmetric_params_hand_computed() {
    // [-1, 2]: scale = 3 / 255 = 0.011765; zero point = round(-128 - (-1) / (3/255))
    // = round(-128 + 85) = -43.
    let p = choose_params(-1.0, 2.0, Scheme::Asymmetric);
    assert_approx_eq!(p.scale, 3.0 / 255.0, 1e-9);
    assert_eq!(p.zero_point, -43);
    // [0.5, 1.5] is widened to [0, 1.5] so that 0 is a code: scale 1.5 / 255, zero -128.
    let p = choose_params(0.5, 1.5, Scheme::Asymmetric);
    assert_approx_eq!(p.scale, 1.5 / 255.0, 1e-9);
    assert_eq!(p.zero_point, -128);
    // [-2, -1] is widened to [-2, 0]: scale 2 / 255, zero = round(-128 + 255) = 127.
    let p = choose_params(-2.0, -1.0, Scheme::Asymmetric);
    assert_approx_eq!(p.scale, 2.0 / 255.0, 1e-9);
    assert_eq!(p.zero_point, 127);
}

#[test]
fn t15_1_symmetric_params_hand_computed() {
    // max |x| = 2.54: scale 2.54 / 127 = 0.02, zero point 0.
    let p = choose_params(-0.5, 2.54, Scheme::Symmetric);
    assert_approx_eq!(p.scale, 0.02, 1e-9);
    assert_eq!(p.zero_point, 0);
    // max |x| = 3 comes from the minimum: scale 3 / 127.
    let p = choose_params(-3.0, 1.0, Scheme::Symmetric);
    assert_approx_eq!(p.scale, 3.0 / 127.0, 1e-9);
    assert_eq!(p.zero_point, 0);
}

#[test]
fn t15_1_zero_and_constant_ranges() {
    // An all-zero range must not divide by zero: scale 1 (any positive scale represents 0).
    let asym = choose_params(0.0, 0.0, Scheme::Asymmetric);
    assert_eq!(asym, params(1.0, -128));
    let sym = choose_params(0.0, 0.0, Scheme::Symmetric);
    assert_eq!(sym, params(1.0, 0));
    // A constant 5 is the range [0, 5] after widening: scale 5 / 255, zero point -128.
    let p = choose_params(5.0, 5.0, Scheme::Asymmetric);
    assert_approx_eq!(p.scale, 5.0 / 255.0, 1e-9);
    assert_eq!(p.zero_point, -128);
}

// ---- 15.2 Quantize and dequantize ---------------------------------------------------

#[test]
fn t15_2_asymmetric_per_tensor_hand_computed() {
    // min -1, max 2: scale s = 3/255, zero point -43 (see t15_1). q = round(x / s) - 43:
    //   -1 -> -85 - 43 = -128     0 -> -43     2 -> 170 - 43 = 127
    //  0.5 -> round(42.5) - 43 = 0 (f32 gives x / s = 42.5 exactly; half away from zero)
    //  1.5 -> round(127.5) - 43 = 85      -0.5 -> round(-42.5) - 43 = -86
    let x = t(&[-1.0, 0.0, 2.0, 0.5, 1.5, -0.5], &[2, 3]);
    let q = quantize(&x, Scheme::Asymmetric, Granularity::PerTensor);
    assert_eq!(q.values, vec![-128, -43, 127, 0, 85, -86]);
    assert_eq!(q.shape, vec![2, 3]);
    assert_eq!(q.axis, None);
    assert_eq!(q.params.len(), 1);
    assert_eq!(q.params[0].zero_point, -43);
    // Back: (q + 43) * 3/255 = -85 s, 0, 170 s, 43 s, 128 s, -43 s.
    let s = 3.0 / 255.0;
    let expected = [-85.0 * s, 0.0, 170.0 * s, 43.0 * s, 128.0 * s, -43.0 * s];
    assert_close(&dequantize(&q), &[2, 3], &expected, 1e-6);
    // 0 is exact; every value within half a step.
    assert_eq!(dequantize(&q).to_vec()[1], 0.0);
    assert!(max_error_in_steps(&x, &dequantize(&q), &q) <= 0.5 + 1e-3);
}

#[test]
fn t15_2_symmetric_per_channel_scales() {
    // Rows (axis 0) of very different size get their own scale: max |row 0| = 1, max
    // |row 1| = 100, so scales 1/127 and 100/127 and both rows use the full code range.
    let w = t(&[-1.0, 0.5, 1.0, -100.0, 50.0, 25.0], &[2, 3]);
    let q = quantize(&w, Scheme::Symmetric, Granularity::PerChannel { axis: 0 });
    assert_eq!(q.axis, Some(0));
    assert_eq!(q.params.len(), 2);
    assert_approx_eq!(q.params[0].scale, 1.0 / 127.0, 1e-9);
    assert_approx_eq!(q.params[1].scale, 100.0 / 127.0, 1e-6);
    assert!(q.params.iter().all(|p| p.zero_point == 0));
    // 0.5 * 127 = 63.5 -> 64; 50 / (100/127) = 63.5 -> 64; 25 * 1.27 = 31.75 -> 32.
    assert_eq!(q.values, vec![-127, 64, 127, -127, 64, 32]);

    // Columns (axis 1): max |col| = 100, 50, 25.
    let q = quantize(&w, Scheme::Symmetric, Granularity::PerChannel { axis: 1 });
    assert_eq!(q.params.len(), 3);
    let scales: Vec<f32> = q.params.iter().map(|p| p.scale).collect();
    assert_slice_close(&scales, &[100.0 / 127.0, 50.0 / 127.0, 25.0 / 127.0], 1e-6);
    // Column 0: -1 / (100/127) = -1.27 -> -1, -100 -> -127. Column 1: 0.5 / (50/127) =
    // 1.27 -> 1, 50 -> 127. Column 2: 1 / (25/127) = 5.08 -> 5, 25 -> 127.
    assert_eq!(q.values, vec![-1, 1, 5, -127, 127, 127]);
    let back = dequantize(&q);
    assert!(max_error_in_steps(&w, &back, &q) <= 0.5 + 1e-3);
}

#[test]
fn t15_2_constant_tensors() {
    // All zeros: every code is the zero point, and it dequantizes to exactly 0.
    let zeros = Tensor::zeros(&[3, 4]);
    for scheme in [Scheme::Asymmetric, Scheme::Symmetric] {
        let q = quantize(&zeros, scheme, Granularity::PerTensor);
        assert!(q.params[0].scale.is_finite() && q.params[0].scale > 0.0);
        assert!(
            q.values
                .iter()
                .all(|&v| i32::from(v) == q.params[0].zero_point)
        );
        assert_eq!(dequantize(&q).to_vec(), vec![0.0; 12]);
    }
    // A constant 3: range [0, 3], scale 3/255, zero point -128, code 255 - 128 = 127,
    // back to (127 + 128) * 3/255 = 3.
    let threes = Tensor::full(&[5], 3.0);
    let q = quantize(&threes, Scheme::Asymmetric, Granularity::PerTensor);
    assert_eq!(q.values, vec![127; 5]);
    assert_close(&dequantize(&q), &[5], &[3.0; 5], 1e-6);
}

#[test]
fn t15_2_round_trip_within_half_a_step() {
    let x = Tensor::randn(&[8, 16, 3], &mut seeded_rng(5)).mul_scalar(3.0);
    for scheme in [Scheme::Asymmetric, Scheme::Symmetric] {
        for granularity in [
            Granularity::PerTensor,
            Granularity::PerChannel { axis: 0 },
            Granularity::PerChannel { axis: 1 },
            Granularity::PerChannel { axis: 2 },
        ] {
            let q = quantize(&x, scheme, granularity);
            let back = dequantize(&q);
            let err = max_error_in_steps(&x, &back, &q);
            assert!(err <= 0.5 + 1e-3, "{scheme:?} {granularity:?}: {err} steps");
            // Gaussian data over ~255 steps: ~40 dB (each bit ~6 dB, minus the tails).
            let sqnr = sqnr_db(&x, &back);
            assert!(sqnr > 30.0, "{scheme:?} {granularity:?}: SQNR {sqnr} dB");
        }
    }
}

#[test]
fn t15_2_out_of_range_values_clamp() {
    // scale 0.1, zero point 100: 5.0 -> 50 + 100 = 150 must clamp to 127 (not wrap to
    // 150 - 256 = -106); -30.0 -> -300 + 100 = -200 clamps to -128.
    let p = params(0.1, 100);
    assert_eq!(quantize_value(5.0, p), 127);
    assert_eq!(quantize_value(-30.0, p), -128);
    assert_eq!(quantize_value(1.0, p), 110);
    assert_eq!(quantize_value(0.0, p), 100);
    // Half away from zero: 0.25 / 0.1 = 2.5 (in f32: 2.4999998 or 2.5) -> 2 or 3; use an
    // exact binary case instead: 0.75 / 0.5 = 1.5 -> 2, -0.75 / 0.5 = -1.5 -> -2.
    let half = params(0.5, 0);
    assert_eq!(quantize_value(0.75, half), 2);
    assert_eq!(quantize_value(-0.75, half), -2);
    // Far beyond the range: 1e30 / 0.1 saturates the cast to i32::MAX; adding the zero
    // point must not overflow (and wrap to a negative code).
    assert_eq!(quantize_value(1e30, p), 127);
    assert_eq!(quantize_value(f32::INFINITY, p), 127);
    assert_eq!(quantize_value(-1e30, p), -128);
}

// ---- 15.3 The INT8 GEMM kernel ------------------------------------------------------

/// The naive triple loop in i64 over row-major `B` `[k, n]`: the answer the kernel must
/// match exactly.
fn naive(a: &[i8], b: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    naive_gemm(a, (m, k, n), |p, j| b[p * n + j])
}

#[test]
fn t15_3_pack_b_transposes() {
    // [[1, 2, 3], [4, 5, 6]] -> [[1, 4], [2, 5], [3, 6]]
    assert_eq!(pack_b(&[1, 2, 3, 4, 5, 6], 2, 3), vec![1, 4, 2, 5, 3, 6]);
}

#[test]
fn t15_3_gemm_small_hand_computed() {
    // [[1, 2], [-3, 4]] @ [[5, -6, 7], [8, 9, -10]]
    // = [[1*5 + 2*8, -6 + 18, 7 - 20], [-15 + 32, 18 + 36, -21 - 40]] = [[21, 12, -13], [17, 54, -61]]
    let c = gemm_i8(&[1, 2, -3, 4], &[5, -6, 7, 8, 9, -10], 2, 2, 3);
    assert_eq!(c, vec![21, 12, -13, 17, 54, -61]);
}

#[test]
fn t15_3_gemm_matches_naive_exactly() {
    let mut rng = seeded_rng(15);
    for &(m, k, n) in &[
        (1, 1, 1),
        (3, 5, 7),
        (7, 300, 13),
        (33, 64, 70),
        (2, 1000, 3),
    ] {
        let a = random_i8(m * k, &mut rng);
        let b = random_i8(k * n, &mut rng);
        assert_eq!(
            gemm_i8(&a, &b, m, k, n),
            naive(&a, &b, m, k, n),
            "m={m} k={k} n={n}"
        );
    }
}

#[test]
fn t15_3_gemm_accumulates_without_overflow() {
    // 2000 products of (-128) * (-128) = 16384 each: 32,768,000, far beyond i16 (32,767);
    // and 127 * (-128) = -16256 each: -32,512,000.
    let k = 2000;
    let a = vec![-128i8; k];
    let mut b = vec![-128i8; k * 2];
    for p in 0..k {
        b[p * 2 + 1] = 127;
    }
    assert_eq!(gemm_i8(&a, &b, 1, k, 2), vec![32_768_000, -32_512_000]);
}

// ---- 15.4 QuantizedLinear and calibration -------------------------------------------

#[test]
fn t15_4_calibrators_hand_computed() {
    // 0, 1, ..., 1000 in two samples: min/max 0 and 1000; the 99th percentile is at
    // index round(0.99 * 1000) = 990 and the 1st at round(0.01 * 1000) = 10.
    let a = Tensor::arange(0.0, 500.0, 1.0);
    let b = Tensor::arange(500.0, 1001.0, 1.0);
    let samples = [b, a];
    assert_eq!(Calibrator::MinMax.range(&samples).unwrap(), (0.0, 1000.0));
    assert_eq!(
        Calibrator::Percentile(99.0).range(&samples).unwrap(),
        (10.0, 990.0)
    );
    assert_eq!(
        Calibrator::Percentile(100.0).range(&samples).unwrap(),
        (0.0, 1000.0)
    );
}

#[test]
fn t15_4_calibration_errors() {
    let x = [Tensor::ones(&[2, 4])];
    assert_eq!(
        Calibrator::MinMax.range(&[]),
        Err(QuantError::NoCalibrationData)
    );
    assert_eq!(
        Calibrator::Percentile(30.0).range(&x),
        Err(QuantError::InvalidPercentile { p: 30.0 })
    );
    let nan = [t(&[1.0, f32::NAN], &[2])];
    assert_eq!(
        Calibrator::MinMax.range(&nan),
        Err(QuantError::NonFiniteCalibration)
    );
    let linear = Linear::new(3, 2, &mut seeded_rng(0));
    assert_eq!(
        QuantizedLinear::from_linear(&linear, &[]),
        Err(QuantError::NoCalibrationData)
    );
    let err = QuantizedLinear::from_linear(&linear, &x).unwrap_err();
    assert!(
        matches!(err, QuantError::CalibrationShape { in_features: 3, .. }),
        "{err:?}"
    );
}

#[test]
fn t15_4_the_percentile_must_lie_above_50() {
    // 50 < p <= 100: p = 50 would give the median twice, a range of width 0.
    let x = [Tensor::arange(0.0, 11.0, 1.0)];
    assert_eq!(
        Calibrator::Percentile(50.0).range(&x),
        Err(QuantError::InvalidPercentile { p: 50.0 })
    );
    assert_eq!(
        Calibrator::Percentile(100.5).range(&x),
        Err(QuantError::InvalidPercentile { p: 100.5 })
    );
    // Just above 50: index round(0.51 * 10) = 5 for both ends, round(0.49 * 10) = 5.
    assert_eq!(Calibrator::Percentile(51.0).range(&x), Ok((5.0, 5.0)));
}

#[test]
fn t15_4_quantize_bias_hand_computed() {
    // Input scale 0.5; weight scales 0.5, 0.25, 1.0: steps s_x * s_w = 0.25, 0.125, 0.5
    // (exact in binary). 1.0 / 0.25 = 4; -0.3125 / 0.125 = -2.5 -> -3 (half away from
    // zero; truncating gives -2); 0.8 / 0.5 = 1.6 -> 2 (truncating gives 1).
    let w = [0.5, 0.25, 1.0].map(|scale| params(scale, 0));
    assert_eq!(
        quantize_bias(&[1.0, -0.3125, 0.8], 0.5, &w).unwrap(),
        vec![4, -3, 2]
    );
    // -0.9 / 0.25 = -3.6 -> -4 (truncating gives -3).
    assert_eq!(quantize_bias(&[-0.9], 0.5, &w[..1]).unwrap(), vec![-4]);
    // A bias of 1 on steps of 1e-5 * 1e-5 = 1e-10 is 1e10 steps: beyond 2^29, an error
    // that names the channel.
    let tiny = [params(1.0, 0), params(1e-5, 0)];
    let err = quantize_bias(&[0.0, 1.0], 1e-5, &tiny).unwrap_err();
    assert!(
        matches!(err, QuantError::BiasOutOfRange { channel: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn t15_4_a_bias_code_exactly_at_the_limit_is_kept() {
    // Steps of 1 * 1 = 1: a bias of 2^29 is the code 2^29 = BIAS_CODE_LIMIT, not beyond it,
    // so it is kept (either sign); the next f32, 2^29 + 64, is beyond it.
    let limit = BIAS_CODE_LIMIT as f32;
    let w = [params(1.0, 0), params(1.0, 0)];
    assert_eq!(
        quantize_bias(&[limit, -limit], 1.0, &w).unwrap(),
        vec![BIAS_CODE_LIMIT, -BIAS_CODE_LIMIT]
    );
    let err = quantize_bias(&[0.0, limit + 64.0], 1.0, &w).unwrap_err();
    assert!(
        matches!(err, QuantError::BiasOutOfRange { channel: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn t15_4_from_linear_layout_and_params() {
    // W [in 2, out 3] = [[1, -2, 0.5], [-4, 1, 0.25]]: per output channel j (a column of
    // W, a row of the stored [out, in] weight) max |w| = 4, 2, 0.5.
    let w = t(&[1.0, -2.0, 0.5, -4.0, 1.0, 0.25], &[2, 3]);
    let b = t(&[0.1, 0.25, -0.3], &[3]);
    let linear = Linear::from_parameters(w, Some(b)).unwrap();
    // Calibration range [-1, 2]: scale 3/255, zero point -43 (as t15_1).
    let q = QuantizedLinear::from_linear(&linear, &[t(&[-1.0, 2.0, 0.5, 0.0], &[2, 2])]).unwrap();
    assert_eq!(q.input.zero_point, -43);
    assert_approx_eq!(q.input.scale, 3.0 / 255.0, 1e-9);
    assert_eq!(q.weight.shape, vec![3, 2]);
    assert_eq!(q.weight.axis, Some(0));
    let scales: Vec<f32> = q.weight.params.iter().map(|p| p.scale).collect();
    assert_slice_close(&scales, &[4.0 / 127.0, 2.0 / 127.0, 0.5 / 127.0], 1e-7);
    assert!(q.weight.params.iter().all(|p| p.zero_point == 0));
    // Row j = column j of W: [1, -4] / (4/127) = [31.75, -127] -> [32, -127];
    // [-2, 1] / (2/127) -> [-127, 63.5 -> 64]; [0.5, 0.25] / (0.5/127) -> [127, 63.5 -> 64].
    assert_eq!(q.weight.values, vec![32, -127, -127, 64, 127, 64]);
    assert_eq!(q.weight_sums, vec![-95, -63, 191]);
    // Bias codes b / (s_x * s_w): 0.1 / (3/255 * 4/127) = 0.1 * 32385 / 12 = 269.875 -> 270;
    // 0.25 * 32385 / 6 = 1349.375 -> 1349; -0.3 * 32385 / 1.5 = -6477.
    assert_eq!(q.bias, vec![270, 1349, -6477]);
    assert_slice_close(&q.bias_f32(), &[0.1, 0.25, -0.3], 2e-4);
}

#[test]
fn t15_4_forward_rows_hand_computed() {
    // Two outputs. Weight codes [[2, -1], [0, 3]], scales 0.5 and 0.25; input scale 0.25,
    // zero point 4; bias codes [8, -2].
    let weight = per_row_weight(vec![2, -1, 0, 3], &[2, 2], &[0.5, 0.25]);
    let input = params(0.25, 4);
    let layer = QuantizedLinear::from_parts(weight, vec![8, -2], input).unwrap();
    // x = [1, 0.5] -> codes [8, 6]; x = [-1, 0] -> [0, 4].
    // Row 0, output 0: 8*2 + 6*(-1) = 10, - 4 * (2 - 1) = 6, + 8 = 14, * 0.125 = 1.75.
    // Row 0, output 1: 6*3 = 18, - 4 * 3 = 6, - 2 = 4, * 0.0625 = 0.25.
    // Row 1, output 0: 0*2 + 4*(-1) = -4, - 4 * 1 = -8, + 8 = 0.
    // Row 1, output 1: 12 - 12 = 0, - 2 = -2, * 0.0625 = -0.125.
    assert_eq!(
        layer.forward_rows(&[1.0, 0.5, -1.0, 0.0], 2),
        vec![1.75, 0.25, 0.0, -0.125]
    );
    // Module::forward keeps the leading axes: [2, 1, 2] -> [2, 1, 2].
    let y = layer.forward(&t(&[1.0, 0.5, -1.0, 0.0], &[2, 1, 2]));
    assert_close(&y, &[2, 1, 2], &[1.75, 0.25, 0.0, -0.125], 0.0);
}

/// The simulated-quantization reference: x quantized and dequantized with the layer's
/// input parameters, times the dequantized weight, plus the dequantized bias, in f32.
fn simulated(q: &QuantizedLinear, x: &Tensor) -> Tensor {
    let w_hat = dequantize(&q.weight).t(); // [in, out]
    let bias = Tensor::from_vec(q.bias_f32(), &[q.out_features]).unwrap();
    fake_quantize(x, q.input).matmul(&w_hat).add(&bias)
}

/// `x` quantized and dequantized with `p`, in f32.
fn fake_quantize(x: &Tensor, p: QuantParams) -> Tensor {
    Tensor::from_array(x.data().mapv(|v| {
        let code = ((v / p.scale).round() as i32 + p.zero_point).clamp(-128, 127);
        (code - p.zero_point) as f32 * p.scale
    }))
}

#[test]
fn t15_4_forward_matches_simulated_quantization() {
    let mut rng = seeded_rng(3);
    // 50 inputs and 20 outputs, 5 rows: none a multiple of a kernel's tile or lane count.
    let linear = Linear::new(50, 20, &mut rng);
    linear.bias().unwrap().set(Tensor::randn(&[20], &mut rng));
    // Non-negative inputs (as after a ReLU): zero point -128, so a forward that forgets
    // the zero-point correction is off by 128 * s_x * s_w * sum(w) per output.
    let calibration = vec![Tensor::rand_uniform(&[64, 50], 0.0, 2.0, &mut rng)];
    let q = QuantizedLinear::from_linear(&linear, &calibration).unwrap();
    assert_eq!(q.input.zero_point, -128);
    let x = Tensor::rand_uniform(&[5, 50], 0.0, 2.0, &mut rng);
    let y = q.forward(&x);
    assert_eq!(y.shape(), &[5, 20]);
    // Same quantized numbers, only f32 vs exact integer arithmetic: ~1e-6 relative.
    assert_close(&y, &[5, 20], &simulated(&q, &x).to_vec(), 1e-4);

    // Signed inputs (zero point near the middle) and leading axes [2, 3, in].
    let calibration = vec![Tensor::randn(&[64, 50], &mut rng)];
    let q = QuantizedLinear::from_linear(&linear, &calibration).unwrap();
    let x = Tensor::randn(&[2, 3, 50], &mut rng).clamp(-2.0, 2.0);
    let y = q.forward(&x);
    assert_eq!(y.shape(), &[2, 3, 20]);
    assert_close(&y, &[2, 3, 20], &simulated(&q, &x).to_vec(), 1e-4);
}

#[test]
fn t15_4_forward_close_to_f32_linear() {
    let mut rng = seeded_rng(4);
    let (k, n) = (32, 8);
    let linear = Linear::new(k, n, &mut rng);
    linear.bias().unwrap().set(Tensor::randn(&[n], &mut rng));
    let calibration = vec![Tensor::rand_uniform(&[128, k], -1.0, 1.0, &mut rng)];
    let q = QuantizedLinear::from_linear(&linear, &calibration).unwrap();
    let x = Tensor::rand_uniform(&[4, k], -1.0, 1.0, &mut rng);
    let (y, y_q) = (linear.forward(&x), q.forward(&x));
    // Rounding x errs by <= s_x / 2, w by <= s_w[j] / 2 and the bias by <= s_x s_w[j] / 2,
    // so output j errs by at most sum_k (|x_k| s_w[j] / 2 + |w_kj| s_x / 2 + s_x s_w[j] / 4)
    // + s_x s_w[j] / 2 (+ f32 noise).
    let w = linear.weight().get().to_vec();
    let (xs, ys, yqs) = (x.to_vec(), y.to_vec(), y_q.to_vec());
    let s_x = q.input.scale;
    for i in 0..4 {
        for j in 0..n {
            let s_w = q.weight.params[j].scale;
            let bound: f32 = (0..k)
                .map(|p| {
                    xs[i * k + p].abs() * s_w / 2.0
                        + w[p * n + j].abs() * s_x / 2.0
                        + s_x * s_w / 4.0
                })
                .sum::<f32>()
                + s_x * s_w / 2.0;
            let err = (ys[i * n + j] - yqs[i * n + j]).abs();
            assert!(
                err <= bound + 1e-4,
                "y[{i}, {j}]: error {err} above the bound {bound}"
            );
        }
    }
}

// ---- 15.5 Quantized convolution ------------------------------------------------------

/// A 1 -> 2 channel 2x2 convolution whose second filter is 64 times smaller than the
/// first: filter 0 = [1, -2, 0.5, 4], filter 1 = filter 0 / 64 (exact in binary), bias
/// [0.5, -0.01].
fn two_scale_conv() -> Conv2d {
    let conv = Conv2d::new(1, 2, (2, 2), 1, 0, &mut seeded_rng(0)).unwrap();
    let f0 = [1.0, -2.0, 0.5, 4.0];
    let filters: Vec<f32> = f0.iter().chain(&f0.map(|v| v / 64.0)).copied().collect();
    conv.weight().set(t(&filters, &[2, 1, 2, 2]));
    conv.bias().unwrap().set(t(&[0.5, -0.01], &[2]));
    conv
}

#[test]
fn t15_5_filters_quantized_per_output_channel() {
    let conv = two_scale_conv();
    // Images in [-1, 2]: input scale 3/255, zero point -43 (as t15_1).
    let images = t(
        &[-1.0, 0.0, 2.0, 0.5, 1.0, -0.5, 0.25, 1.5, 0.0],
        &[1, 1, 3, 3],
    );
    let q = QuantizedConv2d::from_conv2d(&conv, std::slice::from_ref(&images)).unwrap();
    assert_eq!(q.linear.input.zero_point, -43);
    assert_approx_eq!(q.linear.input.scale, 3.0 / 255.0, 1e-9);
    // [2, 1, 2, 2] -> [2, 4], one scale per FILTER: 4/127 and (4/64)/127.
    assert_eq!(q.linear.weight.shape, vec![2, 4]);
    assert_eq!(q.linear.weight.axis, Some(0));
    let scales: Vec<f32> = q.linear.weight.params.iter().map(|p| p.scale).collect();
    assert_slice_close(&scales, &[4.0 / 127.0, 0.0625 / 127.0], 1e-8);
    // Both filters use all the codes: [1, -2, 0.5, 4] * 127/4 = [31.75, -63.5, 15.875, 127].
    // (One scale for both would leave the small filter with codes [0, -1, 0, 2].)
    assert_eq!(
        q.linear.weight.values,
        vec![32, -64, 16, 127, 32, -64, 16, 127]
    );
    assert_eq!(
        (q.in_channels, q.kernel, q.stride, q.padding),
        (1, (2, 2), 1, 0)
    );
    // So the small channel is as accurate, relative to its size, as the large one.
    let (y, y_q) = (conv.forward(&images), q.forward(&images));
    assert_eq!(y_q.shape(), &[1, 2, 2, 2]);
    let (y, y_q) = (y.to_vec(), y_q.to_vec());
    for channel in 0..2 {
        let range = channel * 4..channel * 4 + 4;
        let size = y[range.clone()].iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let err = range.map(|i| (y[i] - y_q[i]).abs()).fold(0.0, f32::max);
        assert!(
            err <= 0.03 * size,
            "channel {channel}: error {err} on outputs of size {size}"
        );
    }
}

/// Module 09's f32 convolution of the fake-quantized input with the dequantized filters
/// and bias: the same quantized numbers, computed in f32.
fn simulated_conv(q: &QuantizedConv2d, x: &Tensor) -> Tensor {
    let (kh, kw) = q.kernel;
    let filters = dequantize(&q.linear.weight).reshape(&[q.out_channels(), q.in_channels, kh, kw]);
    let bias = Tensor::from_vec(q.linear.bias_f32(), &[q.out_channels()]).unwrap();
    conv2d(
        &fake_quantize(x, q.linear.input),
        &filters,
        Some(&bias),
        q.stride,
        q.padding,
    )
}

#[test]
fn t15_5_forward_matches_simulated_quantization() {
    let mut rng = seeded_rng(11);
    for (stride, padding, size) in [(1, 1, 5), (2, 0, 7)] {
        let conv = Conv2d::new(3, 4, (3, 3), stride, padding, &mut rng).unwrap();
        conv.bias().unwrap().set(Tensor::randn(&[4], &mut rng));
        let calibration = vec![Tensor::randn(&[4, 3, size, size], &mut rng)];
        let q = QuantizedConv2d::from_conv2d(&conv, &calibration).unwrap();
        let x = Tensor::randn(&[2, 3, size, size], &mut rng).clamp(-2.0, 2.0);
        let y = q.forward(&x);
        let expected = simulated_conv(&q, &x);
        assert_eq!(
            y.shape(),
            expected.shape(),
            "stride {stride}, padding {padding}"
        );
        assert_eq!(y.shape(), conv.forward(&x).shape());
        assert_close(&y, expected.shape(), &expected.to_vec(), 1e-4);
        // And close to the f32 convolution itself: rounding noise only.
        assert!(sqnr_db(&conv.forward(&x), &y) > 30.0);
    }
}

#[test]
fn t15_5_calibration_errors() {
    let conv = Conv2d::new(2, 3, (3, 3), 1, 1, &mut seeded_rng(0)).unwrap();
    assert_eq!(
        QuantizedConv2d::from_conv2d(&conv, &[]),
        Err(QuantError::NoCalibrationData)
    );
    for bad in [Tensor::zeros(&[1, 3, 4, 4]), Tensor::zeros(&[2, 4, 4])] {
        let err = QuantizedConv2d::from_conv2d(&conv, &[bad]).unwrap_err();
        assert!(
            matches!(err, QuantError::ConvCalibrationShape { in_channels: 2, .. }),
            "{err:?}"
        );
    }
    let nan = Tensor::full(&[1, 2, 4, 4], f32::NAN);
    assert_eq!(
        QuantizedConv2d::from_conv2d(&conv, &[nan]),
        Err(QuantError::NonFiniteCalibration)
    );
}

// ---- 15.6 Quantizing a model ---------------------------------------------------------

#[test]
fn t15_6_quantized_digit_mlp_keeps_accuracy_and_shrinks() {
    let digits = load_digits(&default_digits_path()).expect("the course ships the digits");
    let run = train_digit_mlp(&digits, DIGITS_SEED, true).expect("training runs");
    let model = run.model;
    let (test_x, test_y) = (digits.test.inputs(), digits.test.labels());
    let f32_acc = accuracy(&model.forward(test_x), test_y);

    let q = quantize_model(&model, &[digits.train.inputs().clone()]).unwrap();
    assert_eq!(q.layers.len(), 3);
    assert_eq!(q.layers[1], QuantizedLayer::Relu);
    // The second linear layer is calibrated on ReLU outputs (>= 0): zero point -128.
    let second = q.linears().nth(1).expect("two linear layers");
    assert_eq!(second.input.zero_point, -128);
    let int8_acc = accuracy(&q.forward(test_x), test_y);
    println!("digit MLP test accuracy: f32 {f32_acc:.4}, int8 {int8_acc:.4}");
    assert!(
        f32_acc - int8_acc <= 0.01,
        "accuracy fell from {f32_acc} to {int8_acc}"
    );

    // Bytes, read back from the files. f32: 2,410 parameters * 4 = 9,640 bytes.
    // INT8: codes 64*32 + 32*10 = 2,368; per output channel an f32 scale and an i32 bias:
    // (32 + 10) * 8 = 336; per layer the input's f32 scale and i8 zero point: 2 * 5 = 10;
    // 2,714 bytes in all: 3.55x smaller (the per-channel overhead of a 2,410-parameter
    // model; see t15_6_large_layer_is_close_to_4x_smaller).
    let (f32_path, int8_path) = (
        temp_file("digits-f32.safetensors"),
        temp_file("digits-int8.safetensors"),
    );
    save_checkpoint(&model, &f32_path).unwrap();
    save(&q, &int8_path).unwrap();
    let (f32_size, int8_size) = (
        stored_size(&f32_path).unwrap(),
        stored_size(&int8_path).unwrap(),
    );
    assert_eq!(f32_size.weight_bytes, 9_640);
    assert_eq!(int8_size.weight_bytes, 2_714);
    assert_eq!(q.stored_bytes(), 2_714);
    println!("digit MLP bytes: f32 {f32_size:?}, int8 {int8_size:?}");

    // The loaded model computes exactly the same outputs.
    let loaded = load(&int8_path).unwrap();
    assert_eq!(loaded, q);
    assert_eq!(loaded.forward(test_x).to_vec(), q.forward(test_x).to_vec());
    std::fs::remove_file(&f32_path).unwrap();
    std::fs::remove_file(&int8_path).unwrap();
}

#[test]
fn t15_6_large_layer_is_close_to_4x_smaller() {
    // 512 -> 512: f32 stores 512 * 512 * 4 + 512 * 4 = 1,050,624 bytes. INT8 stores
    // 262,144 codes + 512 * 8 (scale, bias) + 5 (input) = 266,245 bytes: 3.946x smaller.
    // (The ratio tends to 4 as in_features grows.)
    let model = Sequential::new().add(Linear::new(512, 512, &mut seeded_rng(1)));
    let q = quantize_model(&model, &[Tensor::randn(&[8, 512], &mut seeded_rng(2))]).unwrap();
    let (f32_path, int8_path) = (
        temp_file("big-f32.safetensors"),
        temp_file("big-int8.safetensors"),
    );
    save_checkpoint(&model, &f32_path).unwrap();
    save(&q, &int8_path).unwrap();
    let f32_bytes = stored_size(&f32_path).unwrap().weight_bytes;
    let int8_bytes = stored_size(&int8_path).unwrap().weight_bytes;
    assert_eq!((f32_bytes, int8_bytes), (1_050_624, 266_245));
    assert!(f32_bytes as f64 / int8_bytes as f64 >= 3.9);
    std::fs::remove_file(&f32_path).unwrap();
    std::fs::remove_file(&int8_path).unwrap();
}

#[test]
fn t15_6_simple_cnn_quantizes_end_to_end() {
    let mut rng = seeded_rng(6);
    let cnn = simple_cnn(6);
    let calibration = vec![Tensor::rand_uniform(&[64, 1, 8, 8], 0.0, 1.0, &mut rng)];
    let q = quantize_model(&cnn, &calibration).unwrap();
    let kinds: Vec<String> = q.layers.iter().map(QuantizedLayer::kind).collect();
    assert_eq!(
        kinds,
        [
            "conv2d:1:1",
            "relu",
            "maxpool2d:2:2",
            "conv2d:1:1",
            "relu",
            "maxpool2d:2:2",
            "flatten",
            "linear"
        ]
    );
    assert_eq!(
        q.layers[2],
        QuantizedLayer::MaxPool2d(MaxPool2d::new(2).unwrap())
    );
    // The second convolution sees ReLU-then-pool outputs (>= 0): zero point -128.
    let second = q.convs().nth(1).expect("two convolutions");
    assert_eq!(second.linear.input.zero_point, -128);
    assert_eq!(second.linear.weight.shape, vec![8, 4 * 3 * 3]);

    let x = Tensor::rand_uniform(&[16, 1, 8, 8], 0.0, 1.0, &mut rng);
    let (y, y_q) = (cnn.forward(&x), q.forward(&x));
    assert_eq!(y_q.shape(), &[16, 10]);
    assert!(sqnr_db(&y, &y_q) > 25.0, "SQNR {} dB", sqnr_db(&y, &y_q));

    // conv 36 + 288 codes, linear 320; 8 bytes per output channel (4 + 8 + 10); 5 per
    // layer for the input: 644 + 176 + 15 = 835 bytes, against 666 * 4 = 2,664 in f32.
    let path = temp_file("cnn-int8.safetensors");
    save(&q, &path).unwrap();
    assert_eq!(stored_size(&path).unwrap().weight_bytes, 835);
    assert_eq!(q.stored_bytes(), 835);
    let loaded = load(&path).unwrap();
    assert_eq!(loaded, q);
    assert_eq!(loaded.forward(&x).to_vec(), y_q.to_vec());
    std::fs::remove_file(&path).unwrap();
}

/// A layer no quantizer knows.
struct Doubler;

impl Module for Doubler {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.mul_scalar(2.0)
    }

    fn name(&self) -> String {
        "Doubler".into()
    }
}

#[test]
fn t15_6_layers_calibrated_in_order_and_errors() {
    let mut rng = seeded_rng(9);
    let first = Linear::new(6, 5, &mut rng);
    let model = Sequential::new()
        .add(first.clone())
        .add(Relu)
        .add(Linear::new(5, 3, &mut rng));
    let calibration = vec![Tensor::randn(&[40, 6], &mut rng)];
    let q = quantize_model(&model, &calibration).unwrap();
    // The first layer is exactly QuantizedLinear::from_linear on the model's inputs.
    let QuantizedLayer::Linear(q1) = &q.layers[0] else {
        panic!("layer 0 is linear")
    };
    assert_eq!(
        q1,
        &QuantizedLinear::from_linear(&first, &calibration).unwrap()
    );
    // The second is calibrated on relu(q1(x)): its range is [0, max], its zero point -128.
    let relu_out = Relu.forward(&q1.forward(&calibration[0]));
    let max = relu_out.to_vec().into_iter().fold(0.0f32, f32::max);
    let QuantizedLayer::Linear(q2) = &q.layers[2] else {
        panic!("layer 2 is linear")
    };
    assert_eq!(q2.input, choose_params(0.0, max, Scheme::Asymmetric));

    assert_eq!(
        quantize_model(&model, &[]),
        Err(QuantError::NoCalibrationData)
    );
    let odd = Sequential::new()
        .add(Linear::new(6, 2, &mut rng))
        .add(Doubler);
    let err = quantize_model(&odd, &calibration).unwrap_err();
    assert!(
        matches!(&err, QuantError::UnsupportedLayer { layer, .. } if layer == "Doubler"),
        "{err:?}"
    );
}

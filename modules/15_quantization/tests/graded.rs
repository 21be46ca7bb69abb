//! Graded tests for module 15 (Quantization). Test `t15_k_*` grades task 15.k.
//!
//! Values are checked against hand-computed answers (the arithmetic is in the comments),
//! against naive reference computations, and against the error bounds of the math.

use assert_approx_eq::assert_approx_eq;
use rand::Rng;
use tinytorch_activations::Relu;
use tinytorch_convolutions::Conv2d;
use tinytorch_dataloader::{default_digits_path, load_digits};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_quantization::{
    Calibrator, Granularity, QuantError, QuantParams, QuantizedLayer, QuantizedLinear, Scheme,
    choose_params, dequantize, gemm_i8, load, max_error_in_steps, pack_b, quantize, quantize_model,
    quantize_value, save, sqnr_db, stored_size,
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
    assert_eq!(
        asym,
        QuantParams {
            scale: 1.0,
            zero_point: -128
        }
    );
    let sym = choose_params(0.0, 0.0, Scheme::Symmetric);
    assert_eq!(
        sym,
        QuantParams {
            scale: 1.0,
            zero_point: 0
        }
    );
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
    let p = QuantParams {
        scale: 0.1,
        zero_point: 100,
    };
    assert_eq!(quantize_value(5.0, p), 127);
    assert_eq!(quantize_value(-30.0, p), -128);
    assert_eq!(quantize_value(1.0, p), 110);
    assert_eq!(quantize_value(0.0, p), 100);
    // Half away from zero: 0.25 / 0.1 = 2.5 (in f32: 2.4999998 or 2.5) -> 2 or 3; use an
    // exact binary case instead: 0.75 / 0.5 = 1.5 -> 2, -0.75 / 0.5 = -1.5 -> -2.
    let half = QuantParams {
        scale: 0.5,
        zero_point: 0,
    };
    assert_eq!(quantize_value(0.75, half), 2);
    assert_eq!(quantize_value(-0.75, half), -2);
}

// ---- 15.3 The INT8 GEMM kernel ------------------------------------------------------

/// The naive triple loop in i64: the answer the kernel must match exactly.
fn naive_gemm(a: &[i8], b: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    let mut c = vec![0i32; m * n];
    for i in 0..m {
        for j in 0..n {
            let s: i64 = (0..k)
                .map(|p| i64::from(a[i * k + p]) * i64::from(b[p * n + j]))
                .sum();
            c[i * n + j] = i32::try_from(s).expect("test sizes fit i32");
        }
    }
    c
}

fn random_i8(len: usize, rng: &mut impl Rng) -> Vec<i8> {
    (0..len).map(|_| rng.random::<i8>()).collect()
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
            naive_gemm(&a, &b, m, k, n),
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
fn t15_4_from_linear_layout_and_params() {
    // W [in 2, out 3] = [[1, -2, 0.5], [-4, 1, 0.25]]: per output channel j (a column of
    // W, a row of the stored [out, in] weight) max |w| = 4, 2, 0.5.
    let w = t(&[1.0, -2.0, 0.5, -4.0, 1.0, 0.25], &[2, 3]);
    let b = t(&[0.1, 0.2, 0.3], &[3]);
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
    assert_eq!(q.bias, vec![0.1, 0.2, 0.3]);
}

/// The simulated-quantization reference: x quantized and dequantized with the layer's
/// input parameters, times the dequantized weight, plus the bias, all in f32.
fn simulated(q: &QuantizedLinear, x: &Tensor) -> Tensor {
    let p = q.input;
    let x_hat = x.data().mapv(|v| {
        let code = ((v / p.scale).round() as i32 + p.zero_point).clamp(-128, 127);
        (code - p.zero_point) as f32 * p.scale
    });
    let w_hat = dequantize(&q.weight).t(); // [in, out]
    let bias = Tensor::from_vec(q.bias.clone(), &[q.out_features]).unwrap();
    Tensor::from_array(x_hat).matmul(&w_hat).add(&bias)
}

#[test]
fn t15_4_forward_matches_simulated_quantization() {
    let mut rng = seeded_rng(3);
    let linear = Linear::new(48, 20, &mut rng);
    linear.bias().unwrap().set(Tensor::randn(&[20], &mut rng));
    // Non-negative inputs (as after a ReLU): zero point -128, so a forward that forgets
    // the zero-point correction is off by 128 * s_x * s_w * sum(w) per output.
    let calibration = vec![Tensor::rand_uniform(&[64, 48], 0.0, 2.0, &mut rng)];
    let q = QuantizedLinear::from_linear(&linear, &calibration).unwrap();
    assert_eq!(q.input.zero_point, -128);
    let x = Tensor::rand_uniform(&[5, 48], 0.0, 2.0, &mut rng);
    let y = q.forward(&x);
    assert_eq!(y.shape(), &[5, 20]);
    // Same quantized numbers, only f32 vs exact integer arithmetic: ~1e-6 relative.
    assert_close(&y, &[5, 20], &simulated(&q, &x).to_vec(), 1e-4);

    // Signed inputs (zero point near the middle) and leading axes [2, 3, in].
    let calibration = vec![Tensor::randn(&[64, 48], &mut rng)];
    let q = QuantizedLinear::from_linear(&linear, &calibration).unwrap();
    let x = Tensor::randn(&[2, 3, 48], &mut rng).clamp(-2.0, 2.0);
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
    // Rounding x errs by <= s_x / 2 and w by <= s_w[j] / 2, so output j errs by at most
    // sum_k (|x_k| s_w[j] / 2 + |w_kj| s_x / 2 + s_x s_w[j] / 4) (+ f32 noise).
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
                .sum();
            let err = (ys[i * n + j] - yqs[i * n + j]).abs();
            assert!(
                err <= bound + 1e-4,
                "y[{i}, {j}]: error {err} above the bound {bound}"
            );
        }
    }
}

// ---- 15.5 Quantizing a model ---------------------------------------------------------

#[test]
fn t15_5_quantized_digit_mlp_keeps_accuracy_and_shrinks() {
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
    // INT8: codes 64*32 + 32*10 = 2,368; per output channel an f32 scale, an i32 zero
    // point and an f32 bias: (32 + 10) * 12 = 504; input scale + zero point 2 * 8 = 16;
    // 2,888 bytes in all: 3.34x smaller (the per-channel overhead of a 2,410-parameter
    // model; see t15_5_large_layer_is_close_to_4x_smaller).
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
    assert_eq!(int8_size.weight_bytes, 2_888);
    println!("digit MLP bytes: f32 {f32_size:?}, int8 {int8_size:?}");

    // The loaded model computes exactly the same outputs.
    let loaded = load(&int8_path).unwrap();
    assert_eq!(loaded, q);
    assert_eq!(loaded.forward(test_x).to_vec(), q.forward(test_x).to_vec());
    std::fs::remove_file(&f32_path).unwrap();
    std::fs::remove_file(&int8_path).unwrap();
}

#[test]
fn t15_5_large_layer_is_close_to_4x_smaller() {
    // 512 -> 512: f32 stores 512 * 512 * 4 + 512 * 4 = 1,050,624 bytes. INT8 stores
    // 262,144 codes + 512 * 12 (scale, zero point, bias) + 8 (input) = 268,296 bytes:
    // 3.916x smaller. (The ratio tends to 4 as in_features grows.)
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
    assert_eq!((f32_bytes, int8_bytes), (1_050_624, 268_296));
    assert!(f32_bytes as f64 / int8_bytes as f64 >= 3.9);
    std::fs::remove_file(&f32_path).unwrap();
    std::fs::remove_file(&int8_path).unwrap();
}

#[test]
fn t15_5_layers_calibrated_in_order_and_errors() {
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
    let cnn = Sequential::new().add(Conv2d::new(1, 2, (3, 3), 1, 0, &mut rng).unwrap());
    let err = quantize_model(&cnn, &[Tensor::zeros(&[1, 1, 4, 4])]).unwrap_err();
    assert!(
        matches!(err, QuantError::UnsupportedLayer { .. }),
        "{err:?}"
    );
}

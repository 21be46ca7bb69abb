//! Graded tests for module 02 (Activations). Test `t02_k_*` grades task 02.k.
//! Expected values are computed by hand (or from the closed form) in the comments.

use assert_approx_eq::assert_approx_eq;
use tinytorch_activations::{
    ActivationExt, GELU_COEFF, Gelu, LogSoftmax, Relu, Sigmoid, Softmax, Tanh, gelu, log_softmax,
    relu, sigmoid, softmax, tanh,
};
use tinytorch_tensor::testing::{assert_close, assert_slice_close};
use tinytorch_tensor::{Tensor, seeded_rng};

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

fn all_finite(x: &Tensor) -> bool {
    x.to_vec().iter().all(|v| v.is_finite())
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_activations::editions());
}

// ---- 02.1 ReLU -----------------------------------------------------------------------

#[test]
fn t02_1_relu_zeroes_negatives_and_keeps_positives() {
    let x = t(&[-3.0, -0.5, 0.0, 0.5, 2.0, 1e6], &[2, 3]);
    assert_close(&relu(&x), &[2, 3], &[0.0, 0.0, 0.0, 0.5, 2.0, 1e6], 0.0);
    assert_eq!(Relu.forward(&x).to_vec(), x.relu().to_vec());
}

#[test]
fn t02_1_relu_records_its_op_only_when_tracked() {
    let x = t(&[-1.0, 1.0], &[2]);
    assert!(relu(&x).op().is_none(), "inference records nothing");
    let w = x.with_requires_grad(true);
    let y = relu(&w);
    assert_eq!(y.op().map(|op| op.name()), Some("relu"));
    assert_eq!(y.op().unwrap().inputs()[0].id(), w.id());
}

// ---- 02.2 Sigmoid --------------------------------------------------------------------

#[test]
fn t02_2_sigmoid_known_values() {
    // σ(0) = 1/2; σ(2) = 1/(1 + e^-2) = 0.880797; σ(-2) = 1 - σ(2) = 0.119203.
    let y = sigmoid(&t(&[0.0, 2.0, -2.0], &[3]));
    assert_close(&y, &[3], &[0.5, 0.880_797, 0.119_203], 1e-6);
    assert_eq!(
        y.to_vec(),
        Sigmoid.forward(&t(&[0.0, 2.0, -2.0], &[3])).to_vec()
    );
}

#[test]
fn t02_2_sigmoid_saturates_without_nan_or_inf() {
    // σ(100) = 1 - 3.7e-44 rounds to 1 in f32; σ(-100) = 3.7e-44, a (denormal) f32 near 0.
    let y = sigmoid(&t(
        &[100.0, -100.0, 1e30, -1e30, f32::INFINITY, f32::NEG_INFINITY],
        &[6],
    ));
    assert!(all_finite(&y), "sigmoid gave {:?}", y.to_vec());
    assert_slice_close(&y.to_vec(), &[1.0, 0.0, 1.0, 0.0, 1.0, 0.0], 1e-7);
}

#[test]
fn t02_2_sigmoid_is_symmetric_and_in_range() {
    // σ(-x) = 1 - σ(x) for every x, and 0 <= σ(x) <= 1.
    let x = Tensor::randn(&[200], &mut seeded_rng(2)).mul_scalar(6.0);
    let pos = x.sigmoid().to_vec();
    let neg = x.neg().sigmoid().to_vec();
    for (p, n) in pos.iter().zip(&neg) {
        assert!((0.0..=1.0).contains(p));
        assert_approx_eq!(p + n, 1.0, 1e-6);
    }
}

#[test]
fn t02_2_sigmoid_records_its_op() {
    let w = t(&[0.3], &[1]).with_requires_grad(true);
    assert_eq!(sigmoid(&w).op().map(|op| op.name()), Some("sigmoid"));
}

// ---- 02.3 Tanh -----------------------------------------------------------------------

#[test]
fn t02_3_tanh_values_and_odd_symmetry() {
    // tanh(0.5) = (e - 1)/(e + 1) = 0.462117; tanh is odd: tanh(-x) = -tanh(x).
    let y = tanh(&t(&[0.0, 0.5, -0.5], &[3]));
    assert_close(&y, &[3], &[0.0, 0.462_117, -0.462_117], 1e-6);
    let x = Tensor::randn(&[100], &mut seeded_rng(3)).mul_scalar(3.0);
    let sum = x.tanh().add(&x.neg().tanh());
    assert_close(&sum, &[100], &[0.0; 100], 1e-6);
}

#[test]
fn t02_3_tanh_saturates_to_plus_minus_one() {
    let y = Tanh.forward(&t(&[1000.0, -1000.0, 20.0, -20.0], &[4]));
    assert_close(&y, &[4], &[1.0, -1.0, 1.0, -1.0], 0.0);
    let w = t(&[0.3], &[1]).with_requires_grad(true);
    assert_eq!(tanh(&w).op().map(|op| op.name()), Some("tanh"));
}

// ---- 02.4 GELU -----------------------------------------------------------------------

#[test]
fn t02_4_gelu_tanh_form_values() {
    // GELU(x) = 0.5x(1 + tanh(0.7978846(x + 0.044715x^3))):
    //   x = 1:  inner = 0.7978846 * 1.044715 = 0.833562, tanh = 0.682384  -> 0.841192
    //   x = -1: 0.5 * -1 * (1 - 0.682384)                                  -> -0.158808
    //   x = 2:  inner = 0.7978846 * 2.35772 = 1.881188, tanh = 0.954598    -> 1.954598
    //   x = -3: inner = -3.357213, 1 + tanh = 0.0024249                     -> -0.003637
    assert_eq!(GELU_COEFF, 0.044715);
    let y = gelu(&t(&[0.0, 1.0, -1.0, 2.0, -3.0], &[5]));
    assert_close(
        &y,
        &[5],
        &[0.0, 0.841_192, -0.158_808, 1.954_598, -0.003_637],
        1e-5,
    );
}

#[test]
fn t02_4_gelu_is_a_smooth_relu_at_the_extremes() {
    // Far right GELU(x) = x; far left it underflows to 0 (1 + tanh -> 0), never NaN.
    let y = Gelu.forward(&t(&[10.0, 100.0, -10.0, -100.0], &[4]));
    assert_close(&y, &[4], &[10.0, 100.0, 0.0, 0.0], 1e-5);
    assert_eq!(
        y.to_vec(),
        t(&[10.0, 100.0, -10.0, -100.0], &[4]).gelu().to_vec()
    );
    let w = t(&[0.3], &[1]).with_requires_grad(true);
    assert_eq!(gelu(&w).op().map(|op| op.name()), Some("gelu"));
}

#[test]
fn t02_4_gelu_at_tiny_and_huge_magnitudes() {
    // Near 0, GELU(x) = x/2 (slope 1/2): GELU(1e-30) = 5e-31, still a normal f32.
    // At +-1e20, x^3 overflows to +-inf, tanh gives +-1: GELU = 1e20 and -0, never NaN.
    let tiny = gelu(&t(&[1e-30, -1e-30], &[2])).to_vec();
    assert_approx_eq!(tiny[0] / 5e-31, 1.0, 1e-5);
    assert_approx_eq!(tiny[1] / -5e-31, 1.0, 1e-5);
    let huge = gelu(&t(&[1e20, -1e20], &[2]));
    assert_eq!(
        huge.to_vec(),
        vec![1e20, 0.0],
        "GELU gave {:?}",
        huge.to_vec()
    );
}

// ---- 02.5 Softmax and log-softmax ----------------------------------------------------

#[test]
fn t02_5_softmax_known_values() {
    // softmax([1, 2, 3]) = [1, e, e^2] / (1 + e + e^2) = [0.090031, 0.244728, 0.665241].
    let y = softmax(&t(&[1.0, 2.0, 3.0], &[3]), 0);
    assert_close(&y, &[3], &[0.090_031, 0.244_728, 0.665_241], 1e-6);
}

#[test]
fn t02_5_softmax_sums_to_one_along_any_axis() {
    let x = Tensor::randn(&[4, 5], &mut seeded_rng(5)).mul_scalar(3.0);
    // axis -1: each of the 4 rows sums to 1; axis 0: each of the 5 columns does.
    assert_close(&softmax(&x, -1).sum(-1, false), &[4], &[1.0; 4], 1e-6);
    assert_close(&softmax(&x, 0).sum(0, false), &[5], &[1.0; 5], 1e-6);
    // Summing over the wrong axis is NOT 1: the axis matters.
    let cols_of_rows = softmax(&x, -1).sum(0, false).to_vec();
    assert!(cols_of_rows.iter().any(|s| (s - 1.0).abs() > 1e-3));

    let x3 = Tensor::randn(&[2, 3, 4], &mut seeded_rng(6));
    let y3 = softmax(&x3, 1);
    assert_eq!(y3.shape(), &[2, 3, 4]);
    assert_close(&y3.sum(1, false), &[2, 4], &[1.0; 8], 1e-6);
    assert!(y3.to_vec().iter().all(|&p| p > 0.0 && p < 1.0));
    assert_eq!(Softmax::new(1).forward(&x3).to_vec(), y3.to_vec());
    assert_eq!(Softmax::default().axis, -1);
}

#[test]
fn t02_5_softmax_of_large_logits_is_finite() {
    // softmax([1000, 1001]) = softmax([0, 1]) = [1/(1+e), e/(1+e)] = [0.268941, 0.731059];
    // without the max shift e^1000 = inf and inf/inf = NaN.
    let y = x2(1000.0, 1001.0).softmax(-1);
    assert!(all_finite(&y), "softmax gave {:?}", y.to_vec());
    assert_close(&y, &[1, 2], &[0.268_941, 0.731_059], 1e-6);
    let y = softmax(&x2(-1000.0, -1001.0), 1);
    assert_close(&y, &[1, 2], &[0.731_059, 0.268_941], 1e-6);
}

fn x2(a: f32, b: f32) -> Tensor {
    t(&[a, b], &[1, 2])
}

#[test]
fn t02_5_softmax_of_masked_rows() {
    let inf = f32::NEG_INFINITY;
    // Row 0 fully masked -> all zeros (no NaN); row 1 partially masked -> [1, 0].
    let y = softmax(&t(&[inf, inf, 0.0, inf], &[2, 2]), -1);
    assert_close(&y, &[2, 2], &[0.0, 0.0, 1.0, 0.0], 0.0);
}

#[test]
fn t02_5_one_element_ties_and_masked_rows_of_log_softmax() {
    // One element: softmax = [1], log-softmax = [0], whatever its size.
    assert_eq!(softmax(&t(&[-7e30], &[1]), 0).to_vec(), vec![1.0]);
    assert_eq!(log_softmax(&t(&[7e30], &[1]), 0).to_vec(), vec![0.0]);
    // Ties: four equal logits share the mass exactly, e^0 / 4 = 0.25.
    assert_eq!(softmax(&t(&[3.0; 4], &[4]), 0).to_vec(), vec![0.25; 4]);
    // A fully masked row stays -inf (no NaN); [0, -inf] is [ln 1, -inf].
    let inf = f32::NEG_INFINITY;
    let y = log_softmax(&t(&[inf, inf, 0.0, inf], &[2, 2]), -1);
    assert_eq!(y.to_vec(), vec![inf, inf, 0.0, inf]);
}

#[test]
fn t02_5_log_softmax_matches_log_of_softmax() {
    // ln softmax([1, 2, 3]) = [1, 2, 3] - ln(e + e^2 + e^3) = [-2.407606, -1.407606, -0.407606].
    let x = t(&[1.0, 2.0, 3.0, -1.0, 0.0, 4.0], &[2, 3]);
    let y = log_softmax(&x, -1);
    assert_slice_close(
        &y.to_vec()[..3],
        &[-2.407_606, -1.407_606, -0.407_606],
        1e-5,
    );
    let expected = softmax(&x, -1).log().to_vec();
    assert_slice_close(&y.to_vec(), &expected, 1e-5);
    // Along axis 0 too: exponentiated columns sum to 1.
    assert_close(
        &log_softmax(&x, 0).exp().sum(0, false),
        &[3],
        &[1.0; 3],
        1e-6,
    );
    assert_eq!(
        LogSoftmax::new(0).forward(&x).to_vec(),
        x.log_softmax(0).to_vec()
    );
}

#[test]
fn t02_5_log_softmax_of_large_logits_is_finite() {
    // [1000, 1001, 1002] -> [0, 1, 2] - ln(1 + e + e^2) = [-2.407606, -1.407606, -0.407606].
    let y = log_softmax(&t(&[1000.0, 1001.0, 1002.0], &[3]), 0);
    assert!(all_finite(&y), "log_softmax gave {:?}", y.to_vec());
    assert_close(&y, &[3], &[-2.407_606, -1.407_606, -0.407_606], 1e-4);
    // A gap of 200: softmax underflows to exactly 0 in f32 (e^-200 < 1e-45), so ln(softmax)
    // is -inf; log-softmax stays exact: [-200, 0] up to ln(1 + e^-200) = 0.
    let y = log_softmax(&x2(0.0, 200.0), -1);
    assert_close(&y, &[1, 2], &[-200.0, 0.0], 1e-4);
}

#[test]
fn t02_5_softmax_and_log_softmax_record_their_axis() {
    let w = Tensor::zeros(&[2, 3]).with_requires_grad(true);
    match softmax(&w, -1).op() {
        Some(tinytorch_tensor::Op::Softmax { axis, .. }) => assert_eq!(*axis, 1),
        other => panic!("softmax recorded {other:?}"),
    }
    match log_softmax(&w, 0).op() {
        Some(tinytorch_tensor::Op::LogSoftmax { axis, .. }) => assert_eq!(*axis, 0),
        other => panic!("log_softmax recorded {other:?}"),
    }
}

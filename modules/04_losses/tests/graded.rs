//! Graded tests for module 04 (Losses). Test `t04_k_*` grades task 04.k.
//! Expected values are computed by hand in the comments.
//!
//! Every loss applies its reduction through `reduce` (task 04.1), so the tests of 04.2–04.4
//! need it too.

use assert_approx_eq::assert_approx_eq;
use tinytorch_losses::{
    BCE_EPSILON, BceLoss, CrossEntropyLoss, LossError, MseLoss, Reduction, binary_cross_entropy,
    cross_entropy, mse_loss,
};
use tinytorch_tensor::testing::assert_close;
use tinytorch_tensor::{Op, Tensor};

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

fn ce(logits: &[f32], shape: &[usize], targets: &[usize]) -> f32 {
    cross_entropy(&t(logits, shape), targets, Reduction::Mean)
        .expect("valid targets")
        .item()
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_losses::editions());
}

// ---- 04.2 MSE ------------------------------------------------------------------------

#[test]
fn t04_2_mse_known_value() {
    // Differences -0.5, -0.5, 0.2; squares 0.25, 0.25, 0.04; mean 0.54 / 3 = 0.18.
    let pred = t(&[1.0, 2.0, 3.0], &[3]);
    let target = t(&[1.5, 2.5, 2.8], &[3]);
    let loss = mse_loss(&pred, &target, Reduction::Mean);
    assert_eq!(loss.shape(), &[] as &[usize]);
    assert_approx_eq!(loss.item(), 0.18, 1e-6);
    assert_approx_eq!(
        MseLoss::default().forward(&pred, &target).item(),
        0.18,
        1e-6
    );
}

#[test]
fn t04_2_mse_is_zero_for_a_perfect_prediction_and_symmetric() {
    let a = t(&[0.5, -2.0, 4.0, 1.0], &[2, 2]);
    let b = t(&[1.5, -1.0, 2.0, 1.0], &[2, 2]);
    assert_eq!(mse_loss(&a, &a, Reduction::Mean).item(), 0.0);
    // (1 + 1 + 4 + 0) / 4 = 1.5, whichever argument is the prediction.
    assert_approx_eq!(mse_loss(&a, &b, Reduction::Mean).item(), 1.5, 1e-6);
    assert_approx_eq!(mse_loss(&b, &a, Reduction::Mean).item(), 1.5, 1e-6);
}

#[test]
fn t04_2_mse_is_composed_of_differentiable_ops() {
    let pred = t(&[1.0, 2.0], &[2]).with_requires_grad(true);
    let loss = mse_loss(&pred, &t(&[0.0, 0.0], &[2]), Reduction::Mean);
    assert_eq!(loss.op().map(|op| op.name()), Some("mean"));
    assert_approx_eq!(loss.item(), 2.5, 1e-6);
}

#[test]
#[should_panic(expected = "target shape [3] differ")]
fn t04_2_mse_rejects_different_shapes() {
    // A [3] target would broadcast over [2, 3] predictions: refuse instead.
    mse_loss(
        &Tensor::zeros(&[2, 3]),
        &Tensor::zeros(&[3]),
        Reduction::Mean,
    );
}

// ---- 04.3 Cross-entropy --------------------------------------------------------------

#[test]
fn t04_3_cross_entropy_uniform_logits_is_ln_classes() {
    // Equal logits over 3 classes: p = 1/3 for every class, loss = -ln(1/3) = ln 3 = 1.098612.
    assert_approx_eq!(ce(&[0.0; 3], &[1, 3], &[0]), 3f32.ln(), 1e-6);
    assert_approx_eq!(ce(&[7.0; 6], &[2, 3], &[2, 1]), 3f32.ln(), 1e-6);
}

#[test]
fn t04_3_cross_entropy_confident_right_and_wrong() {
    // [10, 0, 0]: ln(e^10 + 2) = 10.0000908. Target 0: 9.08e-5; target 1: 10.0000908.
    let right = ce(&[10.0, 0.0, 0.0], &[1, 3], &[0]);
    let wrong = ce(&[10.0, 0.0, 0.0], &[1, 3], &[1]);
    assert!((0.0..0.01).contains(&right), "confident and right: {right}");
    assert!(wrong > 5.0, "confident and wrong: {wrong}");
    assert_approx_eq!(wrong, 10.000_091, 1e-4);
}

#[test]
fn t04_3_cross_entropy_two_samples_by_hand() {
    // Sample 0, logits [1, 2, 3], target 2: ln(e + e^2 + e^3) - 3 = 0.407606.
    // Sample 1, logits [1, 1, 1], target 0: ln 3 = 1.098612. Mean: 0.753109.
    let logits = t(&[1.0, 2.0, 3.0, 1.0, 1.0, 1.0], &[2, 3]);
    let loss = CrossEntropyLoss::default()
        .forward(&logits, &[2, 0])
        .unwrap();
    assert_eq!(loss.shape(), &[] as &[usize]);
    assert_approx_eq!(loss.item(), 0.753_109, 1e-5);
    let per_sample = cross_entropy(&logits, &[2, 0], Reduction::None).unwrap();
    assert_close(&per_sample, &[2], &[0.407_606, 1.098_612], 1e-5);
    // Sum: 0.407606 + 1.098612 = 1.506218 = 2 x 0.753109.
    let sum = cross_entropy(&logits, &[2, 0], Reduction::Sum).unwrap();
    assert_approx_eq!(sum.item(), 1.506_218, 1e-5);
}

#[test]
fn t04_3_cross_entropy_is_stable_for_large_logits() {
    // [100, 50, 25]: ln(e^100 + e^50 + e^25) = 100 + ln(1 + e^-50 + e^-75) = 100 (+2e-22).
    // Target 0: about e^-50, i.e. 0 in f32. Target 2: 100 - 25 = 75.
    assert_approx_eq!(ce(&[100.0, 50.0, 25.0], &[1, 3], &[0]), 0.0, 1e-6);
    assert_approx_eq!(ce(&[100.0, 50.0, 25.0], &[1, 3], &[2]), 75.0, 1e-4);
    // [1000, 1001, 1002] target 1: same as [0, 1, 2], ln(1 + e + e^2) - 1 = 1.407606.
    // Without the max shift e^1000 = inf and the loss is inf or NaN.
    assert_approx_eq!(
        ce(&[1000.0, 1001.0, 1002.0], &[1, 3], &[1]),
        1.407_606,
        1e-4
    );
}

#[test]
fn t04_3_cross_entropy_of_one_class_is_zero_at_any_magnitude() {
    // One class: logsumexp([z]) = z, so the loss z - z is 0 exactly, for z = 5 and for
    // z = -1e30 (a shift by the max keeps e^0 = 1; without it e^-1e30 = 0 and ln 0 = -inf).
    let logits = t(&[5.0, -1e30], &[2, 1]);
    let per = cross_entropy(&logits, &[0, 0], Reduction::None).expect("valid targets");
    assert_eq!(per.to_vec(), vec![0.0, 0.0]);
}

#[test]
fn t04_3_cross_entropy_reports_bad_targets() {
    let logits = Tensor::zeros(&[3, 4]);
    // Target 4 of 4 classes (valid: 0..=3) in sample 2.
    let err = cross_entropy(&logits, &[0, 3, 4], Reduction::Mean).unwrap_err();
    assert_eq!(
        err,
        LossError::TargetOutOfRange {
            sample: 2,
            target: 4,
            classes: 4
        }
    );
    assert!(err.to_string().contains("sample 2"), "message: {err}");
    let err = cross_entropy(&logits, &[0, 1], Reduction::Mean).unwrap_err();
    assert_eq!(
        err,
        LossError::BatchMismatch {
            batch: 3,
            targets: 2
        }
    );
    let err = cross_entropy(&Tensor::zeros(&[2, 3, 4]), &[0, 1], Reduction::Mean).unwrap_err();
    assert_eq!(
        err,
        LossError::NotMatrix {
            shape: vec![2, 3, 4]
        }
    );
}

#[test]
fn t04_3_cross_entropy_records_the_fused_op() {
    let logits = Tensor::zeros(&[2, 3]).with_requires_grad(true);
    let per_sample = cross_entropy(&logits, &[1, 2], Reduction::None).unwrap();
    match per_sample.op() {
        Some(Op::CrossEntropy { logits: l, targets }) => {
            assert_eq!(l.id(), logits.id());
            assert_eq!(&targets[..], &[1, 2]);
        }
        other => panic!("cross_entropy recorded {other:?}"),
    }
}

// ---- 04.4 Binary cross-entropy -------------------------------------------------------

#[test]
fn t04_4_bce_known_values() {
    // p = 0.5 costs ln 2 = 0.693147 whatever the target.
    let half = t(&[0.5, 0.5, 0.5], &[3]);
    let loss = binary_cross_entropy(&half, &t(&[1.0, 0.0, 0.3], &[3]), Reduction::Mean);
    assert_approx_eq!(loss.item(), std::f32::consts::LN_2, 1e-6);
    // p = [0.8, 0.3], t = [1, 0]: -ln 0.8 = 0.223144, -ln 0.7 = 0.356675; mean 0.289909.
    let p = t(&[0.8, 0.3], &[2]);
    let y = t(&[1.0, 0.0], &[2]);
    assert_approx_eq!(BceLoss::default().forward(&p, &y).item(), 0.289_909, 1e-6);
}

#[test]
fn t04_4_bce_is_finite_for_certain_predictions() {
    // Probabilities are clamped to [1e-7, 1 - 1e-7]. Right and certain: ~1e-7.
    // p = 0, t = 1: -ln(1e-7) = 16.118096.
    // p = 1, t = 0: -ln(1 - (1 - 1e-7)); in f32, 1 - 1e-7 rounds to 1 - 2^-23, so this is
    // -ln(1.1920929e-7) = 15.942385 (f32 spacing just below 1 is 6e-8).
    let p = t(&[0.0, 1.0, 1.0, 0.0], &[4]);
    let y = t(&[1.0, 0.0, 1.0, 0.0], &[4]);
    let per = binary_cross_entropy(&p, &y, Reduction::None);
    assert!(
        per.to_vec().iter().all(|v| v.is_finite()),
        "BCE gave {:?}",
        per.to_vec()
    );
    assert_close(&per, &[4], &[16.118_096, 15.942_385, 0.0, 0.0], 1e-3);
    assert_approx_eq!(-BCE_EPSILON.ln(), 16.118_096, 1e-4);
}

#[test]
fn t04_4_bce_epsilon_clamps_and_is_not_added() {
    // Inside [1e-7, 1 - 1e-7] p is used as it is: p = 1e-6, t = 1 costs -ln(1e-6) = 13.815511
    // (adding the epsilon would give -ln(1.1e-6) = 13.720201). Below it, p = 1e-8 is clamped
    // up to 1e-7: -ln(1e-7) = 16.118096 (adding would give -ln(1.1e-7) = 16.022786).
    let per = binary_cross_entropy(
        &t(&[1e-6, 1e-8], &[2]),
        &t(&[1.0, 1.0], &[2]),
        Reduction::None,
    );
    assert_close(&per, &[2], &[13.815_511, 16.118_096], 1e-4);
}

#[test]
#[should_panic(expected = "target shape [4] differ")]
fn t04_4_bce_rejects_different_shapes() {
    binary_cross_entropy(
        &Tensor::zeros(&[4, 1]),
        &Tensor::zeros(&[4]),
        Reduction::Mean,
    );
}

// ---- 04.1 Reductions (tested through MSE, so that 04.2 and 04.1 can be done together) --

#[test]
fn t04_1_none_keeps_one_loss_per_element() {
    // Squared errors of [[1, 3], [0, -2]] against zeros: [[1, 9], [0, 4]], shape kept.
    let pred = t(&[1.0, 3.0, 0.0, -2.0], &[2, 2]);
    let sq = MseLoss::new(Reduction::None).forward(&pred, &Tensor::zeros(&[2, 2]));
    assert_close(&sq, &[2, 2], &[1.0, 9.0, 0.0, 4.0], 1e-6);
    // Mean: 14 / 4 = 3.5.
    let mean = mse_loss(&pred, &Tensor::zeros(&[2, 2]), Reduction::Mean);
    assert_eq!(mean.shape(), &[] as &[usize]);
    assert_approx_eq!(mean.item(), 3.5, 1e-6);
}

#[test]
fn t04_1_sum_is_batch_times_mean() {
    let pred = t(&[1.0, 2.0, 3.0], &[3]);
    let target = t(&[1.5, 2.5, 2.8], &[3]);
    // 0.25 + 0.25 + 0.04 = 0.54 = 3 x 0.18.
    let sum = mse_loss(&pred, &target, Reduction::Sum);
    assert_eq!(sum.shape(), &[] as &[usize]);
    assert_approx_eq!(sum.item(), 0.54, 1e-6);
    let mean = MseLoss::default().forward(&pred, &target).item();
    assert_approx_eq!(sum.item(), 3.0 * mean, 1e-6);
    assert_eq!(Reduction::default(), Reduction::Mean);
}

//! Milestone 03's reference computations and gates, on hand-worked numbers and on runs
//! short enough for a debug build (XOR trains in well under a second).

use tinytorch_milestone_mlp::independent::{Hidden, TwoLayer, relative_change, score};
use tinytorch_milestone_mlp::{
    MLP_SHAPE, XOR_INPUTS, XOR_LABELS, XOR_SEED, check_digits, digits_gates, load_digit_data,
    train_xor, xor_gates, xor_model,
};
use tinytorch_training::digit_mlp;

/// A 2-2-2 network worked by hand.
fn hand_net(activation: Hidden) -> TwoLayer {
    TwoLayer {
        inputs: 2,
        hidden: 2,
        outputs: 2,
        // w1 = [[1, -1], [2, 0.5]] (rows: inputs), b1 = [0, -1]
        w1: vec![1.0, -1.0, 2.0, 0.5],
        b1: vec![0.0, -1.0],
        // w2 = [[1, 0], [-1, 3]], b2 = [0.5, 0]
        w2: vec![1.0, 0.0, -1.0, 3.0],
        b2: vec![0.5, 0.0],
        activation,
    }
}

#[test]
fn independent_forward_matches_hand_worked_logits() {
    // x = [1, 1]: z1 = [1 + 2 + 0, -1 + 0.5 - 1] = [3, -1.5]; ReLU -> [3, 0]
    // logits = [3 * 1 + 0 * -1 + 0.5, 3 * 0 + 0 * 3 + 0] = [3.5, 0]
    assert_eq!(hand_net(Hidden::Relu).logits(&[1.0, 1.0]), vec![3.5, 0.0]);
    // Tanh: h = [tanh 3, tanh -1.5]; logits = [h0 - h1 + 0.5, 3 h1]
    let (h0, h1) = (3f64.tanh(), (-1.5f64).tanh());
    let logits = hand_net(Hidden::Tanh).logits(&[1.0, 1.0]);
    assert!((logits[0] - (h0 - h1 + 0.5)).abs() < 1e-12);
    assert!((logits[1] - 3.0 * h1).abs() < 1e-12);
}

#[test]
fn score_counts_correct_rows_and_averages_the_loss() {
    // Row [1, 1] has logits [3.5, 0]: class 0 is predicted.
    let net = hand_net(Hidden::Relu);
    let (loss, correct) = score(&net, &[1.0, 1.0, 1.0, 1.0], &[0, 1]);
    assert_eq!(correct, 1);
    // Mean of -ln softmax: ln(1 + e^-3.5) and 3.5 + ln(1 + e^-3.5).
    let expected = ((1.0 + (-3.5f64).exp()).ln() * 2.0 + 3.5) / 2.0;
    assert!((loss - expected).abs() < 1e-12);
}

#[test]
fn from_model_reads_the_weights_in_order_and_rejects_another_layout() {
    let model = xor_model(3);
    let net = TwoLayer::from_model(&model, (2, 4, 2), Hidden::Tanh).unwrap();
    assert_eq!(
        (net.w1.len(), net.b1.len(), net.w2.len(), net.b2.len()),
        (8, 4, 8, 2)
    );
    let err = TwoLayer::from_model(&model, MLP_SHAPE, Hidden::Relu).unwrap_err();
    assert!(err.contains("expected"), "{err}");
}

#[test]
fn xor_is_solved_and_every_gate_holds_on_the_reference() {
    let run = train_xor(XOR_SEED).unwrap();
    let card = xor_gates(&run);
    assert!(card.passed(), "{}", card.to_table());
    assert_eq!(score(&run.trained, &XOR_INPUTS, &XOR_LABELS).1, 4);
}

#[test]
fn xor_gates_fail_when_nothing_moved_or_the_loss_disagrees() {
    let mut run = train_xor(XOR_SEED).unwrap();
    run.your_initial_loss += 0.01;
    run.trained = run.initial.clone();
    let card = xor_gates(&run);
    let failed: Vec<&str> = card.failed().map(|g| g.name.as_str()).collect();
    assert!(
        failed.iter().any(|n| n.contains("cross-entropy")),
        "{failed:?}"
    );
    assert!(failed.iter().any(|n| n.contains("moved")), "{failed:?}");
    assert_eq!(relative_change(&run.initial.w1, &run.trained.w1), 0.0);
}

#[test]
fn an_untrained_digit_mlp_agrees_with_the_reference_but_fails_the_accuracy_gate() {
    let (digits, print) = load_digit_data().unwrap();
    assert!(print.starts_with("sha256:") && print.len() == 7 + 64);
    let mut model = digit_mlp(0);
    let check = check_digits(&mut model, &digits).unwrap();
    assert_eq!(check.held_out.samples, 364);
    assert_eq!(check.held_out.correct, check.held_out.your_correct);
    assert!((check.loss - check.your_loss).abs() < 1e-4);
    let card = digits_gates(&check);
    let failed: Vec<&str> = card.failed().map(|g| g.name.as_str()).collect();
    assert_eq!(failed, ["digits: held-out accuracy (independent forward)"]);
}

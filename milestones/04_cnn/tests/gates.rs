//! Milestone 04's reference computations and gates on an untrained SimpleCNN (no
//! training in a debug test): the independent convolution must agree with module 09's,
//! and the gates that need training must fail.

use tinytorch_convolutions::simple_cnn;
use tinytorch_milestone_cnn::independent::{CNN_PARAMETERS, MLP_PARAMETERS};
use tinytorch_milestone_cnn::{CNN_SEED, LOGIT_TOLERANCE, check_cnn, cnn_gates};
use tinytorch_milestone_mlp::load_digit_data;

#[test]
fn hand_counts_are_the_architectures() {
    // conv1 4*1*9 + 4 = 40, conv2 8*4*9 + 8 = 296, linear 32*10 + 10 = 330.
    assert_eq!(CNN_PARAMETERS, 40 + 296 + 330);
    // 64*32 + 32 = 2080, 32*10 + 10 = 330.
    assert_eq!(MLP_PARAMETERS, 2080 + 330);
}

#[test]
fn the_independent_convolution_agrees_with_module_09_on_every_test_digit() {
    let (digits, _) = load_digit_data().unwrap();
    let mut model = simple_cnn(CNN_SEED);
    let check = check_cnn(&mut model, &digits).unwrap();
    assert!(check.max_logit_difference < LOGIT_TOLERANCE, "{check:?}");
    assert_eq!(check.held_out.correct, check.held_out.your_correct);
    assert_eq!(check.filter_moves, [0.0, 0.0]);
    assert_eq!(check.bias_moves, [0.0, 0.0]);
    assert_eq!(
        (check.your_cnn_parameters, check.your_mlp_parameters),
        (666, 2410)
    );
    let card = cnn_gates(&check);
    let failed: Vec<&str> = card.failed().map(|g| g.name.as_str()).collect();
    assert_eq!(failed.len(), 5, "{}", card.to_table());
    assert!(failed[0].contains("accuracy"));
    assert!(failed[1].contains("conv1 filters") && failed[2].contains("conv2 filters"));
    assert!(failed[3].contains("conv1 biases") && failed[4].contains("conv2 biases"));
}

#[test]
fn another_seed_is_not_the_same_network() {
    // The filters-moved gate compares with simple_cnn(CNN_SEED): a network of another seed
    // differs from it, so the gate's reference really is the initialization.
    let (digits, _) = load_digit_data().unwrap();
    let mut other = simple_cnn(CNN_SEED + 1);
    let check = check_cnn(&mut other, &digits).unwrap();
    assert!(
        check.filter_moves.iter().all(|&m| m > 0.5),
        "{:?}",
        check.filter_moves
    );
}

//! What the gates measure: your SimpleCNN against the independent forward on the held-out
//! digits, how far its filters moved from their initialization, and the parameter counts
//! against the hand counts of both architectures.

use crate::independent::{CNN_PARAMETERS, CnnNumbers, MLP_PARAMETERS};
use crate::{CNN_SEED, as_images};
use serde::Serialize;
use tinytorch_autograd::no_grad;
use tinytorch_convolutions::simple_cnn;
use tinytorch_dataloader::Digits;
use tinytorch_layers::{Module, Sequential};
use tinytorch_milestone_kit::{Gate, Scorecard};
use tinytorch_milestone_mlp::independent::{argmax, relative_change};
use tinytorch_milestone_mlp::{HeldOut, test_accuracy};

/// How far each convolution's filters must move from their initialization (relative norm).
pub const FILTER_MIN_MOVE: f64 = 0.25;
/// The largest logit difference allowed between your forward (f32) and the independent one (f64).
pub const LOGIT_TOLERANCE: f64 = 1e-3;
/// How far (Euclidean) each convolution's biases must move from their initialization.
pub const BIAS_MIN_MOVE: f64 = 1e-3;
/// How many times fewer parameters the SimpleCNN must have than the digit MLP.
pub const MIN_PARAMETER_RATIO: f64 = 3.5;

/// What the milestone measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CnnCheck {
    /// Correct counts of the test digits, by the independent forward and by your modules.
    #[serde(flatten)]
    pub held_out: HeldOut,
    /// The largest |your logit - independent logit| over the test digits.
    pub max_logit_difference: f64,
    /// `|W - W_init| / |W_init|` of conv1 and conv2.
    pub filter_moves: [f64; 2],
    /// `|b - b_init|` of conv1's and conv2's biases (they start at 0, so an absolute
    /// distance: a bias that never moved received no gradient).
    pub bias_moves: [f64; 2],
    /// Your SimpleCNN's `num_parameters()`.
    pub your_cnn_parameters: usize,
    /// Your digit MLP's `num_parameters()`.
    pub your_mlp_parameters: usize,
    /// The trained network's numbers (for the picture).
    #[serde(skip)]
    pub trained: CnnNumbers,
    /// The initial network's numbers (for the picture).
    #[serde(skip)]
    pub initial: CnnNumbers,
}

/// Measures the trained `model` (input `[N, 1, 8, 8]`).
///
/// # Errors
/// A message when the model or its initialization is not SimpleCNN's layout.
pub fn check_cnn(model: &mut Sequential, digits: &Digits) -> Result<CnnCheck, String> {
    let trained = CnnNumbers::from_model(&*model)?;
    let initial = CnnNumbers::from_model(&simple_cnn(CNN_SEED))?;
    let inputs = digits.test.inputs();
    let labels = digits.test.labels();
    let images = as_images(inputs);
    model.eval();
    let yours = no_grad(&*model, |m| m.forward(&images)).to_vec();
    model.train();
    let (_, your_correct) = test_accuracy(model, &images, labels);
    let (mut correct, mut max_diff) = (0, 0.0f64);
    for (i, (row, &label)) in inputs.to_vec().chunks(64).zip(labels).enumerate() {
        let pixels: Vec<f64> = row.iter().map(|&v| f64::from(v)).collect();
        let logits = trained.logits(&pixels);
        correct += usize::from(argmax(&logits) == label);
        for (k, &l) in logits.iter().enumerate() {
            let diff = (f64::from(yours.get(i * 10 + k).copied().unwrap_or(f32::NAN)) - l).abs();
            max_diff = if diff.is_nan() {
                f64::NAN
            } else {
                max_diff.max(diff)
            };
        }
    }
    let moved = |p: usize| relative_change(&initial.params[p], &trained.params[p]);
    let distance = |p: usize| {
        let pairs = initial.params[p].iter().zip(&trained.params[p]);
        pairs.map(|(a, b)| (b - a).powi(2)).sum::<f64>().sqrt()
    };
    Ok(CnnCheck {
        held_out: HeldOut {
            samples: labels.len(),
            correct,
            your_correct,
        },
        max_logit_difference: max_diff,
        filter_moves: [moved(0), moved(2)],
        bias_moves: [distance(1), distance(3)],
        your_cnn_parameters: model.num_parameters(),
        your_mlp_parameters: tinytorch_training::digit_mlp(0).num_parameters(),
        trained,
        initial,
    })
}

/// The milestone's gates.
pub fn cnn_gates(check: &CnnCheck) -> Scorecard {
    let mut card = Scorecard::default();
    card.push(Gate::at_most_sci(
        "your SimpleCNN forward = independent convolution (max |logit diff|)",
        check.max_logit_difference,
        LOGIT_TOLERANCE,
        "",
    ));
    card.gates.extend(check.held_out.gates(""));
    for (layer, &moved) in check.filter_moves.iter().enumerate() {
        card.push(Gate::at_least(
            format!(
                "conv{} filters moved from init (|W - W_init| / |W_init|)",
                layer + 1
            ),
            moved,
            FILTER_MIN_MOVE,
            "",
        ));
    }
    for (layer, &moved) in check.bias_moves.iter().enumerate() {
        card.push(Gate::at_least(
            format!("conv{} biases trained (|b - b_init|)", layer + 1),
            moved,
            BIAS_MIN_MOVE,
            "",
        ));
    }
    card.push(Gate::holds(
        format!("your SimpleCNN has {CNN_PARAMETERS} parameters (hand count)"),
        check.your_cnn_parameters == CNN_PARAMETERS,
        &format!("{CNN_PARAMETERS}"),
    ));
    card.push(Gate::holds(
        format!("your digit MLP has {MLP_PARAMETERS} parameters (hand count)"),
        check.your_mlp_parameters == MLP_PARAMETERS,
        &format!("{MLP_PARAMETERS}"),
    ));
    card.push(Gate::at_least(
        "MLP parameters / SimpleCNN parameters",
        check.your_mlp_parameters as f64 / check.your_cnn_parameters.max(1) as f64,
        MIN_PARAMETER_RATIO,
        "x",
    ));
    card
}

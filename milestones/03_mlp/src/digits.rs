//! Part 2, the digit MLP: module 08's `Linear(64, 32) -> ReLU -> Linear(32, 10)` trained by
//! its recipe (`train_digit_mlp`) on the 8x8 digits, checkpointed in the shared checkpoint
//! directory (milestone 06 compresses this very network), and judged on the held-out
//! digits by the independent forward.

use crate::independent::{Hidden, TwoLayer, score};
use crate::xor::LOSS_TOLERANCE;
use std::path::Path;
use tinytorch_autograd::no_grad;
use tinytorch_dataloader::{Dataset, Digits, default_digits_path, load_digits};
use tinytorch_layers::{Module, Sequential};
use tinytorch_losses::{Reduction, cross_entropy};
use tinytorch_milestone_kit::{
    Checkpointed, Evaluation, Floor, Gate, MilestoneError, Progress, Recipe, Retrain, Scorecard,
    TrainingSummary, editions_line, file_fingerprint, training,
};
use tinytorch_tensor::Tensor;
use tinytorch_training::{
    DIGITS_SEED, History, TrainError, accuracy, digit_mlp, load_checkpoint, save_checkpoint,
    train_digit_mlp,
};

/// The digit MLP's checkpoint name (`digit_mlp.safetensors` in the checkpoint directory).
pub const MLP_NAME: &str = "digit_mlp";
/// The identity of the digit MLP's recipe: change the recipe, change this string, and
/// every checkpoint trained by the old one is retrained.
pub const MLP_RECIPE: &str =
    "digit_mlp v1: tinytorch_training::train_digit_mlp (Adam lr 1e-2, batch 32, 30 epochs)";
/// The seed of the digit MLP's weights and data order (module 08's).
pub const MLP_SEED: u64 = DIGITS_SEED;
/// The held-out accuracy both digit networks must reach.
pub const DIGITS_FLOOR: f64 = 0.95;
/// The layout of the digit MLP for [`TwoLayer::from_model`].
pub const MLP_SHAPE: (usize, usize, usize) = (64, 32, 10);

/// The shipped digits and their fingerprint (`sha256:` of the file), which the stamps of
/// the digit networks record.
///
/// # Errors
/// [`MilestoneError::Data`] if the file is missing or malformed.
pub fn load_digit_data() -> Result<(Digits, String), MilestoneError> {
    let path = default_digits_path();
    let digits = load_digits(&path).map_err(|e| MilestoneError::Data {
        what: "the digits",
        message: e.to_string(),
    })?;
    Ok((digits, file_fingerprint(&path)?))
}

/// The editions of the modules that train the digit MLP (01-08), recorded in its stamp.
pub fn mlp_training_editions() -> String {
    editions_line(&tinytorch_training::editions())
}

/// A digit network that is a [`Sequential`] trained epoch by epoch, its recipe as data for
/// [`train_or_load_sequential`]: [`MLP_NET`] here, milestone 04's SimpleCNN.
#[derive(Clone, Copy, Debug)]
pub struct SequentialNet {
    /// The checkpoint's name (`<name>.safetensors`).
    pub name: &'static str,
    /// The recipe's identity string; change the recipe, change the string.
    pub recipe: &'static str,
    /// The seed of the weights and the data order.
    pub seed: u64,
    /// The `course-edition` line of the modules that train the network.
    pub editions: fn() -> String,
    /// Builds the untrained architecture from the seed (what a checkpoint loads into).
    pub build: fn(u64) -> Sequential,
    /// Trains it on the digits from the seed (quiet or not): the trained model and its
    /// per-epoch history.
    pub train: TrainDigitNet,
}

/// How a [`SequentialNet`] trains: on the digits, from a seed, quiet or not.
pub type TrainDigitNet = fn(&Digits, u64, bool) -> Result<(Sequential, History), TrainError>;

/// The digit MLP: module 08's `digit_mlp`, trained by its `train_digit_mlp`.
pub const MLP_NET: SequentialNet = SequentialNet {
    name: MLP_NAME,
    recipe: MLP_RECIPE,
    seed: MLP_SEED,
    editions: mlp_training_editions,
    build: digit_mlp,
    train: |digits, seed, quiet| {
        train_digit_mlp(digits, seed, quiet).map(|run| (run.model, run.history))
    },
};

/// `net`'s checkpoint in `dir` when current, else trained on `digits` and saved, through
/// [`tinytorch_milestone_kit::train_or_load`].
///
/// # Errors
/// As [`tinytorch_milestone_kit::train_or_load`]; [`MilestoneError::Training`] naming
/// `net` if its training fails.
pub fn train_or_load_sequential(
    net: &SequentialNet,
    digits: &Digits,
    data_print: &str,
    dir: &Path,
    retrain: Retrain,
    progress: Progress,
) -> Result<Checkpointed<Sequential>, MilestoneError> {
    let SequentialNet {
        name,
        seed,
        build,
        train,
        ..
    } = *net;
    let recipe = Recipe {
        name,
        recipe: net.recipe,
        seed,
        data: data_print.to_string(),
        editions: (net.editions)(),
        load: Box::new(move |path: &Path| {
            let model = build(seed);
            load_checkpoint(&model, path).map_err(|e| e.to_string())?;
            Ok(model)
        }),
        train: Box::new(move || {
            let (model, history) =
                train(digits, seed, progress.is_quiet()).map_err(|e| training(name, e))?;
            Ok((model, epochs_summary(&history)))
        }),
        save: Box::new(|model: &Sequential, path: &Path| {
            save_checkpoint(model, path).map_err(|e| e.to_string())
        }),
    };
    tinytorch_milestone_kit::train_or_load(dir, recipe, retrain, progress)
}

/// What an epoch-based training run did, from its history.
pub fn epochs_summary(history: &History) -> TrainingSummary {
    TrainingSummary {
        unit: "epochs".into(),
        count: history.len(),
        seconds: history.total_seconds(),
        final_train_loss: history.last().map_or(f32::NAN, |r| r.train_loss),
    }
}

/// Your test accuracy of `model` on `inputs` (in evaluation mode, no graph recorded) and
/// the number of correct rows, by module 08's `accuracy`.
pub fn test_accuracy(model: &mut Sequential, inputs: &Tensor, labels: &[usize]) -> (f32, usize) {
    model.eval();
    let logits = no_grad(&*model, |m| m.forward(inputs));
    model.train();
    let acc = accuracy(&logits, labels);
    (acc, (acc * labels.len() as f32).round() as usize)
}

/// The digit MLP's held-out accuracy as an [`Evaluation`] against [`DIGITS_FLOOR`].
pub fn mlp_evaluation(model: &mut Sequential, digits: &Digits) -> Evaluation {
    let (acc, correct) = test_accuracy(model, digits.test.inputs(), digits.test.labels());
    Evaluation {
        metric: "test_accuracy",
        value: f64::from(acc),
        floor: Floor::AtLeast(DIGITS_FLOOR),
        baseline: None,
        detail: format!("{correct}/{} test digits", digits.test.len()),
    }
}

/// A digit network's held-out count, by the independent forward and by your modules:
/// what part 2 here and milestone 04's SimpleCNN both judge the same way.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct HeldOut {
    /// Test digits.
    pub samples: usize,
    /// Correct by the independent forward.
    pub correct: usize,
    /// Correct by your forward and your `accuracy`.
    pub your_correct: usize,
}

impl HeldOut {
    /// Independent accuracy.
    pub fn accuracy(&self) -> f64 {
        self.correct as f64 / self.samples.max(1) as f64
    }

    /// `held out: 350/364 correct = 96.15% (floor 95%)`.
    pub fn summary(&self) -> String {
        format!(
            "held out: {}/{} correct = {:.2}% (floor {:.0}%)",
            self.correct,
            self.samples,
            100.0 * self.accuracy(),
            100.0 * DIGITS_FLOOR
        )
    }

    /// The count's two gates, each name after `prefix`: your `accuracy()` counts what the
    /// independent forward counts, and the held-out accuracy reaches [`DIGITS_FLOOR`].
    pub fn gates(&self, prefix: &str) -> [Gate; 2] {
        [
            Gate::holds(
                format!("{prefix}your accuracy() counts what the independent forward counts"),
                self.your_correct == self.correct,
                "equal counts",
            ),
            Gate::at_least(
                format!("{prefix}held-out accuracy (independent forward)"),
                100.0 * self.accuracy(),
                100.0 * DIGITS_FLOOR,
                "%",
            ),
        ]
    }
}

/// What part 2 measured on the held-out digits.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DigitsCheck {
    /// Correct counts of the test digits, both ways.
    #[serde(flatten)]
    pub held_out: HeldOut,
    /// Mean cross-entropy by the independent forward.
    pub loss: f64,
    /// Mean cross-entropy by your forward and your `cross_entropy`.
    pub your_loss: f64,
}

/// Measures `model` on the test digits both ways: your modules, and the independent
/// forward over the same weights.
///
/// # Errors
/// A message if the model is not the digit MLP's layout, or your loss rejects the labels.
pub fn check_digits(model: &mut Sequential, digits: &Digits) -> Result<DigitsCheck, String> {
    let net = TwoLayer::from_model(&*model, MLP_SHAPE, Hidden::Relu)?;
    let inputs = digits.test.inputs();
    let labels = digits.test.labels();
    let (loss, correct) = score(&net, &inputs.to_vec(), labels);
    let (_, your_correct) = test_accuracy(model, inputs, labels);
    model.eval();
    let your_loss = no_grad(&*model, |m| {
        cross_entropy(&m.forward(inputs), labels, Reduction::Mean)
    });
    model.train();
    Ok(DigitsCheck {
        held_out: HeldOut {
            samples: labels.len(),
            correct,
            your_correct,
        },
        loss,
        your_loss: f64::from(your_loss.map_err(|e| e.to_string())?.item()),
    })
}

/// The gates of part 2.
pub fn digits_gates(check: &DigitsCheck) -> Scorecard {
    let mut card = Scorecard::default();
    card.push(Gate::at_most_sci(
        "digits: your cross-entropy = independent one (|difference|)",
        (check.your_loss - check.loss).abs(),
        LOSS_TOLERANCE,
        " nats",
    ));
    card.gates.extend(check.held_out.gates("digits: "));
    card
}

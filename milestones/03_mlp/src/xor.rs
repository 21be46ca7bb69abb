//! Part 1, XOR (Rumelhart, Hinton and Williams, 1986): the problem no single-layer
//! perceptron solves (milestone 02) falls to one hidden layer trained by backpropagation.
//! The network is trained by your whole chain: your layers, activations, loss, autograd,
//! optimizer and trainer. The gates then read its weights and judge them with the
//! independent forward of [`crate::independent`].

use crate::independent::{Hidden, TwoLayer, relative_change, score};
use std::sync::Arc;
use tinytorch_activations::Tanh;
use tinytorch_autograd::no_grad;
use tinytorch_dataloader::TensorDataset;
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_losses::{Reduction, cross_entropy};
use tinytorch_milestone_kit::{Gate, MilestoneError, Scorecard, training};
use tinytorch_optimizers::{Adam, AdamConfig};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_training::{TrainConfig, Trainer};

/// The four XOR inputs, row by row.
pub const XOR_INPUTS: [f32; 8] = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0];
/// Their classes: 1 when exactly one input is 1.
pub const XOR_LABELS: [usize; 4] = [0, 1, 1, 0];
/// Hidden units: two suffice in theory; four make the seeded run robust.
pub const XOR_HIDDEN: usize = 4;
/// Full-batch updates (one epoch is one update of the four rows).
pub const XOR_EPOCHS: usize = 300;
/// The seed of the XOR network's weights.
pub const XOR_SEED: u64 = 0;
/// How far the hidden weights must move from their initialization (relative norm): a
/// network that "solved" XOR without moving them did not learn a hidden representation.
pub const XOR_MIN_MOVE: f64 = 0.25;
/// How close your cross-entropy must be to the independent one (nats).
pub const LOSS_TOLERANCE: f64 = 1e-4;

/// `Linear(2, 4) -> Tanh -> Linear(4, 2)`, weights from `seed`.
pub fn xor_model(seed: u64) -> Sequential {
    let mut rng = seeded_rng(seed);
    Sequential::new()
        .add(Linear::new(2, XOR_HIDDEN, &mut rng))
        .add(Tanh)
        .add(Linear::new(XOR_HIDDEN, 2, &mut rng))
}

/// What the XOR run produced: the weights before and after, your loss at the start, and
/// the loss of every update.
#[derive(Clone, Debug)]
pub struct XorRun {
    /// The network's numbers at initialization.
    pub initial: TwoLayer,
    /// The network's numbers after training.
    pub trained: TwoLayer,
    /// Your cross-entropy of the untrained network on the four rows.
    pub your_initial_loss: f64,
    /// The training loss of each update (your trainer's record).
    pub losses: Vec<f32>,
}

/// The layout of the XOR network for [`TwoLayer::from_model`].
const SHAPE: (usize, usize, usize) = (2, XOR_HIDDEN, 2);

/// Trains [`xor_model`]`(seed)` with your trainer: full batches of the four rows, Adam
/// (learning rate 0.05), [`XOR_EPOCHS`] updates.
///
/// # Errors
/// [`MilestoneError::Training`] if your modules reject the run (the message says which).
pub fn train_xor(seed: u64) -> Result<XorRun, MilestoneError> {
    let name = "xor_mlp";
    let inputs = Tensor::from_vec(XOR_INPUTS.to_vec(), &[4, 2]).map_err(|e| training(name, e))?;
    let model = xor_model(seed);
    let initial =
        TwoLayer::from_model(&model, SHAPE, Hidden::Tanh).map_err(|e| training(name, e))?;
    let your_initial_loss = no_grad(&model, |m| {
        cross_entropy(&m.forward(&inputs), &XOR_LABELS, Reduction::Mean)
    })
    .map_err(|e| training(name, e))?
    .item();
    let data = TensorDataset::new(inputs, XOR_LABELS.to_vec()).map_err(|e| training(name, e))?;
    let config = TrainConfig::default()
        .epochs(XOR_EPOCHS)
        .batch_size(4)
        .seed(seed)
        .quiet(true);
    let adam = Adam::new(model.parameters(), AdamConfig::default().lr(0.05))
        .map_err(|e| training(name, e))?;
    let loader = config.train_loader(Arc::new(data));
    let mut trainer = Trainer::new(model, adam, config).map_err(|e| training(name, e))?;
    let history = trainer.fit(&loader, None).map_err(|e| training(name, e))?;
    let trained = TwoLayer::from_model(trainer.model(), SHAPE, Hidden::Tanh)
        .map_err(|e| training(name, e))?;
    Ok(XorRun {
        initial,
        trained,
        your_initial_loss: f64::from(your_initial_loss),
        losses: history.train_losses(),
    })
}

/// The gates of part 1, each against the independent forward.
pub fn xor_gates(run: &XorRun) -> Scorecard {
    let mut card = Scorecard::default();
    let (reference_loss, _) = score(&run.initial, &XOR_INPUTS, &XOR_LABELS);
    card.push(Gate::at_most_sci(
        "XOR: your cross-entropy = independent one (|difference|, untrained net)",
        (run.your_initial_loss - reference_loss).abs(),
        LOSS_TOLERANCE,
        " nats",
    ));
    let (_, correct) = score(&run.trained, &XOR_INPUTS, &XOR_LABELS);
    card.push(Gate::at_least(
        "XOR: rows classified correctly (independent forward)",
        correct as f64,
        4.0,
        "/4",
    ));
    card.push(Gate::at_least(
        "XOR: hidden weights moved (|W1 - W1_init| / |W1_init|)",
        relative_change(&run.initial.w1, &run.trained.w1),
        XOR_MIN_MOVE,
        "",
    ));
    card
}

/// P(class 1) of the trained network at `(x, y)`, by the independent forward.
pub fn xor_probability(net: &TwoLayer, x: f64, y: f64) -> f64 {
    let logits = net.logits(&[x, y]);
    1.0 / (1.0 + (logits[0] - logits[1]).exp())
}

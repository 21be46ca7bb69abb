//! Graded tests for module 08 (Training). Test `t08_k_*` grades task 08.k.
//!
//! Most tests use models whose outputs are known by hand: a `Linear` with zero weights
//! (every logit 0, so every class has probability 1/C), or with the identity weight (the
//! logits ARE the inputs). Expected values are computed in the comments.

use assert_approx_eq::assert_approx_eq;
use std::sync::{Arc, Mutex};
use tinytorch_activations::Relu;
use tinytorch_dataloader::{
    Batch, DataLoader, Digits, TensorDataset, default_digits_path, load_digits,
};
use tinytorch_layers::{Dropout, Linear, Module, Parameter, Sequential};
use tinytorch_losses::LossError;
use tinytorch_optimizers::{Adam, AdamConfig, Sgd, SgdConfig, StepLr};
use tinytorch_tensor::testing::{assert_close, assert_slice_close};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_training::{
    DIGITS_SEED, TrainConfig, TrainError, Trainer, accuracy, count_correct, digit_mlp,
    train_digit_mlp,
};

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

fn dataset(values: &[f32], shape: &[usize], labels: &[usize]) -> Arc<TensorDataset> {
    Arc::new(TensorDataset::new(t(values, shape), labels.to_vec()).expect("one label per row"))
}

fn quiet(epochs: usize) -> TrainConfig {
    TrainConfig::default().epochs(epochs).quiet(true)
}

/// Plain SGD over the model's parameters.
fn sgd(model: &impl Module, lr: f32) -> Sgd {
    Sgd::new(model.parameters(), SgdConfig::default().lr(lr)).expect("a valid learning rate")
}

/// `Linear(2, 2)` with the identity weight and a zero bias: the logits are the inputs.
fn identity_linear() -> Linear {
    Linear::from_parameters(t(&[1.0, 0.0, 0.0, 1.0], &[2, 2]), Some(Tensor::zeros(&[2])))
        .expect("valid shapes")
}

/// Three samples whose logits (through `identity_linear`) are known:
///   [0, 0]    label 0: p0 = 1/2, loss ln 2     = 0.693147, argmax 0 (tie) -> correct
///   [ln 3, 0] label 0: p0 = 3/4, loss ln(4/3)  = 0.287682, argmax 0       -> correct
///   [ln 3, 0] label 1: p1 = 1/4, loss ln 4     = 1.386294, argmax 0       -> wrong
/// Mean over samples: ln(2 * 4/3 * 4) / 3 = ln(32/3) / 3 = 0.789041; accuracy 2/3.
/// (Averaging the means of the batches {0, 1} and {2} would give
///  ((0.693147 + 0.287682) / 2 + 1.386294) / 2 = 0.938355 and accuracy (1 + 0) / 2.)
fn three_known_samples() -> Arc<TensorDataset> {
    let ln3 = 3f32.ln();
    dataset(&[0.0, 0.0, ln3, 0.0, ln3, 0.0], &[3, 2], &[0, 0, 1])
}
const KNOWN_LOSS: f32 = 0.789_041;
const KNOWN_ACCURACY: f32 = 2.0 / 3.0;

/// Whether a training-mode forward pass through dropout(p = 0.5) is visible: with
/// identity weights, the outputs of an input of ones are 0 (dropped) or 2 (kept, scaled).
fn dropout_is_active(model: &Sequential) -> bool {
    let y = model.forward(&Tensor::ones(&[100, 2])).to_vec();
    y.contains(&0.0) && y.contains(&2.0)
}

/// `Dropout(0.5) -> identity Linear(2, 2)`.
fn dropout_then_identity() -> Sequential {
    Sequential::new()
        .add(Dropout::new(0.5, 11).expect("p in [0, 1)"))
        .add(identity_linear())
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_training::editions());
}

// ---- 08.1 accuracy and evaluate ------------------------------------------------------

#[test]
fn t08_1_accuracy_hand_computed() {
    let logits = t(
        &[
            0.1, 0.7, 0.2, // argmax 1, label 1: correct
            0.9, 0.05, 0.05, // argmax 0, label 0: correct
            0.3, 0.3, 0.4, // argmax 2, label 0: wrong
            0.5, 0.5, 0.0, // tie between 0 and 1 -> 0, label 0: correct
        ],
        &[4, 3],
    );
    assert_eq!(count_correct(&logits, &[1, 0, 0, 0]), 3);
    assert_approx_eq!(accuracy(&logits, &[1, 0, 0, 0]), 0.75, 1e-7);
    // Predictions [1, 0, 2, 0] against labels [2, 1, 2, 1]: only row 2 is right.
    assert_eq!(count_correct(&logits, &[2, 1, 2, 1]), 1);
}

#[test]
fn t08_1_accuracy_ties_go_to_the_first_index() {
    let logits = t(&[1.0, 1.0, 0.0, 0.0, 2.0, 2.0, 3.0, 3.0, 3.0], &[3, 3]);
    // Predictions with ties broken toward the first index: [0, 1, 0].
    assert_eq!(count_correct(&logits, &[0, 1, 0]), 3);
    assert_eq!(count_correct(&logits, &[1, 2, 2]), 0);
}

#[test]
#[should_panic(expected = "accuracy: 3 labels for logits of shape [2, 2]")]
fn t08_1_accuracy_panics_when_labels_do_not_match_rows() {
    count_correct(&Tensor::zeros(&[2, 2]), &[0, 1, 0]);
}

#[test]
fn t08_1_evaluate_zero_weights_gives_ln_10() {
    // Zero weights: every logit is 0, every class has probability 1/10, so every
    // sample's loss is ln 10 = 2.302585, and every prediction is class 0 (a 10-way tie).
    // Labels [0, 3, 0, 0, 7]: accuracy = fraction of class 0 = 3/5. In batches of 2,
    // {0, 3} {0, 0} {7}, the mean of the batch accuracies would be (0.5 + 1 + 0) / 3 = 0.5.
    let model = Linear::from_parameters(Tensor::zeros(&[4, 10]), Some(Tensor::zeros(&[10])))
        .expect("valid shapes");
    let data = dataset(&[0.5; 20], &[5, 4], &[0, 3, 0, 0, 7]);
    let optimizer = sgd(&model, 0.1);
    let mut trainer = Trainer::new(model, optimizer, quiet(1)).expect("valid trainer");
    let stats = trainer
        .evaluate(&DataLoader::new(data, 2))
        .expect("valid labels");
    assert_approx_eq!(stats.loss, 10f32.ln(), 1e-5);
    assert_approx_eq!(stats.accuracy, 0.6, 1e-6);
    assert_eq!(stats.samples, 5);
}

#[test]
fn t08_1_evaluate_averages_over_samples_not_batches() {
    let model = identity_linear();
    let optimizer = sgd(&model, 0.1);
    let mut trainer = Trainer::new(model, optimizer, quiet(1)).expect("valid trainer");
    let stats = trainer
        .evaluate(&DataLoader::new(three_known_samples(), 2))
        .expect("valid labels");
    assert_approx_eq!(stats.loss, KNOWN_LOSS, 1e-5);
    assert_approx_eq!(stats.accuracy, KNOWN_ACCURACY, 1e-6);
    assert_eq!(stats.samples, 3);
    // Evaluating never updates the weights.
    assert_eq!(
        trainer.model().weight().get().to_vec(),
        vec![1.0, 0.0, 0.0, 1.0]
    );
}

#[test]
fn t08_1_evaluate_runs_in_eval_mode_then_returns_to_training_mode() {
    let model = dropout_then_identity();
    let optimizer = sgd(&model, 0.1);
    let mut trainer = Trainer::new(model, optimizer, quiet(1)).expect("valid trainer");
    let loader = DataLoader::new(three_known_samples(), 2);
    // In eval mode the dropout is the identity: the known values, twice (deterministic).
    for _ in 0..2 {
        let stats = trainer.evaluate(&loader).expect("valid labels");
        assert_approx_eq!(stats.loss, KNOWN_LOSS, 1e-5);
        assert_approx_eq!(stats.accuracy, KNOWN_ACCURACY, 1e-6);
    }
    assert!(
        dropout_is_active(trainer.model()),
        "after evaluate, the model must be back in training mode (dropout active)"
    );
}

/// A `Linear(1, 2)` that writes down, at every forward pass, what `look` reads from the
/// input and the layer (whether the weight records a graph, the input values ...).
struct Probe<T> {
    linear: Linear,
    look: fn(&Tensor, &Linear) -> Vec<T>,
    seen: Arc<Mutex<Vec<T>>>,
}

/// A [`Probe`] with a fresh `Linear(1, 2)`, and the list it writes to.
fn probe<T>(look: fn(&Tensor, &Linear) -> Vec<T>) -> (Probe<T>, Arc<Mutex<Vec<T>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let linear = Linear::new(1, 2, &mut seeded_rng(0));
    let model = Probe {
        linear,
        look,
        seen: seen.clone(),
    };
    (model, seen)
}

impl<T: Send + 'static> Module for Probe<T> {
    fn forward(&self, x: &Tensor) -> Tensor {
        let values = (self.look)(x, &self.linear);
        self.seen
            .lock()
            .expect("no panic while held")
            .extend(values);
        self.linear.forward(x)
    }
    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        self.linear.named_parameters()
    }
    fn name(&self) -> String {
        "Probe".into()
    }
}

#[test]
fn t08_1_evaluate_records_no_graph_and_training_still_does() {
    let (model, recording) = probe(|_, linear| vec![linear.weight().get().requires_grad()]);
    let optimizer = sgd(&model, 0.1);
    let mut trainer = Trainer::new(model, optimizer, quiet(1)).expect("valid trainer");
    let data = dataset(&[0.0, 1.0, 2.0], &[3, 1], &[0, 1, 1]);
    let stats = trainer
        .evaluate(&DataLoader::new(data.clone(), 2))
        .expect("valid labels");
    assert_eq!(stats.samples, 3);
    assert_eq!(
        *recording.lock().expect("no panic while held"),
        vec![false, false],
        "evaluate's two batches must run with the parameters frozen (no graph)"
    );
    // The parameters are trainable again: a training step records and updates.
    recording.lock().expect("no panic while held").clear();
    let stats = trainer
        .train_epoch(&DataLoader::new(data, 3), 0)
        .expect("valid labels");
    assert_eq!(stats.batches, 1);
    assert_eq!(*recording.lock().expect("no panic while held"), vec![true]);
}

#[test]
fn t08_1_evaluate_reports_a_bad_label_and_still_restores_training_mode() {
    let model = dropout_then_identity();
    let optimizer = sgd(&model, 0.1);
    let mut trainer = Trainer::new(model, optimizer, quiet(1)).expect("valid trainer");
    // Two classes, but sample 1 is labelled 5.
    let data = dataset(&[0.0, 1.0, 1.0, 0.0], &[2, 2], &[0, 5]);
    let err = trainer.evaluate(&DataLoader::new(data, 2)).unwrap_err();
    assert_eq!(
        err,
        TrainError::Loss(LossError::TargetOutOfRange {
            sample: 1,
            target: 5,
            classes: 2
        })
    );
    assert!(
        dropout_is_active(trainer.model()),
        "training mode restored after the error"
    );
}

// ---- 08.2 one training step ----------------------------------------------------------

/// A zero `Linear(2, 2)` and the batch x = [[1, 0], [0, 2]], labels [0, 0].
///
/// Logits 0, softmax [1/2, 1/2], loss ln 2 per sample. The gradient of the MEAN loss
/// with respect to the logits is (softmax - onehot) / B = ([0.5, 0.5] - [1, 0]) / 2
/// = [-0.25, 0.25] for both rows. Then
///   dW = x^T G = [[1 * -0.25, 1 * 0.25], [2 * -0.25, 2 * 0.25]] = [[-0.25, 0.25], [-0.5, 0.5]]
///   db = sum of the rows of G = [-0.5, 0.5]
/// and the global gradient norm is sqrt(2 * 0.25^2 + 2 * 0.5^2 + 2 * 0.5^2) = sqrt(1.125)
/// = 1.0606602.
fn zero_linear_and_batch() -> (Linear, Batch) {
    let model = Linear::from_parameters(Tensor::zeros(&[2, 2]), Some(Tensor::zeros(&[2])))
        .expect("valid shapes");
    let batch = Batch {
        inputs: t(&[1.0, 0.0, 0.0, 2.0], &[2, 2]),
        labels: vec![0, 0],
    };
    (model, batch)
}

#[test]
fn t08_2_sgd_step_moves_the_weights_by_minus_lr_times_the_gradient() {
    let (model, batch) = zero_linear_and_batch();
    let optimizer = sgd(&model, 0.1);
    let mut trainer = Trainer::new(model, optimizer, quiet(1)).expect("valid trainer");
    let stats = trainer.train_step(&batch).expect("a valid batch");

    // Measured before the update: loss ln 2, both rows predict class 0 (tie) = label.
    assert_approx_eq!(stats.loss, 2f32.ln(), 1e-6);
    assert_eq!(
        (stats.correct, stats.samples, stats.grad_norm),
        (2, 2, None)
    );
    // W = 0 - 0.1 * dW, b = 0 - 0.1 * db.
    let model = trainer.model();
    assert_close(
        &model.weight().get(),
        &[2, 2],
        &[0.025, -0.025, 0.05, -0.05],
        1e-7,
    );
    let bias = model.bias().expect("the layer has a bias").get();
    assert_close(&bias, &[2], &[0.05, -0.05], 1e-7);
    assert_eq!(trainer.steps_done(), 1);
}

#[test]
fn t08_2_clipping_scales_the_gradient_to_the_max_norm() {
    let (model, batch) = zero_linear_and_batch();
    let optimizer = sgd(&model, 0.1);
    let config = quiet(1).grad_clip(0.5);
    let mut trainer = Trainer::new(model, optimizer, config).expect("valid trainer");
    let stats = trainer.train_step(&batch).expect("a valid batch");

    // The norm before clipping is reported; the gradient is scaled by
    // 0.5 / (1.0606602 + 1e-6) = 0.4714041, so each update is 0.1 * 0.4714041 * grad:
    // 0.25 -> 0.0117851 and 0.5 -> 0.0235702.
    assert_approx_eq!(stats.grad_norm.expect("clipping is on"), 1.060_660_2, 1e-5);
    let (a, b) = (0.011_785_1, 0.023_570_2);
    let model = trainer.model();
    assert_close(&model.weight().get(), &[2, 2], &[a, -a, b, -b], 1e-6);
    let bias = model.bias().expect("the layer has a bias").get();
    assert_close(&bias, &[2], &[b, -b], 1e-6);
}

#[test]
fn t08_2_the_schedule_sets_the_learning_rate_of_every_update() {
    let (model, batch) = zero_linear_and_batch();
    // Built with lr 0.7, but the schedule decides: 0.1, then 0.05, then 0.025.
    let optimizer = sgd(&model, 0.7);
    let schedule = StepLr {
        base: 0.1,
        step_size: 1,
        gamma: 0.5,
    };
    let mut trainer = Trainer::new(model, optimizer, quiet(1))
        .expect("valid trainer")
        .with_schedule(schedule);
    trainer.train_step(&batch).expect("a valid batch");
    // The first update used lr 0.1: the same weights as in the plain SGD test.
    assert_close(
        &trainer.model().weight().get(),
        &[2, 2],
        &[0.025, -0.025, 0.05, -0.05],
        1e-7,
    );
    trainer.train_step(&batch).expect("a valid batch");
    trainer.train_step(&batch).expect("a valid batch");
    assert_approx_eq!(trainer.optimizer().learning_rate(), 0.025, 1e-9);
    assert_eq!(trainer.steps_done(), 3);
}

#[test]
fn t08_2_a_non_finite_loss_stops_before_the_update() {
    // 1e30 * 1e30 overflows to infinity; the cross-entropy of [inf, 0] is NaN.
    let model =
        Linear::from_parameters(t(&[1e30, 0.0, 0.0, 0.0], &[2, 2]), None).expect("valid shapes");
    let optimizer = sgd(&model, 0.1);
    let mut trainer = Trainer::new(model, optimizer, quiet(1)).expect("valid trainer");
    let batch = Batch {
        inputs: t(&[1e30, 0.0], &[1, 2]),
        labels: vec![1],
    };
    let err = trainer.train_step(&batch).unwrap_err();
    assert!(
        matches!(err, TrainError::NonFiniteLoss { step: 0, loss } if !loss.is_finite()),
        "got {err:?}"
    );
    assert_eq!(
        trainer.model().weight().get().to_vec(),
        vec![1e30, 0.0, 0.0, 0.0],
        "no update with a non-finite loss"
    );
}

// ---- 08.3 the epoch loop and history -------------------------------------------------

#[test]
fn t08_3_train_epoch_averages_over_samples() {
    // lr 0: the weights never move, so every batch sees the identity model and the
    // epoch's loss and accuracy are the known ones (see three_known_samples).
    let model = identity_linear();
    let optimizer = sgd(&model, 0.0);
    let mut trainer = Trainer::new(model, optimizer, quiet(1)).expect("valid trainer");
    let stats = trainer
        .train_epoch(&DataLoader::new(three_known_samples(), 2), 0)
        .expect("valid labels");
    assert_approx_eq!(stats.loss, KNOWN_LOSS, 1e-5);
    assert_approx_eq!(stats.accuracy, KNOWN_ACCURACY, 1e-6);
    assert_eq!((stats.samples, stats.batches), (3, 2));
    assert_eq!(trainer.steps_done(), 2);
}

/// Two clusters: class 0 around (-1, -1), class 1 around (1, 1).
fn two_clusters() -> Arc<TensorDataset> {
    dataset(
        &[
            -1.0, -1.2, -0.8, -1.0, -1.1, -0.9, 1.0, 1.2, 0.8, 1.0, 1.1, 0.9,
        ],
        &[6, 2],
        &[0, 0, 0, 1, 1, 1],
    )
}

#[test]
fn t08_3_fit_records_every_epoch_and_the_loss_decreases() {
    let data = two_clusters();
    let model = Linear::new(2, 2, &mut seeded_rng(3));
    let optimizer = sgd(&model, 0.2);
    // Full batches: each epoch is one gradient-descent step on a convex loss, so with a
    // small step the loss measured at the start of each epoch strictly decreases.
    let config = quiet(5).batch_size(6);
    let train = config.train_loader(data.clone());
    let validation = config.eval_loader(data);
    let mut trainer = Trainer::new(model, optimizer, config).expect("valid trainer");

    let history = trainer.fit(&train, Some(&validation)).expect("valid data");
    assert_eq!(history.len(), 5);
    for (i, record) in history.epochs.iter().enumerate() {
        assert_eq!(record.epoch, i as u64);
        assert!(record.val_loss.is_some() && record.val_accuracy.is_some());
        assert_approx_eq!(record.learning_rate, 0.2, 1e-9);
        assert!(record.seconds >= 0.0);
    }
    let losses = history.train_losses();
    assert!(
        losses.windows(2).all(|w| w[1] < w[0]),
        "the training loss must decrease every epoch: {losses:?}"
    );
    // Validation on the same data, after the epoch's update: below that epoch's loss.
    assert!(history.epochs[0].val_loss.unwrap() < losses[0]);
    let json = serde_json::to_value(&history).expect("History serializes");
    assert_eq!(json["epochs"][4]["epoch"], 4);

    // A second fit continues: epochs 5..10, the history keeps all ten.
    let history = trainer.fit(&train, None).expect("valid data");
    assert_eq!(history.len(), 10);
    assert_eq!(history.epochs[9].epoch, 9);
    assert!(
        history.epochs[9].val_loss.is_none(),
        "no validation loader this time"
    );
    assert_eq!(trainer.epochs_done(), 10);
    assert_eq!(trainer.history().len(), 10);
}

#[test]
fn t08_3_each_epoch_sees_its_own_shuffle() {
    // Sample i has the single feature i, so the recorded inputs are the visiting order.
    let values: Vec<f32> = (0..8).map(|i| i as f32).collect();
    let labels: Vec<usize> = (0..8).map(|i| i % 2).collect();
    let data = dataset(&values, &[8, 1], &labels);
    let (model, seen) = probe(|x, _| x.to_vec());
    let optimizer = sgd(&model, 0.0);
    let config = quiet(2).batch_size(3).seed(5);
    let loader = config.train_loader(data);
    let mut trainer = Trainer::new(model, optimizer, config).expect("valid trainer");
    trainer.fit(&loader, None).expect("valid data");

    let order = |epoch| -> Vec<f32> {
        loader
            .epoch(epoch)
            .order()
            .iter()
            .map(|&i| i as f32)
            .collect()
    };
    assert_ne!(order(0), order(1), "the test needs two different shuffles");
    let seen = seen.lock().expect("no panic while held").clone();
    assert_eq!(seen.len(), 16, "two epochs of 8 samples");
    assert_eq!(
        seen[..8],
        order(0)[..],
        "epoch 0 in the loader's epoch-0 order"
    );
    assert_eq!(
        seen[8..],
        order(1)[..],
        "epoch 1 in the loader's epoch-1 order"
    );
}

/// The weights of `model` after `fit` on `data` with Adam at `lr` and `config`.
fn weights_after_fit(
    model: Sequential,
    lr: f32,
    config: TrainConfig,
    data: Arc<TensorDataset>,
) -> Vec<Vec<f32>> {
    let adam = Adam::new(model.parameters(), AdamConfig::default().lr(lr)).expect("valid");
    let loader = config.train_loader(data);
    let mut trainer = Trainer::new(model, adam, config).expect("valid trainer");
    trainer.fit(&loader, None).expect("valid data");
    let params = trainer.model().parameters();
    params.iter().map(|p| p.get().to_vec()).collect()
}

#[test]
fn t08_3_the_same_seeds_give_bit_identical_weights() {
    let run = |shuffle_seed: u64| -> Vec<Vec<f32>> {
        let mut rng = seeded_rng(3);
        let model = Sequential::new()
            .add(Linear::new(2, 8, &mut rng))
            .add(Relu)
            .add(Linear::new(8, 2, &mut rng));
        let config = quiet(2).batch_size(4).seed(shuffle_seed);
        weights_after_fit(model, 0.05, config, two_clusters())
    };
    assert_eq!(run(9), run(9), "same seeds, same weights, bit for bit");
    assert_ne!(run(9), run(10), "another shuffle seed, other weights");
}

// ---- 08.4 training the digit MLP -----------------------------------------------------

#[test]
fn t08_4_digit_mlp_architecture() {
    let model = digit_mlp(1);
    assert_eq!(model.num_parameters(), 2_410); // 64*32 + 32 + 32*10 + 10
    let named: Vec<(String, Vec<usize>)> = model
        .named_parameters()
        .into_iter()
        .map(|(name, p)| (name, p.shape()))
        .collect();
    let expected = [
        ("0.weight", vec![64, 32]),
        ("0.bias", vec![32]),
        ("2.weight", vec![32, 10]),
        ("2.bias", vec![10]),
    ];
    assert_eq!(
        named.len(),
        4,
        "two Linear layers with a ReLU between: {named:?}"
    );
    for ((name, shape), (want_name, want_shape)) in named.iter().zip(&expected) {
        assert_eq!((name.as_str(), shape), (*want_name, want_shape));
    }
    assert_eq!(model.forward(&Tensor::zeros(&[5, 64])).shape(), &[5, 10]);
    // The ReLU is there: a negative first-layer output must not reach the second layer.
    let x = Tensor::ones(&[1, 64]).mul_scalar(-50.0);
    let hidden = model.layers()[0].forward(&x);
    let after_relu = model.layers()[1].forward(&hidden);
    assert!(after_relu.to_vec().iter().all(|&v| v >= 0.0));
}

#[test]
fn t08_4_digit_mlp_is_seeded() {
    let weights = |seed| -> Vec<Vec<f32>> {
        digit_mlp(seed)
            .parameters()
            .iter()
            .map(|p| p.get().to_vec())
            .collect()
    };
    assert_eq!(weights(5), weights(5));
    assert_ne!(weights(5), weights(6));
}

fn digits() -> Digits {
    load_digits(&default_digits_path()).expect("the course ships data/digits/digits.csv")
}

#[test]
fn t08_4_the_digit_mlp_reaches_95_percent_test_accuracy() {
    let digits = digits();
    let run = train_digit_mlp(&digits, DIGITS_SEED, true).expect("training runs");
    println!(
        "digit MLP: {} epochs, test accuracy {:.2}% ({} samples), test loss {:.4}",
        run.history.len(),
        100.0 * run.test.accuracy,
        run.test.samples,
        run.test.loss
    );
    assert_eq!(run.test.samples, Digits::TEST);
    assert!(
        run.test.accuracy >= 0.95,
        "test accuracy {:.2}% is below 95%: check the recipe (optimizer, learning rate, epochs)",
        100.0 * run.test.accuracy
    );
    assert_eq!(run.model.num_parameters(), 2_410);
}

#[test]
fn t08_4_training_the_digit_mlp_is_reproducible() {
    let digits = digits();
    let run = || -> Vec<Vec<f32>> {
        let config = quiet(2).seed(DIGITS_SEED);
        let data = Arc::new(digits.train.clone());
        weights_after_fit(digit_mlp(DIGITS_SEED), 1e-2, config, data)
    };
    let (a, b) = (run(), run());
    for (pa, pb) in a.iter().zip(&b) {
        assert_slice_close(pa, pb, 0.0);
    }
    assert_eq!(a, b, "same seed, bit-identical weights after two epochs");
}

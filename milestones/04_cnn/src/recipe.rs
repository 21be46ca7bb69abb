//! The SimpleCNN's recipe (it lived only in module 09's `train_cnn` example; milestone 06
//! reuses it from here): Adam with a peak learning rate of 0.01 and cosine decay per epoch,
//! batches of 32, 30 epochs, through module 08's `Trainer`; and its checkpoint.

use std::sync::Arc;
use tinytorch_convolutions::simple_cnn;
use tinytorch_dataloader::Digits;
use tinytorch_layers::{Module, Parameter, Sequential};
use tinytorch_milestone_kit::editions_line;
use tinytorch_milestone_mlp::SequentialNet;
use tinytorch_optimizers::{Adam, AdamConfig, LrSchedule};
use tinytorch_tensor::Tensor;
use tinytorch_training::{History, TrainConfig, TrainError, Trainer};

/// The SimpleCNN's checkpoint name.
pub const CNN_NAME: &str = "simple_cnn";
/// The identity of the SimpleCNN's recipe (change the recipe, change the string).
pub const CNN_RECIPE: &str = "simple_cnn v1: train_simple_cnn (Adam lr 1e-2, per-epoch cosine \
     decay to 0, batch 32, 30 epochs)";
/// The seed of the SimpleCNN's weights and data order.
pub const CNN_SEED: u64 = 0;
/// The recipe's epochs (those of module 09's `train_cnn` example).
pub const CNN_EPOCHS: usize = 30;
const CNN_BATCH: usize = 32;
const CNN_LR: f32 = 0.01;

/// `[B, 64]` flattened digits as `[B, 1, 8, 8]` images, the SimpleCNN's input.
///
/// ```
/// use tinytorch_milestone_cnn::as_images;
/// use tinytorch_tensor::Tensor;
/// assert_eq!(as_images(&Tensor::zeros(&[3, 64])).shape(), &[3, 1, 8, 8]);
/// ```
///
/// # Panics
/// If `inputs` is not `[B, 64]` (the reshape names both shapes).
pub fn as_images(inputs: &Tensor) -> Tensor {
    inputs.reshape(&[inputs.shape()[0], 1, 8, 8])
}

/// A SimpleCNN fed with flattened digits: reshapes `[B, 64]` to `[B, 1, 8, 8]`, then runs
/// the CNN. Its parameters keep the CNN's own names, so checkpoints are the CNN's.
pub struct DigitImages(pub Sequential);

impl Module for DigitImages {
    fn forward(&self, x: &Tensor) -> Tensor {
        self.0.forward(&as_images(x))
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        self.0.named_parameters()
    }

    fn set_training(&mut self, training: bool) {
        self.0.set_training(training);
    }

    fn name(&self) -> String {
        self.0.name()
    }
}

/// Cosine decay per epoch: every update of epoch `e` uses
/// `lr * (1 + cos(pi * e / epochs)) / 2` (module 09's example sets it at each epoch's start).
struct EpochCosine {
    lr: f32,
    epochs: usize,
    batches_per_epoch: usize,
}

impl LrSchedule for EpochCosine {
    fn lr_at(&self, step: usize) -> f32 {
        let epoch = step / self.batches_per_epoch.max(1);
        let progress = epoch as f32 / self.epochs as f32;
        self.lr * 0.5 * (1.0 + (std::f32::consts::PI * progress).cos())
    }
}

/// A trained SimpleCNN and the history of its epochs.
#[derive(Debug)]
pub struct CnnRun {
    /// The trained CNN (input `[N, 1, 8, 8]`), in training mode.
    pub model: Sequential,
    /// One record per epoch.
    pub history: History,
}

/// Trains `simple_cnn(seed)` on `digits.train` by the recipe (one progress line per
/// epoch unless `quiet`). Module 09 measured 95.3-96.2% test accuracy across seeds.
///
/// # Errors
/// Any [`TrainError`] of the run (none is expected on the shipped digits).
pub fn train_simple_cnn(digits: &Digits, seed: u64, quiet: bool) -> Result<CnnRun, TrainError> {
    let config = TrainConfig::default()
        .epochs(CNN_EPOCHS)
        .batch_size(CNN_BATCH)
        .seed(seed)
        .quiet(quiet);
    let model = DigitImages(simple_cnn(seed));
    let adam = Adam::new(model.parameters(), AdamConfig::default().lr(CNN_LR))?;
    let train = config.train_loader(Arc::new(digits.train.clone()));
    let schedule = EpochCosine {
        lr: CNN_LR,
        epochs: CNN_EPOCHS,
        batches_per_epoch: train.len(),
    };
    let mut trainer = Trainer::new(model, adam, config)?.with_schedule(schedule);
    let history = trainer.fit(&train, None)?;
    Ok(CnnRun {
        model: trainer.into_model().0,
        history,
    })
}

/// The editions of the modules that train the SimpleCNN (01-09), recorded in its stamp.
pub fn cnn_training_editions() -> String {
    editions_line(&crate::editions())
}

/// The SimpleCNN: module 09's `simple_cnn`, trained by [`train_simple_cnn`].
pub const CNN_NET: SequentialNet = SequentialNet {
    name: CNN_NAME,
    recipe: CNN_RECIPE,
    seed: CNN_SEED,
    editions: cnn_training_editions,
    build: simple_cnn,
    train: |digits, seed, quiet| {
        train_simple_cnn(digits, seed, quiet).map(|run| (run.model, run.history))
    },
};

//! Task 08.4: the digit MLP, and a recipe that trains it to >= 95% test accuracy.

use crate::{DigitsRun, TrainConfig, TrainError, Trainer};
use std::sync::Arc;
use tinytorch_activations::Relu;
use tinytorch_dataloader::Digits;
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_optimizers::{Adam, AdamConfig};
use tinytorch_tensor::seeded_rng;

/// The digit classifier of the course: `Linear(64, 32) -> ReLU -> Linear(32, 10)`,
/// 2,410 parameters (`64 * 32 + 32 + 32 * 10 + 10`), initialized from `seed`.
///
/// It maps the 64 pixels of an 8x8 digit to 10 logits, one per digit.
///
/// ```
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::Tensor;
/// use tinytorch_training::digit_mlp;
/// let model = digit_mlp(7);
/// assert_eq!(model.num_parameters(), 2_410);
/// assert_eq!(model.forward(&Tensor::zeros(&[5, 64])).shape(), &[5, 10]);
/// ```
pub fn digit_mlp(seed: u64) -> Sequential {
    // BEGIN SOLUTION 08.4
    let mut rng = seeded_rng(seed);
    Sequential::new()
        .add(Linear::new(64, 32, &mut rng))
        .add(Relu)
        .add(Linear::new(32, 10, &mut rng))
    // END SOLUTION
}

/// Trains [`digit_mlp`]`(seed)` on `digits.train` with Adam, shuffling from `seed`, then
/// measures it on `digits.test`. The recipe (optimizer, learning rate, batch size,
/// epochs) reaches at least 95% test accuracy. Prints one line per epoch unless `quiet`.
///
/// # Errors
/// Any [`TrainError`] of the run (none is expected on the shipped digits).
pub fn train_digit_mlp(digits: &Digits, seed: u64, quiet: bool) -> Result<DigitsRun, TrainError> {
    // BEGIN SOLUTION 08.4
    let config = TrainConfig::default()
        .epochs(30)
        .batch_size(32)
        .seed(seed)
        .quiet(quiet);
    let model = digit_mlp(seed);
    let adam = Adam::new(model.parameters(), AdamConfig::default().lr(1e-2))?;
    let train = config.train_loader(Arc::new(digits.train.clone()));
    let test = config.eval_loader(Arc::new(digits.test.clone()));
    let mut trainer = Trainer::new(model, adam, config)?;
    let history = trainer.fit(&train, None)?;
    let test = trainer.evaluate(&test)?;
    Ok(DigitsRun {
        model: trainer.into_model(),
        history,
        test,
    })
    // END SOLUTION
}

//! Milestone 03 (1986): the MLP revival. Rumelhart, Hinton and Williams showed that
//! backpropagation trains hidden layers: XOR, which no single-layer perceptron can
//! separate (milestone 02), falls to one hidden layer, and a small MLP learns handwritten
//! digits. Both run on your modules 01-08; the gates judge them with an independent
//! forward pass in plain loops ([`independent`]), never with your code itself.
//!
//! ```no_run
//! use tinytorch_milestone_mlp::{train_xor, xor_gates, XOR_SEED};
//! let run = train_xor(XOR_SEED).unwrap();
//! assert!(xor_gates(&run).passed());
//! ```

mod digits;
pub mod independent;
mod picture;
mod report;
mod xor;

pub use digits::{
    DIGITS_FLOOR, DigitsCheck, HeldOut, MLP_NAME, MLP_NET, MLP_RECIPE, MLP_SEED, MLP_SHAPE,
    SequentialNet, TrainDigitNet, check_digits, digits_gates, epochs_summary, load_digit_data,
    mlp_evaluation, mlp_training_editions, test_accuracy, train_or_load_sequential,
};
pub use picture::xor_picture;
pub use report::run;
pub use xor::{
    LOSS_TOLERANCE, XOR_EPOCHS, XOR_HIDDEN, XOR_INPUTS, XOR_LABELS, XOR_MIN_MOVE, XOR_SEED, XorRun,
    train_xor, xor_gates, xor_model, xor_probability,
};

use tinytorch_tensor::ModuleEdition;

/// The editions of the course modules this milestone runs on (01-08).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_training::editions()
}

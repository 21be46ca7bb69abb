//! The digit networks' recipes are milestone 03's (the MLP, module 08's recipe) and 04's
//! (the SimpleCNN): one training code for both milestones. Here only the test accuracy of
//! either network on the digits.

use tinytorch_dataloader::Digits;
use tinytorch_layers::Sequential;

pub use tinytorch_milestone_cnn::{
    CNN_EPOCHS, CNN_RECIPE, CnnRun, DigitImages, as_images, train_simple_cnn,
};
pub use tinytorch_milestone_mlp::MLP_RECIPE;

/// The fraction of the test digits `model` classifies correctly, in evaluation mode and
/// without recording a graph; `images` feeds `[N, 1, 8, 8]` (the CNN) instead of
/// `[N, 64]` (the MLP). Returns the accuracy and the number of correct digits.
pub fn digits_test_accuracy(model: &mut Sequential, digits: &Digits, images: bool) -> (f32, usize) {
    let inputs = digits.test.inputs();
    let inputs = if images {
        as_images(inputs)
    } else {
        inputs.clone()
    };
    tinytorch_milestone_mlp::test_accuracy(model, &inputs, digits.test.labels())
}

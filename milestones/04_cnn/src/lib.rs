//! Milestone 04 (1998): the convolutional network. LeCun, Bottou, Bengio and Haffner's
//! LeNet-5 read cheques with a network whose small filters slide over the whole image:
//! weight sharing gives translation-aware features with far fewer parameters than a
//! fully connected layer. Here module 09's SimpleCNN learns the 8x8 digits with about 4x
//! fewer parameters than milestone 03's MLP, on your modules 01-09; the gates compare
//! your convolution with an independent one in plain loops ([`independent`]).

mod checks;
pub mod independent;
mod picture;
mod recipe;
mod report;

pub use checks::{
    BIAS_MIN_MOVE, CnnCheck, FILTER_MIN_MOVE, LOGIT_TOLERANCE, MIN_PARAMETER_RATIO, check_cnn,
    cnn_gates,
};
pub use picture::filters_picture;
pub use recipe::{
    CNN_EPOCHS, CNN_NAME, CNN_NET, CNN_RECIPE, CNN_SEED, CnnRun, DigitImages, as_images,
    cnn_training_editions, train_simple_cnn,
};
pub use report::run;

use tinytorch_tensor::ModuleEdition;

/// The editions of the course modules this milestone runs on (01-09).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_milestone_kit::merged_editions(&[
        tinytorch_training::editions(),
        tinytorch_convolutions::editions(),
    ])
}

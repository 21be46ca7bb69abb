//! The SimpleCNN of the module's milestone (shared code).

use crate::{Conv2d, Flatten, MaxPool2d};
use tinytorch_activations::Relu;
use tinytorch_layers::{Linear, Sequential};
use tinytorch_tensor::seeded_rng;

/// A small CNN for `[N, 1, 8, 8]` digit images, giving `[N, 10]` logits:
///
/// ```text
/// Conv2d(1 -> 4, 3x3, padding 1)   [N, 4, 8, 8]    4*1*9 + 4  =  40 parameters
/// ReLU, MaxPool2d(2)               [N, 4, 4, 4]
/// Conv2d(4 -> 8, 3x3, padding 1)   [N, 8, 4, 4]    8*4*9 + 8  = 296 parameters
/// ReLU, MaxPool2d(2)               [N, 8, 2, 2]
/// Flatten                          [N, 32]
/// Linear(32 -> 10)                 [N, 10]         32*10 + 10 = 330 parameters
/// ```
///
/// 666 parameters in all, against 2,410 for the digit MLP (64 -> 32 -> 10 + biases):
/// weight sharing lets each 3x3 filter look at every position of the image.
/// Weights are drawn from `seeded_rng(seed)`, so a seed gives the same network.
///
/// ```
/// use tinytorch_convolutions::simple_cnn;
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::Tensor;
/// let cnn = simple_cnn(0);
/// assert_eq!(cnn.num_parameters(), 666);
/// assert_eq!(cnn.forward(&Tensor::zeros(&[2, 1, 8, 8])).shape(), &[2, 10]);
/// ```
pub fn simple_cnn(seed: u64) -> Sequential {
    let mut rng = seeded_rng(seed);
    let conv1 = Conv2d::new(1, 4, (3, 3), 1, 1, &mut rng).expect("valid settings");
    let conv2 = Conv2d::new(4, 8, (3, 3), 1, 1, &mut rng).expect("valid settings");
    let pool = MaxPool2d::new(2).expect("kernel 2 is valid");
    Sequential::new()
        .add(conv1)
        .add(Relu)
        .add(pool)
        .add(conv2)
        .add(Relu)
        .add(pool)
        .add(Flatten)
        .add(Linear::new(32, 10, &mut rng))
}

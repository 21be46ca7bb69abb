//! `Flatten`: the bridge from convolutional feature maps to fully connected layers.

use tinytorch_layers::Module;
use tinytorch_tensor::Tensor;

/// Reshapes `[N, d1, d2, ...]` to `[N, d1 * d2 * ...]`: each sample's feature maps become
/// one vector, the input a [`Linear`](tinytorch_layers::Linear) layer expects. No
/// parameters; the gradient flows back through the reshape.
///
/// ```
/// use tinytorch_convolutions::Flatten;
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::Tensor;
/// let y = Flatten.forward(&Tensor::zeros(&[2, 8, 2, 2]));
/// assert_eq!(y.shape(), &[2, 32]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flatten;

impl Module for Flatten {
    /// # Panics
    /// If `x` is 0-D (there is no batch axis to keep).
    fn forward(&self, x: &Tensor) -> Tensor {
        let Some((&n, rest)) = x.shape().split_first() else {
            panic!("Flatten: input of shape {:?} has no batch axis", x.shape());
        };
        x.reshape(&[n, rest.iter().product()])
    }

    fn name(&self) -> String {
        "Flatten".to_string()
    }
}

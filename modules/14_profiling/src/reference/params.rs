//! Task 14.1: counting parameters, from the model and from the math.

use tinytorch_layers::{Module, Parameter};

/// The number of trainable scalars of `model`: the elements of every distinct parameter
/// (a parameter shared by two layers counts once, as an optimizer sees it).
///
/// ```
/// use tinytorch_layers::{Linear, Sequential};
/// use tinytorch_activations::Relu;
/// use tinytorch_profiling::count_parameters;
/// use tinytorch_tensor::seeded_rng;
/// let mut rng = seeded_rng(0);
/// let mlp = Sequential::new()
///     .add(Linear::new(64, 32, &mut rng))
///     .add(Relu)
///     .add(Linear::new(32, 10, &mut rng));
/// assert_eq!(count_parameters(&mlp), 64 * 32 + 32 + 32 * 10 + 10); // 2,410
/// ```
pub fn count_parameters(model: &dyn Module) -> usize {
    // BEGIN SOLUTION 14.1
    model.parameters().iter().map(Parameter::numel).sum()
    // END SOLUTION
}

/// Parameters of a `Linear(inputs -> outputs)`: the `[inputs, outputs]` weight, plus the
/// `[outputs]` bias when it has one.
///
/// ```
/// use tinytorch_profiling::linear_params;
/// assert_eq!(linear_params(784, 256, true), 784 * 256 + 256); // 200,960
/// assert_eq!(linear_params(784, 256, false), 784 * 256);
/// ```
pub fn linear_params(inputs: usize, outputs: usize, bias: bool) -> usize {
    // BEGIN SOLUTION 14.1
    let weights = inputs * outputs;
    weights + if bias { outputs } else { 0 }
    // END SOLUTION
}

/// Parameters of a `Conv2d(in_channels -> out_channels, kh x kw)`: one
/// `in_channels x kh x kw` filter per output channel, plus one bias per output channel when
/// it has one. The image size does not matter: the filters are shared by every position.
///
/// ```
/// use tinytorch_profiling::conv2d_params;
/// assert_eq!(conv2d_params(3, 16, (3, 3), true), 16 * 3 * 9 + 16); // 448
/// ```
pub fn conv2d_params(
    in_channels: usize,
    out_channels: usize,
    kernel: (usize, usize),
    bias: bool,
) -> usize {
    // BEGIN SOLUTION 14.1
    let filters = out_channels * in_channels * kernel.0 * kernel.1;
    filters + if bias { out_channels } else { 0 }
    // END SOLUTION
}

//! The entry point of the layer walk (task 14.3, in `reference/walk.rs`) and the small
//! facts about layer types the walk needs: the parameters of composite layers, a pooling
//! layer's window, and which layers are elementwise.

use crate::{LayerCost, ProfileError, linear_params};
use tinytorch_activations::{Gelu, LogSoftmax, Relu, Sigmoid, Softmax, Tanh};
use tinytorch_attention::MultiHeadAttention;
use tinytorch_convolutions::{AvgPool2d, MaxPool2d};
use tinytorch_layers::{Dropout, Linear, Module};
use tinytorch_transformers::FeedForward;

/// One [`LayerCost`] per layer of `model`, in forward order, for an input of shape
/// `input_shape` (batch axis included: `[N, 64]` for the digit MLP, `[N, 1, 8, 8]` for the
/// CNN, `[B, S]` token ids for a GPT). Counts are for the whole input shape; see
/// [`LayerCost`] for the FLOP convention.
///
/// `Sequential`s are walked recursively, however deeply nested; a `Gpt` is expanded into
/// its parts (`tok`, `pos`, `blocks.0` .., `ln_f`, `lm_head`). The layers it knows:
/// `Linear`, `Conv2d`, `MaxPool2d`, `AvgPool2d`, `Flatten`, `Dropout`, the activations
/// (`Relu`, `Sigmoid`, `Tanh`, `Gelu`, `Softmax`, `LogSoftmax`), `LayerNorm`, `Embedding`,
/// `PositionalEmbedding`, `MultiHeadAttention`, `FeedForward` and `TransformerBlock`.
///
/// # Errors
/// [`ProfileError::UnknownLayer`] for any other layer type (never a silent 0), and
/// [`ProfileError::Shape`] when the shape reaching a layer does not fit it.
///
/// ```
/// use tinytorch_activations::Relu;
/// use tinytorch_layers::{Linear, Sequential};
/// use tinytorch_profiling::profile_layers;
/// use tinytorch_tensor::seeded_rng;
/// let mut rng = seeded_rng(0);
/// let mlp = Sequential::new()
///     .add(Linear::new(64, 32, &mut rng))
///     .add(Relu)
///     .add(Linear::new(32, 10, &mut rng));
/// let rows = profile_layers(&mlp, &[1, 64]).unwrap();
/// assert_eq!(rows.iter().map(|r| r.flops).sum::<u64>(), 2 * 64 * 32 + 2 * 32 * 10); // 4,736
/// assert_eq!(rows[2].output_shape, vec![1, 10]);
/// assert!(profile_layers(&mlp, &[1, 63]).is_err()); // 63 features do not fit Linear(64 -> 32)
/// ```
pub fn profile_layers(
    model: &dyn Module,
    input_shape: &[usize],
) -> Result<Vec<LayerCost>, ProfileError> {
    let mut rows = Vec::new();
    crate::imp::walk(model, "", input_shape, &mut rows)?;
    Ok(rows)
}

/// Parameters of a `Linear` layer, from its sizes.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn linear_layer_params(l: &Linear) -> usize {
    linear_params(l.in_features(), l.out_features(), l.bias().is_some())
}

/// Parameters of a `MultiHeadAttention`: its four projections.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn attention_params(m: &MultiHeadAttention) -> usize {
    let projections = [m.q_proj(), m.k_proj(), m.v_proj(), m.out_proj()];
    projections.into_iter().map(linear_layer_params).sum()
}

/// Parameters of a `FeedForward`: its two linear layers.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn feed_forward_params(f: &FeedForward) -> usize {
    linear_layer_params(f.fc1()) + linear_layer_params(f.fc2())
}

/// `(kernel, stride)` of a max or average pooling layer, `None` for anything else.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn pool_window(layer: &dyn Module) -> Option<(usize, usize)> {
    let any = layer.as_any();
    if let Some(p) = any.downcast_ref::<MaxPool2d>() {
        return Some((p.kernel(), p.stride()));
    }
    any.downcast_ref::<AvgPool2d>()
        .map(|p| (p.kernel(), p.stride()))
}

/// Layers that keep the shape and hold no parameters: the activations and dropout.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn is_elementwise(layer: &dyn Module) -> bool {
    let any = layer.as_any();
    any.is::<Relu>()
        || any.is::<Sigmoid>()
        || any.is::<Tanh>()
        || any.is::<Gelu>()
        || any.is::<Softmax>()
        || any.is::<LogSoftmax>()
        || any.is::<Dropout>()
}

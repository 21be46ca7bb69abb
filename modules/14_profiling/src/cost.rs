//! `LayerCost`: one row of a profile (shared code).

use serde::Serialize;

/// What one layer costs for a given input shape, counted from the math (the layer's sizes),
/// never by timing it.
///
/// Every number is for the WHOLE input shape given to
/// [`profile_layers`](crate::profile_layers), batch axis included: profile `[1, ...]` for
/// per-sample numbers (FLOPs and activation bytes grow linearly with the batch, parameters
/// do not).
///
/// FLOP convention: `flops` is 2 x the multiply-accumulates of the layer's matrix products
/// and convolutions (one multiply plus one add each). Bias additions, activations,
/// normalization, pooling, softmax and embedding lookups are not counted: they are O(size of
/// the activation), a rounding error next to the matmuls, and they are limited by memory
/// traffic (see `activation_bytes`), not by arithmetic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayerCost {
    /// Where the layer sits in the model: indices into nested `Sequential`s joined by dots
    /// (`"1.0"`), or a part of a GPT (`"blocks.0"`, `"lm_head"`); `"(root)"` for a model
    /// that is a single layer.
    pub name: String,
    /// What the layer is, as its [`Module::name`](tinytorch_layers::Module::name) says,
    /// e.g. `"Linear(64 -> 32)"`.
    pub kind: String,
    /// Trainable scalars, from the layer's sizes.
    pub params: usize,
    /// 2 x multiply-accumulates for the whole input shape (see the FLOP convention above).
    pub flops: u64,
    /// The shape of the layer's output.
    pub output_shape: Vec<usize>,
    /// Bytes of the parameters (4 per `f32`).
    pub param_bytes: usize,
    /// Bytes of the output activation (4 per `f32`).
    pub activation_bytes: usize,
}

//! How [`Gpt::generate`](crate::Gpt::generate) picks the next token from the logits.

/// A decoding strategy: how to turn the logits of the last position into one token id.
///
/// - `Greedy`: the most likely token (the first one on ties). Deterministic, uses no
///   randomness, and tends to repeat itself on open-ended text.
/// - `Temperature(t)`: sample from `softmax(logits / t)`. `t < 1` sharpens the distribution
///   towards greedy, `t > 1` flattens it towards uniform; `t` must be positive and finite.
/// - `TopK { k, temperature }`: keep only the `k` largest logits, then sample from the
///   softmax of those divided by `temperature`. The long tail of unlikely tokens, each
///   tiny but together often likely, can no longer be drawn.
///
/// Invalid settings are reported by [`sample_token`](crate::sample_token) and
/// [`Gpt::generate`](crate::Gpt::generate) as a
/// [`ModelError`](crate::ModelError).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sampling {
    /// Always the most likely token.
    Greedy,
    /// Sampling from the softmax of the logits divided by this temperature.
    Temperature(f32),
    /// Sampling among the `k` most likely tokens, at a temperature.
    TopK {
        /// How many of the largest logits to keep (`k >= vocab` keeps them all).
        k: usize,
        /// The temperature applied to the kept logits.
        temperature: f32,
    },
}

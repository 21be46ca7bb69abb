//! Errors for models built from a config and driven by data: sizes come from a config file,
//! token ids from a tokenizer, sampling settings from a command line. A bad one is
//! reported, with what to do, never a panic.

use std::fmt;
use tinytorch_attention::AttentionError;
use tinytorch_embeddings::EmbeddingError;

/// What was wrong with a [`GptConfig`](crate::GptConfig), the token ids given to a
/// [`Gpt`](crate::Gpt), or a [`Sampling`](crate::Sampling) setting.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelError {
    /// A size in the config is 0 (`field` names it): there would be nothing to compute.
    ZeroSize {
        /// The config field that is 0.
        field: &'static str,
    },
    /// The attention layers could not be built (e.g. `num_heads` does not divide `d_model`).
    Attention(AttentionError),
    /// The token ids did not fit the model: an id outside the vocabulary, a sequence longer
    /// than `max_seq_len`, or a number of ids that is not `batch * seq`.
    Embedding(EmbeddingError),
    /// A sampling temperature that is not a positive finite number.
    InvalidTemperature {
        /// The temperature given.
        temperature: f32,
    },
    /// Top-k sampling with `k = 0`: there would be no token to choose from.
    ZeroTopK,
    /// Generation needs at least one token to condition on.
    EmptyPrompt,
    /// A forward pass over no tokens (`batch` or `seq` is 0).
    EmptyInput {
        /// The batch size given.
        batch: usize,
        /// The sequence length given.
        seq: usize,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::ZeroSize { field } => write!(
                f,
                "GptConfig.{field} is 0: every size of a model must be at least 1"
            ),
            ModelError::Attention(e) => write!(f, "cannot build the attention layers: {e}"),
            ModelError::Embedding(e) => write!(f, "the token ids do not fit the model: {e}"),
            ModelError::InvalidTemperature { temperature } => write!(
                f,
                "sampling temperature {temperature} must be a positive finite number (use \
                 Sampling::Greedy for the temperature-0 limit)"
            ),
            ModelError::ZeroTopK => write!(
                f,
                "top-k sampling with k = 0 has no token to choose from: use k >= 1 (k = 1 is greedy)"
            ),
            ModelError::EmptyInput { batch, seq } => write!(
                f,
                "a forward pass needs at least one token, got batch = {batch}, seq = {seq}"
            ),
            ModelError::EmptyPrompt => write!(
                f,
                "generation needs a prompt of at least one token (e.g. a start-of-text token)"
            ),
        }
    }
}

impl std::error::Error for ModelError {}

impl From<AttentionError> for ModelError {
    fn from(e: AttentionError) -> Self {
        ModelError::Attention(e)
    }
}

impl From<EmbeddingError> for ModelError {
    fn from(e: EmbeddingError) -> Self {
        ModelError::Embedding(e)
    }
}

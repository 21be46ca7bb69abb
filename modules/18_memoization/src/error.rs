//! Errors for the KV cache and cached generation. Sizes, prompts, token ids and sampling
//! settings come from users (a config, a tokenizer, a command line): a bad one is reported
//! with what to do, never a panic.

use std::fmt;
use tinytorch_transformers::ModelError;

/// What went wrong building or filling a [`KvCache`](crate::KvCache), or running a
/// [`CachedGpt`](crate::CachedGpt) on it.
#[derive(Clone, Debug, PartialEq)]
pub enum CacheError {
    /// A size given to [`KvCache::new`](crate::KvCache::new) is 0 (`field` names it).
    ZeroSize {
        /// The size that is 0.
        field: &'static str,
    },
    /// The cache cannot take `adding` more positions: it holds `len` of `capacity`.
    Full {
        /// Positions the cache was preallocated for.
        capacity: usize,
        /// Positions the sequence already holds.
        len: usize,
        /// Positions that were to be appended.
        adding: usize,
    },
    /// The number of sequences given differs from the batch the cache was built for.
    BatchMismatch {
        /// The cache's batch size.
        expected: usize,
        /// The number of sequences given.
        got: usize,
    },
    /// A layer index at or past the number of layers of the cache.
    LayerOutOfRange {
        /// The layer asked for.
        layer: usize,
        /// The number of layers of the cache.
        layers: usize,
    },
    /// A sequence index at or past the batch size of the cache.
    SequenceOutOfRange {
        /// The sequence asked for.
        seq: usize,
        /// The batch size of the cache.
        batch: usize,
    },
    /// Keys or values to append do not have the shape the cache stores.
    ShapeMismatch {
        /// `[new_tokens, heads * head_dim]` as the cache expects it (rows of the keys).
        expected: Vec<usize>,
        /// The shape of the keys given.
        keys: Vec<usize>,
        /// The shape of the values given.
        values: Vec<usize>,
    },
    /// The cache was built for another model: `what` differs between them.
    Incompatible {
        /// The size that differs (`"layers"`, `"heads"`, `"head_dim"`, `"capacity"`).
        what: &'static str,
        /// The cache's value.
        cache: usize,
        /// The model's value (for `"capacity"`: the model's `max_seq_len`).
        model: usize,
    },
    /// A token id with no row in the model's embedding table.
    TokenOutOfRange {
        /// The id given.
        id: usize,
        /// The model's vocabulary size.
        vocab_size: usize,
    },
    /// `ids.len()` is not `batch * seq`.
    IdsShape {
        /// How many ids were given.
        len: usize,
        /// The batch size given.
        batch: usize,
        /// The sequence length given.
        seq: usize,
    },
    /// A forward pass over no tokens (`batch` or `seq` is 0).
    EmptyInput {
        /// The batch size given.
        batch: usize,
        /// The sequence length given.
        seq: usize,
    },
    /// Generation needs at least one prompt token per sequence; `sequence` has none.
    EmptyPrompt {
        /// The index of the empty prompt (0 for single-sequence generation).
        sequence: usize,
    },
    /// Batched generation was given no prompts.
    EmptyBatch,
    /// An invalid sampling setting (temperature, top-k), as module 13 reports it.
    Model(ModelError),
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::ZeroSize { field } => write!(
                f,
                "KvCache::new: {field} is 0; every size of a cache must be at least 1"
            ),
            CacheError::Full {
                capacity,
                len,
                adding,
            } => write!(
                f,
                "the KV cache is full: it holds {len} of {capacity} positions and cannot take \
                 {adding} more. A learned position table has no rows past max_seq_len: ask for \
                 at most {} new positions, or use generate_uncached, which slides its window",
                capacity.saturating_sub(*len)
            ),
            CacheError::BatchMismatch { expected, got } => write!(
                f,
                "the cache holds {expected} sequences but {got} were given: pass one chunk of \
                 token ids per sequence (an empty chunk for a finished one), or build a cache \
                 for batch {got}"
            ),
            CacheError::LayerOutOfRange { layer, layers } => write!(
                f,
                "layer {layer} does not exist: the cache has {layers} layers (0..{layers})"
            ),
            CacheError::SequenceOutOfRange { seq, batch } => write!(
                f,
                "sequence {seq} does not exist: the cache holds a batch of {batch} (0..{batch})"
            ),
            CacheError::ShapeMismatch {
                expected,
                keys,
                values,
            } => write!(
                f,
                "keys {keys:?} and values {values:?} must both be {expected:?}: one row of \
                 heads * head_dim features per new token"
            ),
            CacheError::Incompatible { what, cache, model } => write!(
                f,
                "the cache was built for another model: its {what} is {cache}, the model's is \
                 {model}; build it with CachedGpt::new_cache"
            ),
            CacheError::TokenOutOfRange { id, vocab_size } => write!(
                f,
                "token id {id} is not in the vocabulary of {vocab_size} tokens (ids 0..{vocab_size}); \
                 encode the text with the model's own tokenizer"
            ),
            CacheError::IdsShape { len, batch, seq } => write!(
                f,
                "{len} token ids cannot fill {batch} sequences of {seq}: pass exactly batch * seq \
                 = {} ids, row by row",
                batch * seq
            ),
            CacheError::EmptyInput { batch, seq } => write!(
                f,
                "a forward pass needs at least one token, got batch = {batch}, seq = {seq}"
            ),
            CacheError::EmptyPrompt { sequence } => write!(
                f,
                "prompt {sequence} is empty: generation needs at least one token to condition \
                 on (e.g. a start-of-text token)"
            ),
            CacheError::EmptyBatch => {
                write!(f, "batched generation needs at least one prompt, got none")
            }
            CacheError::Model(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CacheError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CacheError::Model(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ModelError> for CacheError {
    fn from(e: ModelError) -> Self {
        CacheError::Model(e)
    }
}

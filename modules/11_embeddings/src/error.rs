//! Errors for lookups driven by data: token ids and positions come from a tokenizer, a
//! dataset or a generation loop, so a bad one is reported, not a panic.

use std::fmt;

/// What was wrong with the ids, positions or weights an embedding was given.
///
/// Math on impossible shapes (a 3-D table) panics instead, naming the op and the shape:
/// that is a bug in the calling code, not in the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmbeddingError {
    /// A token id that has no row in the table (`id >= vocab_size`).
    IdOutOfRange {
        /// The offending id.
        id: usize,
        /// Its index in the (flattened) id list.
        position: usize,
        /// The number of rows of the table.
        vocab_size: usize,
    },
    /// The number of ids does not match the product of the requested shape.
    IdsShape {
        /// How many ids were given.
        len: usize,
        /// The shape they were meant to fill.
        shape: Vec<usize>,
    },
    /// Positions `start..start + seq_len` run past the last row of the position table.
    PositionOutOfRange {
        /// The first position asked for.
        start: usize,
        /// How many positions were asked for.
        seq_len: usize,
        /// The number of rows of the table (the longest sequence it can encode).
        max_len: usize,
    },
    /// A weight that is not a 2-D `[rows, dim]` table.
    WeightNot2d {
        /// The shape given.
        shape: Vec<usize>,
    },
}

impl fmt::Display for EmbeddingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmbeddingError::IdOutOfRange {
                id,
                position,
                vocab_size,
            } => write!(
                f,
                "token id {id} at position {position} is out of range for a vocabulary of \
                 {vocab_size} (valid ids are 0..{vocab_size}): check that the tokenizer and the \
                 embedding use the same vocabulary size"
            ),
            EmbeddingError::IdsShape { len, shape } => write!(
                f,
                "{len} token ids cannot fill shape {shape:?} ({} slots): pass one id per slot",
                shape.iter().product::<usize>()
            ),
            EmbeddingError::PositionOutOfRange {
                start,
                seq_len,
                max_len,
            } => write!(
                f,
                "positions {start}..{} (start {start} + seq_len {seq_len}) exceed max_len {max_len} \
                 of the position table: shorten the sequence (or the generated continuation) or \
                 build the model with a larger max_len",
                start + seq_len
            ),
            EmbeddingError::WeightNot2d { shape } => write!(
                f,
                "an embedding table must be a 2-D [rows, dim] matrix, got shape {shape:?}: check \
                 that the checkpoint tensor belongs to an embedding"
            ),
        }
    }
}

impl std::error::Error for EmbeddingError {}

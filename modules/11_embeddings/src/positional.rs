//! The learned `PositionalEmbedding` (shared code): its table, constructors, accessors and
//! the `Module` plumbing. Reading rows `start..start + seq_len` is the exercise, in
//! `reference/positions.rs`.

use crate::embedding::{init_table, table_shape};
use crate::{EmbeddingError, position_rows};
use rand::Rng;
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

/// A learned positional embedding: a trainable `[max_len, dim]` table whose row `p` is the
/// vector added to the token at position `p`.
///
/// [`forward(seq_len, start)`](PositionalEmbedding::forward) returns the rows of positions
/// `start..start + seq_len`. A whole sequence uses `start = 0`; incremental decoding with a
/// KV cache (module 18) feeds one new token at position `start = tokens so far`.
///
/// ```
/// use tinytorch_embeddings::PositionalEmbedding;
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::seeded_rng;
/// let pos = PositionalEmbedding::new(1024, 768, &mut seeded_rng(0)); // GPT-2's table
/// assert_eq!(pos.num_parameters(), 786_432); // 1024 * 768
/// assert_eq!(pos.forward(16, 0).unwrap().shape(), &[16, 768]); // a 16-token prompt
/// assert_eq!(pos.forward(1, 16).unwrap().shape(), &[1, 768]); // then token 17 alone
/// assert!(pos.forward(2, 1023).is_err()); // positions 1023..1025: past the table
/// ```
#[derive(Clone, Debug)]
pub struct PositionalEmbedding {
    weight: Parameter,
    max_len: usize,
    dim: usize,
}

impl PositionalEmbedding {
    /// A table of `max_len` rows of `dim` values drawn from `N(0, INIT_STD)`
    /// (see [`INIT_STD`](crate::INIT_STD)).
    ///
    /// # Panics
    /// If `max_len` or `dim` is 0.
    pub fn new(max_len: usize, dim: usize, rng: &mut impl Rng) -> PositionalEmbedding {
        assert!(
            max_len > 0 && dim > 0,
            "PositionalEmbedding::new: max_len and dim must be at least 1, got max_len = {max_len}, dim = {dim}"
        );
        PositionalEmbedding::from_weight(init_table(max_len, dim, rng)).expect("a 2-D table")
    }

    /// A positional embedding with the given `[max_len, dim]` table (from a checkpoint, or
    /// [`sinusoidal_encoding`](crate::sinusoidal_encoding) to start from fixed positions).
    /// The tensor is shared, not copied.
    ///
    /// # Errors
    /// [`EmbeddingError::WeightNot2d`] if the table is not 2-D.
    pub fn from_weight(weight: Tensor) -> Result<PositionalEmbedding, EmbeddingError> {
        let (max_len, dim) = table_shape(&weight)?;
        Ok(PositionalEmbedding {
            weight: Parameter::new(weight),
            max_len,
            dim,
        })
    }

    /// The `[max_len, dim]` table.
    pub fn weight(&self) -> &Parameter {
        &self.weight
    }

    /// The number of positions the table holds: the longest sequence it can encode.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// The length of each position vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The vectors of positions `start..start + seq_len`, `[seq_len, dim]`, recorded for
    /// backpropagation. Add the result to token embeddings `[batch, seq_len, dim]`: it
    /// broadcasts over the batch.
    ///
    /// # Errors
    /// [`EmbeddingError::PositionOutOfRange`] if `start + seq_len > max_len`.
    ///
    /// ```
    /// use tinytorch_embeddings::PositionalEmbedding;
    /// use tinytorch_tensor::Tensor;
    /// let table = Tensor::from_vec(vec![0.0, 1.0, 2.0, 3.0], &[4, 1]).unwrap();
    /// let pos = PositionalEmbedding::from_weight(table).unwrap();
    /// assert_eq!(pos.forward(2, 1).unwrap().to_vec(), vec![1.0, 2.0]);
    /// ```
    pub fn forward(&self, seq_len: usize, start: usize) -> Result<Tensor, EmbeddingError> {
        position_rows(&self.weight.get(), seq_len, start)
    }
}

impl Module for PositionalEmbedding {
    /// `x + positions 0..S` for `x` of shape `[..., S, dim]` (token embeddings of a whole
    /// sequence, starting at position 0). For an offset (incremental decoding) call the
    /// inherent [`PositionalEmbedding::forward`] and add its rows yourself.
    ///
    /// Note: `pos.forward(..)` with two `usize` arguments is the inherent method; write
    /// `Module::forward(&pos, &x)` for this one.
    ///
    /// # Panics
    /// If `x` has fewer than 2 axes, its last axis is not `dim`, or `S > max_len`.
    ///
    /// ```
    /// use tinytorch_embeddings::PositionalEmbedding;
    /// use tinytorch_layers::Module;
    /// use tinytorch_tensor::Tensor;
    /// let pos = PositionalEmbedding::from_weight(Tensor::from_vec(vec![10.0, 20.0, 30.0], &[3, 1]).unwrap()).unwrap();
    /// let x = Tensor::ones(&[2, 2, 1]); // 2 sequences of 2 tokens
    /// assert_eq!(Module::forward(&pos, &x).to_vec(), vec![11.0, 21.0, 11.0, 21.0]);
    /// ```
    fn forward(&self, x: &Tensor) -> Tensor {
        let shape = x.shape();
        assert!(
            shape.len() >= 2 && shape[shape.len() - 1] == self.dim,
            "{}: input of shape {shape:?} must be [..., seq_len, {}]",
            self.name(),
            self.dim
        );
        let seq_len = shape[shape.len() - 2];
        let rows = self
            .forward(seq_len, 0)
            .unwrap_or_else(|e| panic!("{}: {e}", self.name()));
        x.add(&rows)
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        vec![("weight".to_string(), self.weight.clone())]
    }

    fn name(&self) -> String {
        format!(
            "PositionalEmbedding(max_len={}, dim={})",
            self.max_len, self.dim
        )
    }
}

//! The `Embedding` layer (shared code): its table, constructors, accessors and the
//! `Module` plumbing. The lookup and its gradient are the exercises, in
//! `reference/lookup.rs`.

use crate::{EmbeddingError, embedding};
use rand::Rng;
use rand_distr::{Distribution, Normal};
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

/// The standard deviation of the initial embedding tables: GPT-2's `N(0, 0.02)`.
///
/// Why small: token and position vectors are added and then fed to attention, whose
/// logits are dot products of such vectors; entries of size ~1 (PyTorch's `N(0, 1)`
/// default) make those logits of size ~`dim` and the first softmaxes saturate. With 0.02
/// the starting logits are tiny and training moves the rows where they need to go.
pub const INIT_STD: f32 = 0.02;

/// A `[rows, dim]` table of `N(0, INIT_STD)` values drawn from `rng`.
pub(crate) fn init_table(rows: usize, dim: usize, rng: &mut impl Rng) -> Tensor {
    let normal = Normal::new(0.0, INIT_STD).expect("INIT_STD is a positive finite number");
    let values = (0..rows * dim).map(|_| normal.sample(rng)).collect();
    Tensor::from_vec(values, &[rows, dim]).expect("rows * dim values")
}

/// The shape of a 2-D table, or the error naming the shape it has.
pub(crate) fn table_shape(weight: &Tensor) -> Result<(usize, usize), EmbeddingError> {
    match *weight.shape() {
        [rows, dim] => Ok((rows, dim)),
        _ => Err(EmbeddingError::WeightNot2d {
            shape: weight.shape().to_vec(),
        }),
    }
}

/// A token embedding: a trainable `[vocab_size, dim]` table whose row `id` is the vector
/// of token `id`.
///
/// Looking up ids is a gather of rows ([`forward_ids`](Embedding::forward_ids)); its
/// gradient scatter-adds the output gradient back into the rows that were read (see
/// [`embedding`](crate::embedding)). Cloning an `Embedding` shares its table (tied weights).
///
/// ```
/// use tinytorch_embeddings::Embedding;
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::seeded_rng;
///
/// // (GPT-2's table is 50,257 x 768 = 38,597,376 values: 154 MB of f32.)
/// let emb = Embedding::new(1000, 64, &mut seeded_rng(0));
/// assert_eq!(emb.num_parameters(), 64_000);
/// let x = emb.forward_ids(&[15, 496, 11, 995, 0, 7], &[2, 3]).unwrap(); // 2 texts of 3 tokens
/// assert_eq!(x.shape(), &[2, 3, 64]);
/// ```
#[derive(Clone, Debug)]
pub struct Embedding {
    weight: Parameter,
    vocab_size: usize,
    dim: usize,
}

impl Embedding {
    /// A table of `vocab_size` rows of `dim` values drawn from `N(0, INIT_STD)` (see
    /// [`INIT_STD`] for why so small). The same `rng` state gives the same table.
    ///
    /// # Panics
    /// If `vocab_size` or `dim` is 0 (a table without rows or columns embeds nothing).
    pub fn new(vocab_size: usize, dim: usize, rng: &mut impl Rng) -> Embedding {
        assert!(
            vocab_size > 0 && dim > 0,
            "Embedding::new: vocab_size and dim must be at least 1, got vocab_size = {vocab_size}, dim = {dim}"
        );
        Embedding::from_weight(init_table(vocab_size, dim, rng)).expect("a 2-D table")
    }

    /// An embedding with the given `[vocab_size, dim]` table (e.g. from a checkpoint).
    /// The tensor is shared, not copied.
    ///
    /// # Errors
    /// [`EmbeddingError::WeightNot2d`] if the table is not 2-D.
    ///
    /// ```
    /// use tinytorch_embeddings::{Embedding, EmbeddingError};
    /// use tinytorch_tensor::Tensor;
    /// let emb = Embedding::from_weight(Tensor::zeros(&[10, 4])).unwrap();
    /// assert_eq!((emb.vocab_size(), emb.dim()), (10, 4));
    /// let err = Embedding::from_weight(Tensor::zeros(&[40])).unwrap_err();
    /// assert_eq!(err, EmbeddingError::WeightNot2d { shape: vec![40] });
    /// ```
    pub fn from_weight(weight: Tensor) -> Result<Embedding, EmbeddingError> {
        let (vocab_size, dim) = table_shape(&weight)?;
        Ok(Embedding {
            weight: Parameter::new(weight),
            vocab_size,
            dim,
        })
    }

    /// The `[vocab_size, dim]` table.
    pub fn weight(&self) -> &Parameter {
        &self.weight
    }

    /// The number of rows: valid ids are `0..vocab_size`.
    pub fn vocab_size(&self) -> usize {
        self.vocab_size
    }

    /// The length of each embedding vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The vectors of `ids`, laid out as `shape` (row-major), giving `[..shape, dim]`:
    /// ids `[2, 3]` (2 sequences of 3 tokens) give `[2, 3, dim]`. Recorded for
    /// backpropagation (the table's gradient gets one row per distinct id).
    ///
    /// # Errors
    /// [`EmbeddingError::IdOutOfRange`] naming the first id `>= vocab_size`, its position
    /// and the vocabulary size; [`EmbeddingError::IdsShape`] if `ids.len()` is not the
    /// product of `shape`.
    ///
    /// ```
    /// use tinytorch_embeddings::Embedding;
    /// use tinytorch_tensor::Tensor;
    /// let table = Tensor::from_vec(vec![0.0, 0.0, 1.0, 1.0, 2.0, 2.0], &[3, 2]).unwrap();
    /// let emb = Embedding::from_weight(table).unwrap();
    /// let x = emb.forward_ids(&[2, 0, 2], &[3]).unwrap();
    /// assert_eq!(x.to_vec(), vec![2.0, 2.0, 0.0, 0.0, 2.0, 2.0]);
    /// assert!(emb.forward_ids(&[3], &[1]).is_err()); // no row 3
    /// ```
    pub fn forward_ids(&self, ids: &[usize], shape: &[usize]) -> Result<Tensor, EmbeddingError> {
        embedding(&self.weight.get(), ids, shape)
    }
}

/// Converts a tensor of token ids stored as `f32` to `usize` ids.
///
/// # Panics
/// On a value that is negative, fractional or not finite, naming the value and its index.
fn ids_from_f32(x: &Tensor) -> Vec<usize> {
    x.data()
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            assert!(
                v.is_finite() && v >= 0.0 && v.fract() == 0.0,
                "Embedding::forward: element {i} of the id tensor is {v}, not a token id \
                 (a non-negative integer)"
            );
            v as usize
        })
        .collect()
}

impl Module for Embedding {
    /// Looks up a tensor of token ids stored as `f32` values (the course's tensors hold
    /// `f32`; integers up to 2^24 = 16,777,216 are exact, far above any vocabulary here),
    /// giving `[..x.shape(), dim]`. Prefer [`Embedding::forward_ids`], which takes `usize`
    /// ids and returns an error instead of panicking.
    ///
    /// # Panics
    /// On an element that is not a non-negative integer, or an id `>= vocab_size` (the
    /// message of [`EmbeddingError::IdOutOfRange`]): `Module::forward` cannot return an error.
    ///
    /// ```
    /// use tinytorch_embeddings::Embedding;
    /// use tinytorch_layers::Module;
    /// use tinytorch_tensor::Tensor;
    /// let emb = Embedding::from_weight(Tensor::from_vec(vec![5.0, 6.0, 7.0], &[3, 1]).unwrap()).unwrap();
    /// let ids = Tensor::from_vec(vec![2.0, 1.0], &[2]).unwrap();
    /// assert_eq!(emb.forward(&ids).to_vec(), vec![7.0, 6.0]);
    /// ```
    fn forward(&self, x: &Tensor) -> Tensor {
        let ids = ids_from_f32(x);
        self.forward_ids(&ids, x.shape())
            .unwrap_or_else(|e| panic!("Embedding::forward: {e}"))
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        vec![("weight".to_string(), self.weight.clone())]
    }

    fn name(&self) -> String {
        format!("Embedding({} x {})", self.vocab_size, self.dim)
    }
}

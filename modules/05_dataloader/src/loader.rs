//! The `DataLoader` type, its builder and its `Epoch` iterator (shared code). Counting,
//! cutting and stacking batches and shuffling are the exercise, in `reference/`.

use crate::{Dataset, Transform};
use std::fmt;
use std::sync::Arc;

/// Cuts a dataset into mini-batches, epoch after epoch: optionally shuffled, optionally
/// augmented, always reproducible from its seed.
///
/// Epoch `e` visits every sample once, in an order that depends only on `(seed, e)`:
/// the identity without [`shuffle`](DataLoader::shuffle), a fresh permutation with it.
/// The last batch is shorter when the batch size does not divide the dataset, unless
/// [`drop_last`](DataLoader::drop_last) drops it.
///
/// ```
/// use std::sync::Arc;
/// use tinytorch_dataloader::{DataLoader, TensorDataset};
/// use tinytorch_tensor::Tensor;
///
/// let inputs = Tensor::arange(0.0, 10.0, 1.0).reshape(&[5, 2]); // 5 samples of 2 features
/// let data = TensorDataset::new(inputs, vec![0, 1, 2, 3, 4]).unwrap();
/// let loader = DataLoader::new(Arc::new(data), 2).shuffle(42);
/// assert_eq!(loader.len(), 3); // 2 + 2 + 1
/// let sizes: Vec<usize> = loader.epoch(0).map(|batch| batch.len()).collect();
/// assert_eq!(sizes, vec![2, 2, 1]);
/// let first = loader.epoch(0).next().unwrap();
/// assert_eq!(first.inputs.shape(), &[2, 2]);
/// ```
#[derive(Clone)]
pub struct DataLoader {
    pub(crate) dataset: Arc<dyn Dataset>,
    pub(crate) batch_size: usize,
    pub(crate) shuffle: bool,
    pub(crate) seed: u64,
    pub(crate) drop_last: bool,
    pub(crate) transform: Option<Arc<dyn Transform>>,
}

impl DataLoader {
    /// A loader over `dataset` with batches of `batch_size`, in order, keeping the short
    /// last batch, without augmentation, seed 0.
    ///
    /// # Panics
    /// If `batch_size` is 0: a batch must hold at least one example, and a loop over an
    /// epoch would never end. (A literal in the calling code, hence a panic, not a Result.)
    pub fn new(dataset: Arc<dyn Dataset>, batch_size: usize) -> DataLoader {
        assert!(
            batch_size > 0,
            "DataLoader::new: batch_size must be at least 1, got 0"
        );
        DataLoader {
            dataset,
            batch_size,
            shuffle: false,
            seed: 0,
            drop_last: false,
            transform: None,
        }
    }

    /// Shuffles every epoch, with a permutation drawn from
    /// [`shuffle_rng`](crate::shuffle_rng)`(seed, epoch)`; also sets the augmentation seed.
    pub fn shuffle(mut self, seed: u64) -> DataLoader {
        self.shuffle = true;
        self.seed = seed;
        self
    }

    /// Sets the seed of the augmentation generators without shuffling (the default seed
    /// is 0). [`shuffle`](DataLoader::shuffle) sets it too.
    pub fn seed(mut self, seed: u64) -> DataLoader {
        self.seed = seed;
        self
    }

    /// With `true`, an epoch yields only full batches: the last `len % batch_size` samples
    /// of its order are skipped (different ones each epoch when shuffling). Useful when a
    /// short batch would skew batch statistics or break a fixed-shape model.
    pub fn drop_last(mut self, drop_last: bool) -> DataLoader {
        self.drop_last = drop_last;
        self
    }

    /// Applies `transform` to every example's input before batching, with a generator
    /// derived from `(seed, epoch, sample index)`
    /// ([`example_rng`](crate::example_rng)).
    pub fn transform(mut self, transform: impl Transform + 'static) -> DataLoader {
        self.transform = Some(Arc::new(transform));
        self
    }

    /// The dataset the loader reads.
    pub fn dataset(&self) -> &Arc<dyn Dataset> {
        &self.dataset
    }

    /// The number of examples in a full batch.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Whether epochs are shuffled.
    pub fn is_shuffled(&self) -> bool {
        self.shuffle
    }

    /// Whether the short last batch is dropped.
    pub fn drops_last(&self) -> bool {
        self.drop_last
    }

    /// Whether an epoch yields no batch at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The batches of epoch `epoch`, in order. Each call starts the epoch afresh; the same
    /// `epoch` always gives the same batches.
    pub fn epoch(&self, epoch: u64) -> Epoch<'_> {
        Epoch {
            loader: self,
            epoch,
            order: self.epoch_order(epoch),
            position: 0,
        }
    }
}

impl fmt::Debug for DataLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataLoader")
            .field("samples", &self.dataset.len())
            .field("batch_size", &self.batch_size)
            .field("shuffle", &self.shuffle)
            .field("seed", &self.seed)
            .field("drop_last", &self.drop_last)
            .field("transform", &self.transform.is_some())
            .finish()
    }
}

/// The batches of one epoch (from [`DataLoader::epoch`]).
pub struct Epoch<'a> {
    /// The loader: dataset, batch size, transform, seed.
    pub(crate) loader: &'a DataLoader,
    /// Which epoch this is (keys the augmentation generators).
    pub(crate) epoch: u64,
    /// The sample indices of the epoch, in visiting order.
    pub(crate) order: Vec<usize>,
    /// How many entries of `order` the batches yielded so far consumed.
    pub(crate) position: usize,
}

impl Epoch<'_> {
    /// Which epoch this is.
    pub fn number(&self) -> u64 {
        self.epoch
    }

    /// The sample indices of this epoch, in visiting order (all of them, including those
    /// already yielded and any that `drop_last` will skip).
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The sample indices not yielded yet, in visiting order.
    pub fn remaining(&self) -> &[usize] {
        &self.order[self.position..]
    }

    /// The loader this epoch reads from.
    pub fn loader(&self) -> &DataLoader {
        self.loader
    }
}

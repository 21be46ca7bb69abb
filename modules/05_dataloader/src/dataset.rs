//! The `Dataset` trait and the `Example` it hands out (shared code).

use tinytorch_tensor::Tensor;

/// One labelled sample: an input tensor (e.g. 64 pixels) and its class index.
#[derive(Clone, Debug)]
pub struct Example {
    /// The sample's features, without a batch axis.
    pub input: Tensor,
    /// The class index, `0..num_classes`.
    pub label: usize,
}

/// A collection of labelled samples with random access: the only thing a
/// [`DataLoader`](crate::DataLoader) needs.
///
/// `Send + Sync` so that a dataset can be shared (`Arc<dyn Dataset>`) between loaders and
/// threads; implementations hold immutable data.
///
/// ```
/// use tinytorch_dataloader::{Dataset, Example};
/// use tinytorch_tensor::Tensor;
///
/// /// The numbers 0..n, labelled by parity.
/// struct Parity(usize);
///
/// impl Dataset for Parity {
///     fn len(&self) -> usize {
///         self.0
///     }
///     fn get(&self, index: usize) -> Example {
///         assert!(index < self.0, "Parity::get: index {index} out of range for {} samples", self.0);
///         Example { input: Tensor::scalar(index as f32), label: index % 2 }
///     }
/// }
///
/// assert_eq!(Parity(4).get(3).label, 1);
/// ```
pub trait Dataset: Send + Sync {
    /// The number of samples.
    fn len(&self) -> usize;

    /// Whether the dataset holds no samples.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sample at `index`, as its own tensor.
    ///
    /// # Panics
    /// If `index >= len()`, naming the index and the length: asking for a sample that does
    /// not exist is a bug in the calling code.
    fn get(&self, index: usize) -> Example;
}

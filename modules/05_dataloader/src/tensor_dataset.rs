//! The `TensorDataset` type and its accessors (shared code). Construction, indexing and
//! subsets are the exercise, in `reference/tensor_dataset.rs`.

use tinytorch_tensor::Tensor;

/// A dataset held in memory: one tensor whose axis 0 indexes the samples, and one label
/// per sample.
///
/// Sample `i` is `inputs[i, ...]`: an `[N, 64]` tensor holds `N` samples of 64 features,
/// an `[N, 1, 8, 8]` tensor `N` one-channel 8x8 images.
///
/// ```
/// use tinytorch_dataloader::{Dataset, TensorDataset};
/// use tinytorch_tensor::Tensor;
///
/// let inputs = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[3, 2]).unwrap();
/// let data = TensorDataset::new(inputs, vec![0, 1, 0]).unwrap();
/// assert_eq!(data.len(), 3);
/// let second = data.get(1);
/// assert_eq!(second.input.to_vec(), vec![3.0, 4.0]);
/// assert_eq!(second.label, 1);
/// ```
#[derive(Clone, Debug)]
pub struct TensorDataset {
    /// All samples, shape `[N, ...]`.
    pub(crate) inputs: Tensor,
    /// One class index per sample (`N` of them).
    pub(crate) labels: Vec<usize>,
}

impl TensorDataset {
    /// All samples, shape `[N, ...]`.
    pub fn inputs(&self) -> &Tensor {
        &self.inputs
    }

    /// The class index of each sample.
    pub fn labels(&self) -> &[usize] {
        &self.labels
    }

    /// The shape of one sample (`inputs().shape()[1..]`).
    pub fn sample_shape(&self) -> &[usize] {
        &self.inputs.shape()[1..]
    }
}

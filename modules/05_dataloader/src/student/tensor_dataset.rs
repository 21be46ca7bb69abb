//! Task 05.1: an in-memory dataset: construction with its check, indexing, subsets.

use crate::{DataError, Dataset, Example, TensorDataset};
use ndarray::Axis;
use tinytorch_tensor::Tensor;

impl TensorDataset {
    /// A dataset of the samples along axis 0 of `inputs`, sample `i` labelled `labels[i]`.
    ///
    /// # Errors
    /// [`DataError::NoSampleAxis`] when `inputs` is 0-dimensional, and
    /// [`DataError::LengthMismatch`] (naming both counts) when axis 0 of `inputs` does not
    /// have one entry per label.
    ///
    /// ```
    /// use tinytorch_dataloader::{DataError, TensorDataset};
    /// use tinytorch_tensor::Tensor;
    /// let err = TensorDataset::new(Tensor::zeros(&[5, 3]), vec![0; 4]).unwrap_err();
    /// assert_eq!(err, DataError::LengthMismatch { inputs: 5, labels: 4 });
    /// ```
    pub fn new(inputs: Tensor, labels: Vec<usize>) -> Result<TensorDataset, DataError> {
        // BEGIN SOLUTION 05.1
        let Some(&samples) = inputs.shape().first() else {
            return Err(DataError::NoSampleAxis);
        };
        if samples != labels.len() {
            return Err(DataError::LengthMismatch {
                inputs: samples,
                labels: labels.len(),
            });
        }
        Ok(TensorDataset { inputs, labels })
        // END SOLUTION
    }

    /// A new dataset holding the samples at `indices`, in that order (an index may repeat).
    /// Used to split a dataset or to train on a small part of it.
    ///
    /// # Panics
    /// If an index is out of range, naming it and the dataset's length.
    ///
    /// ```
    /// use tinytorch_dataloader::{Dataset, TensorDataset};
    /// use tinytorch_tensor::Tensor;
    /// let data = TensorDataset::new(Tensor::arange(0.0, 4.0, 1.0), vec![0, 1, 2, 3]).unwrap();
    /// let evens = data.subset(&[0, 2]);
    /// assert_eq!(evens.inputs().to_vec(), vec![0.0, 2.0]);
    /// assert_eq!(evens.labels(), &[0, 2]);
    /// ```
    pub fn subset(&self, indices: &[usize]) -> TensorDataset {
        // BEGIN SOLUTION 05.1
        let len = self.len();
        if let Some(bad) = indices.iter().find(|&&i| i >= len) {
            panic!(
                "TensorDataset::subset: index {bad} is out of range for a dataset of {len} samples"
            );
        }
        // `select` gathers the rows into one new contiguous array: one allocation.
        let inputs = self.inputs.data().select(Axis(0), indices);
        let labels = indices.iter().map(|&i| self.labels[i]).collect();
        TensorDataset {
            inputs: Tensor::from_array(inputs),
            labels,
        }
        // END SOLUTION
    }
}

impl Dataset for TensorDataset {
    fn len(&self) -> usize {
        self.labels.len()
    }

    /// Sample `index`: `inputs[index, ...]` copied into its own tensor of shape
    /// `inputs.shape()[1..]`, and its label.
    fn get(&self, index: usize) -> Example {
        // BEGIN SOLUTION 05.1
        let len = self.len();
        assert!(
            index < len,
            "TensorDataset::get: index {index} is out of range for a dataset of {len} samples"
        );
        let input = self.inputs.data().index_axis(Axis(0), index).to_owned();
        Example {
            input: Tensor::from_array(input),
            label: self.labels[index],
        }
        // END SOLUTION
    }
}

//! Task 05.2: counting batches, cutting an epoch into batches, stacking examples.

use crate::{Batch, DataLoader, Epoch, Example, example_rng};
use ndarray::{ArrayD, IxDyn};
use tinytorch_tensor::Tensor;

/// Stacks examples into one batch: inputs of shape `S` become one tensor `[B, ...S]`, the
/// labels a vector, in the same order.
///
/// The batch is built in a single allocation of `B * numel(S)` values: every training step
/// stacks a batch, so an extra copy here costs on every step.
///
/// # Panics
/// If `examples` is empty (there is no shape to stack), or two examples have different
/// shapes, naming the example and both shapes.
///
/// ```
/// use tinytorch_dataloader::{Example, collate};
/// use tinytorch_tensor::Tensor;
/// let a = Example { input: Tensor::from_vec(vec![1.0, 2.0], &[2]).unwrap(), label: 0 };
/// let b = Example { input: Tensor::from_vec(vec![3.0, 4.0], &[2]).unwrap(), label: 1 };
/// let batch = collate(&[a, b]);
/// assert_eq!(batch.inputs.shape(), &[2, 2]);
/// assert_eq!(batch.inputs.to_vec(), vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(batch.labels, vec![0, 1]);
/// ```
pub fn collate(examples: &[Example]) -> Batch {
    // BEGIN SOLUTION 05.2
    let Some(first) = examples.first() else {
        panic!("collate: no examples to stack (a batch holds at least one)");
    };
    let shape = first.input.shape();
    let mut values = Vec::with_capacity(examples.len() * first.input.numel());
    let mut labels = Vec::with_capacity(examples.len());
    for (i, example) in examples.iter().enumerate() {
        assert!(
            example.input.shape() == shape,
            "collate: example {i} has shape {:?} but example 0 has shape {shape:?}; \
             every example of a batch must have the same shape",
            example.input.shape()
        );
        // `iter` walks in row-major order whatever the memory layout.
        values.extend(example.input.data().iter().copied());
        labels.push(example.label);
    }
    let mut batch_shape = Vec::with_capacity(shape.len() + 1);
    batch_shape.push(examples.len());
    batch_shape.extend_from_slice(shape);
    let inputs = ArrayD::from_shape_vec(IxDyn(&batch_shape), values)
        .expect("B examples of S values each fill [B, ...S]");
    Batch {
        inputs: Tensor::from_array(inputs),
        labels,
    }
    // END SOLUTION
}

impl DataLoader {
    /// The number of batches in one epoch: `ceil(N / batch_size)`, or
    /// `floor(N / batch_size)` when the short last batch is dropped.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use tinytorch_dataloader::{DataLoader, TensorDataset};
    /// use tinytorch_tensor::Tensor;
    /// let data = Arc::new(TensorDataset::new(Tensor::zeros(&[5, 3]), vec![0; 5]).unwrap());
    /// assert_eq!(DataLoader::new(data.clone(), 2).len(), 3);
    /// assert_eq!(DataLoader::new(data, 2).drop_last(true).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        // BEGIN SOLUTION 05.2
        let samples = self.dataset.len();
        if self.drop_last {
            samples / self.batch_size
        } else {
            samples.div_ceil(self.batch_size)
        }
        // END SOLUTION
    }
}

impl Iterator for Epoch<'_> {
    type Item = Batch;

    /// The next `batch_size` samples of the epoch's order (fewer for the last batch, which
    /// is skipped under `drop_last`), each transformed with its own generator
    /// `example_rng(seed, epoch, sample index)`, stacked by [`collate`].
    fn next(&mut self) -> Option<Batch> {
        // BEGIN SOLUTION 05.2
        let loader = self.loader;
        let size = (self.order.len() - self.position).min(loader.batch_size);
        if size == 0 || (size < loader.batch_size && loader.drop_last) {
            return None;
        }
        let indices = &self.order[self.position..self.position + size];
        let mut examples = Vec::with_capacity(size);
        for &index in indices {
            let mut example = loader.dataset.get(index);
            if let Some(transform) = &loader.transform {
                // Keyed by the sample, not by its position: order-independent.
                let mut rng = example_rng(loader.seed, self.epoch, index as u64);
                example.input = transform.apply(&example.input, &mut rng);
            }
            examples.push(example);
        }
        self.position += size;
        Some(collate(&examples))
        // END SOLUTION
    }
}

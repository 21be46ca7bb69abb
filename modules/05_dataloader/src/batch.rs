//! The `Batch` a loader yields (shared code).

use tinytorch_tensor::Tensor;

/// A mini-batch: `B` examples stacked along a new leading axis.
#[derive(Clone, Debug)]
pub struct Batch {
    /// The inputs, shape `[B, ...]` (one contiguous tensor).
    pub inputs: Tensor,
    /// The class index of each row of `inputs`.
    pub labels: Vec<usize>,
}

impl Batch {
    /// The number of examples in the batch (`B`).
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the batch holds no examples (a loader never yields one).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

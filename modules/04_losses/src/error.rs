//! Errors for loss inputs that come from data (labels), not from code.
use std::fmt;

/// What was wrong with the targets (or logits) given to
/// [`cross_entropy`](crate::cross_entropy). Labels come from a dataset, so a bad one is
/// reported as an error naming the sample, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LossError {
    /// A class index is not below the number of classes.
    TargetOutOfRange {
        /// The sample (row of the logits) whose target is bad.
        sample: usize,
        /// The class index given.
        target: usize,
        /// The number of classes (columns of the logits).
        classes: usize,
    },
    /// The number of targets differs from the number of logits rows.
    BatchMismatch {
        /// Rows of the logits.
        batch: usize,
        /// Targets given.
        targets: usize,
    },
    /// The logits are not a `[batch, classes]` matrix.
    NotMatrix {
        /// The shape given.
        shape: Vec<usize>,
    },
}

impl fmt::Display for LossError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LossError::TargetOutOfRange {
                sample,
                target,
                classes,
            } => write!(
                f,
                "cross_entropy: sample {sample} has target class {target}, but the logits have \
                 {classes} classes (valid targets are 0..{classes}): check the labels, or the \
                 model's output size"
            ),
            LossError::BatchMismatch { batch, targets } => write!(
                f,
                "cross_entropy: {targets} targets for {batch} rows of logits: pass exactly one \
                 class index per row"
            ),
            LossError::NotMatrix { shape } => write!(
                f,
                "cross_entropy: logits must be 2-D [batch, classes], got shape {shape:?}: \
                 reshape [batch, seq, classes] logits to [batch * seq, classes] first"
            ),
        }
    }
}

impl std::error::Error for LossError {}

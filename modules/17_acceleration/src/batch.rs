//! The shared parts of batched inference: checking the samples before stacking them, and
//! splitting a batch's output back into one tensor per sample.

use crate::AccelError;
use ndarray::Axis;
use tinytorch_tensor::Tensor;

/// Checks a request to run `samples` in batches of `batch_size`.
///
/// # Errors
/// [`AccelError::ZeroBatchSize`], or [`AccelError::SampleShape`] naming the first sample
/// whose shape differs from sample 0's.
pub(crate) fn check_samples(samples: &[Tensor], batch_size: usize) -> Result<(), AccelError> {
    if batch_size == 0 {
        return Err(AccelError::ZeroBatchSize);
    }
    let Some(first) = samples.first() else {
        return Ok(());
    };
    match samples.iter().position(|s| s.shape() != first.shape()) {
        Some(index) => Err(AccelError::SampleShape {
            index,
            expected: first.shape().to_vec(),
            found: samples[index].shape().to_vec(),
        }),
        None => Ok(()),
    }
}

/// Splits the output of a batch of `batch` samples along its first axis: one tensor per
/// sample, without the batch axis.
///
/// # Errors
/// [`AccelError::BatchOutput`] if the output's first axis is not `batch`.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn split_batch(output: &Tensor, batch: usize) -> Result<Vec<Tensor>, AccelError> {
    if output.shape().first() != Some(&batch) {
        return Err(AccelError::BatchOutput {
            batch,
            found: output.shape().to_vec(),
        });
    }
    Ok(output
        .data()
        .axis_iter(Axis(0))
        .map(|sample| Tensor::from_array(sample.to_owned()))
        .collect())
}

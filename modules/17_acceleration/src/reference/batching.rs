//! Task 17.6: batched inference.

use crate::AccelError;
use crate::batch::{check_samples, split_batch};
use ndarray::{Axis, stack};
use tinytorch_layers::Module;
use tinytorch_tensor::Tensor;

/// Runs `model` over `samples` (each one sample WITHOUT a batch axis, all of one shape),
/// `batch_size` at a time: each group is stacked into one `[b, ...]` tensor, sent through
/// ONE forward call, and its output split back into one tensor per sample. The result is
/// in the order of `samples`; the last batch holds the remainder (`len % batch_size`).
///
/// Why: a forward pass over one sample is a chain of matrix-VECTOR products, each weight
/// read from memory for 2 FLOPs per element; a batch of `b` reuses every weight `b` times
/// (matrix-MATRIX products), and pays the per-call overhead once. Freeze the parameters
/// first for inference (`p.set_requires_grad(false)`, or module 06's `no_grad`), so no
/// graph is recorded.
///
/// # Errors
/// [`AccelError::ZeroBatchSize`], [`AccelError::SampleShape`] if the samples differ in
/// shape, [`AccelError::BatchOutput`] if the model's output does not keep the batch axis.
///
/// ```
/// use tinytorch_acceleration::batched_forward;
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let model = Linear::new(3, 2, &mut seeded_rng(0));
/// let samples: Vec<Tensor> = (0..5).map(|i| Tensor::full(&[3], i as f32)).collect();
/// let out = batched_forward(&model, &samples, 2).unwrap(); // batches of 2, 2, 1
/// assert_eq!(out.len(), 5);
/// assert_eq!(out[4].shape(), &[2]);
/// ```
pub fn batched_forward<M: Module + ?Sized>(
    model: &M,
    samples: &[Tensor],
    batch_size: usize,
) -> Result<Vec<Tensor>, AccelError> {
    check_samples(samples, batch_size)?;
    // BEGIN SOLUTION 17.6
    let mut outputs = Vec::with_capacity(samples.len());
    for group in samples.chunks(batch_size) {
        let views: Vec<_> = group.iter().map(|s| s.data().view()).collect();
        let batch = stack(Axis(0), &views).expect("checked: the samples have one shape");
        let output = model.forward(&Tensor::from_array(batch));
        outputs.extend(split_batch(&output, group.len())?);
    }
    Ok(outputs)
    // END SOLUTION
}

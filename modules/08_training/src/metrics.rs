//! `accuracy`: the fraction of correct predictions, built on the exercise `count_correct`.

use crate::count_correct;
use tinytorch_tensor::Tensor;

/// The fraction of rows of `[batch, classes]` logits whose largest value is at their
/// label's index (the predicted class is the argmax; ties go to the first index).
/// NaN for an empty batch (0 / 0).
///
/// # Panics
/// If `logits` is not 2-D, or the number of labels differs from the number of rows.
///
/// ```
/// use tinytorch_tensor::Tensor;
/// use tinytorch_training::accuracy;
/// // Predictions: row 0 -> class 1, row 1 -> class 0 (a tie goes to the first index).
/// let logits = Tensor::from_vec(vec![0.2, 0.8, 0.5, 0.5], &[2, 2]).unwrap();
/// assert_eq!(accuracy(&logits, &[1, 0]), 1.0);
/// assert_eq!(accuracy(&logits, &[1, 1]), 0.5);
/// ```
pub fn accuracy(logits: &Tensor, labels: &[usize]) -> f32 {
    count_correct(logits, labels) as f32 / labels.len() as f32
}

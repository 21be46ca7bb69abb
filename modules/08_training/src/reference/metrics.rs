//! Task 08.1: how many predictions are right.

use ndarray::{ArrayView1, Ix2};
use tinytorch_tensor::Tensor;

/// The index of the largest value of `row`; on a tie, the first such index (as
/// PyTorch's `argmax`). NaN is never the largest.
fn argmax(row: ArrayView1<'_, f32>) -> usize {
    // BEGIN SOLUTION 08.1
    let mut best = 0;
    for (i, &v) in row.iter().enumerate().skip(1) {
        // Strictly greater: an equal value later in the row does not win the tie.
        if v > row[best] {
            best = i;
        }
    }
    best
    // END SOLUTION
}

/// How many rows of `[batch, classes]` logits have their largest value at their label's
/// index (ties go to the first index). A label `>= classes` never matches.
///
/// # Panics
/// If `logits` is not 2-D, or the number of labels differs from the number of rows, naming
/// both shapes.
///
/// ```
/// use tinytorch_tensor::Tensor;
/// use tinytorch_training::count_correct;
/// let logits = Tensor::from_vec(vec![0.1, 0.9, 0.8, 0.2], &[2, 2]).unwrap();
/// assert_eq!(count_correct(&logits, &[1, 1]), 1); // predictions [1, 0]
/// ```
pub fn count_correct(logits: &Tensor, labels: &[usize]) -> usize {
    // BEGIN SOLUTION 08.1
    let Ok(rows) = logits.data().view().into_dimensionality::<Ix2>() else {
        panic!(
            "accuracy: logits must be 2-D [batch, classes], got shape {:?}",
            logits.shape()
        );
    };
    assert!(
        rows.nrows() == labels.len(),
        "accuracy: {} labels for logits of shape {:?}: pass one label per row",
        labels.len(),
        logits.shape()
    );
    rows.outer_iter()
        .zip(labels)
        .filter(|&(row, &label)| argmax(row) == label)
        .count()
    // END SOLUTION
}

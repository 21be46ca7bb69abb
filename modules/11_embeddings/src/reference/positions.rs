//! Task 11.3: the rows of a learned position table, from an offset.

use crate::{EmbeddingError, RowSlice};
use ndarray::{ArrayD, Axis, Slice};
use std::sync::Arc;
use tinytorch_tensor::{CustomOp, Op, Tensor};

/// Rows `start..start + seq_len` of a `[max_len, dim]` position table, `[seq_len, dim]`:
/// the functional form of [`PositionalEmbedding::forward`](crate::PositionalEmbedding::forward).
/// Recorded as a [`RowSlice`] op when the table requires a gradient.
///
/// # Errors
/// [`EmbeddingError::PositionOutOfRange`] if `start + seq_len > max_len`.
///
/// # Panics
/// If `table` is not 2-D (naming its shape).
///
/// ```
/// use tinytorch_embeddings::position_rows;
/// use tinytorch_tensor::Tensor;
/// let table = Tensor::from_vec(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[3, 2]).unwrap();
/// assert_eq!(position_rows(&table, 2, 1).unwrap().to_vec(), vec![2.0, 3.0, 4.0, 5.0]);
/// assert!(position_rows(&table, 2, 2).is_err()); // positions 2..4, the table ends at 3
/// ```
pub fn position_rows(
    table: &Tensor,
    seq_len: usize,
    start: usize,
) -> Result<Tensor, EmbeddingError> {
    assert!(
        table.ndim() == 2,
        "position_rows: the table must be a 2-D [max_len, dim] matrix, got shape {:?}",
        table.shape()
    );
    // BEGIN SOLUTION 11.3
    let max_len = table.shape()[0];
    // `checked_add`: a huge start must be an error, not an overflow.
    if start.checked_add(seq_len).is_none_or(|end| end > max_len) {
        return Err(EmbeddingError::PositionOutOfRange {
            start,
            seq_len,
            max_len,
        });
    }
    let data = table
        .data()
        .slice_axis(Axis(0), Slice::from(start..start + seq_len))
        .to_owned();
    Ok(Tensor::from_op(data, &[table], || {
        Op::Custom(Arc::new(RowSlice {
            table: table.clone(),
            start,
        }))
    }))
    // END SOLUTION
}

impl CustomOp for RowSlice {
    fn name(&self) -> &'static str {
        "row_slice"
    }

    fn inputs(&self) -> Vec<&Tensor> {
        vec![&self.table]
    }

    /// The table's gradient: zeros, with the output's gradient in rows
    /// `start..start + seq_len` (the rows that were read).
    fn backward(&self, _output: &Tensor, grad: &ArrayD<f32>) -> Vec<Option<ArrayD<f32>>> {
        // BEGIN SOLUTION 11.3
        let seq_len = grad.shape()[0];
        let mut grad_table = ArrayD::<f32>::zeros(self.table.shape());
        grad_table
            .slice_axis_mut(Axis(0), Slice::from(self.start..self.start + seq_len))
            .assign(grad);
        vec![Some(grad_table)]
        // END SOLUTION
    }
}

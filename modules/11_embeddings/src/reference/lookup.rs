//! Tasks 11.1 and 11.2: the embedding lookup (a gather of rows) and its backward pass (a
//! scatter-add of rows).

use crate::{EmbeddingError, Gather};
use ndarray::{Array2, ArrayD, Axis, Ix2, IxDyn};
use std::sync::Arc;
use tinytorch_tensor::{CustomOp, Op, Tensor};

/// The rows `table[ids[k]]` of a `[vocab_size, dim]` table, laid out as `shape`: the
/// functional form of [`Embedding::forward_ids`](crate::Embedding::forward_ids), giving
/// `[..shape, dim]`.
///
/// Mathematically this is `one_hot(ids) @ table`, but a product with a one-hot matrix
/// only copies rows: the lookup copies them directly (0 FLOPs instead of
/// `2 * vocab_size * dim` per id). Recorded as a [`Gather`] op when the table requires a
/// gradient.
///
/// # Errors
/// [`EmbeddingError::IdsShape`] if `ids.len()` is not the product of `shape`;
/// [`EmbeddingError::IdOutOfRange`] naming the first id `>= vocab_size` and its index.
///
/// # Panics
/// If `table` is not 2-D (naming its shape).
///
/// ```
/// use tinytorch_embeddings::embedding;
/// use tinytorch_tensor::Tensor;
/// // Row k of this table is [k, 10k].
/// let table = Tensor::from_vec(vec![0.0, 0.0, 1.0, 10.0, 2.0, 20.0], &[3, 2]).unwrap();
/// let x = embedding(&table, &[1, 2, 1, 0], &[2, 2]).unwrap();
/// assert_eq!(x.shape(), &[2, 2, 2]);
/// assert_eq!(x.to_vec(), vec![1.0, 10.0, 2.0, 20.0, 1.0, 10.0, 0.0, 0.0]);
/// ```
pub fn embedding(table: &Tensor, ids: &[usize], shape: &[usize]) -> Result<Tensor, EmbeddingError> {
    assert!(
        table.ndim() == 2,
        "embedding: the table must be a 2-D [vocab_size, dim] matrix, got shape {:?}",
        table.shape()
    );
    if ids.len() != shape.iter().product::<usize>() {
        return Err(EmbeddingError::IdsShape {
            len: ids.len(),
            shape: shape.to_vec(),
        });
    }
    // BEGIN SOLUTION 11.1
    let (vocab_size, dim) = (table.shape()[0], table.shape()[1]);
    // Ids come from data: check them all before reading a row (and report the first bad one).
    if let Some((position, &id)) = ids.iter().enumerate().find(|&(_, &id)| id >= vocab_size) {
        return Err(EmbeddingError::IdOutOfRange {
            id,
            position,
            vocab_size,
        });
    }
    let rows = table
        .data()
        .view()
        .into_dimensionality::<Ix2>()
        .expect("checked 2-D");
    // One copy of each selected row into a buffer of exactly the output's size.
    let mut values = Vec::with_capacity(ids.len() * dim);
    for &id in ids {
        values.extend(rows.row(id).iter());
    }
    let mut out_shape = shape.to_vec();
    out_shape.push(dim);
    let data = ArrayD::from_shape_vec(IxDyn(&out_shape), values).expect("ids.len() * dim values");
    Ok(Tensor::from_op(data, &[table], || {
        Op::Custom(Arc::new(Gather {
            table: table.clone(),
            ids: Arc::from(ids),
        }))
    }))
    // END SOLUTION
}

impl CustomOp for Gather {
    fn name(&self) -> &'static str {
        "embedding_gather"
    }

    fn inputs(&self) -> Vec<&Tensor> {
        vec![&self.table]
    }

    /// The table's gradient: zeros, plus output row `k`'s gradient added into row
    /// `ids[k]`. A token that occurs several times collects the sum of its gradients;
    /// rows of tokens absent from the batch stay 0 (the gradient is sparse).
    fn backward(&self, _output: &Tensor, grad: &ArrayD<f32>) -> Vec<Option<ArrayD<f32>>> {
        // BEGIN SOLUTION 11.2
        let (vocab_size, dim) = (self.table.shape()[0], self.table.shape()[1]);
        let grad = grad.as_standard_layout();
        let grad_rows = grad
            .view()
            .into_shape_with_order((self.ids.len(), dim))
            .expect("the output's gradient is [..shape, dim]");
        let mut grad_table = Array2::<f32>::zeros((vocab_size, dim));
        for (&id, g) in self.ids.iter().zip(grad_rows.axis_iter(Axis(0))) {
            let mut row = grad_table.row_mut(id);
            row += &g;
        }
        vec![Some(grad_table.into_dyn())]
        // END SOLUTION
    }
}

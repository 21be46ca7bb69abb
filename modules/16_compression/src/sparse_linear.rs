//! `SparseLinear`: a pruned `Linear` stored in CSR and run through the sparse kernel
//! (shared code; the kernel is the exercise `sparse_matmul`).

use crate::{CsrMatrix, sparse_matmul};
use tinytorch_layers::{Linear, Module};
use tinytorch_tensor::Tensor;

/// An inference-only linear layer whose weight is stored sparsely: `y = x @ W + b` with
/// `W` kept as the CSR matrix of its transpose `Wt [out, in]`, so that every output
/// feature is one sparse row (see [`sparse_matmul`]).
///
/// It holds no [`Parameter`](tinytorch_layers::Parameter)s (the values are frozen:
/// fine-tune the dense model with masks first, then convert), so `num_parameters()` is 0;
/// its real size is [`nbytes`](SparseLinear::nbytes).
///
/// ```
/// use tinytorch_compression::{SparseLinear, prune_layer};
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let mut rng = seeded_rng(0);
/// let dense = Linear::new(8, 4, &mut rng);
/// prune_layer(dense.weight(), 0.75); // 24 of 32 weights become 0
/// let sparse = SparseLinear::from_linear(&dense);
/// assert_eq!(sparse.weight_t().nnz(), 8);
/// let x = Tensor::randn(&[3, 8], &mut rng);
/// let (a, b) = (sparse.forward(&x).to_vec(), dense.forward(&x).to_vec());
/// assert!(a.iter().zip(&b).all(|(p, q)| (p - q).abs() < 1e-5));
/// ```
#[derive(Clone, Debug)]
pub struct SparseLinear {
    weight_t: CsrMatrix,
    bias: Option<Tensor>,
}

impl SparseLinear {
    /// Converts a (pruned) `Linear`: its weight `[in, out]` is transposed and stored in CSR
    /// (only the nonzeros), its bias is kept dense.
    pub fn from_linear(linear: &Linear) -> SparseLinear {
        let weight_t = CsrMatrix::from_dense(&linear.weight().get().detach().t());
        let bias = linear.bias().map(|b| b.get().detach());
        SparseLinear { weight_t, bias }
    }

    /// The transposed weight `[out_features, in_features]` in CSR form.
    pub fn weight_t(&self) -> &CsrMatrix {
        &self.weight_t
    }

    /// The bias `[out_features]`, if any.
    pub fn bias(&self) -> Option<&Tensor> {
        self.bias.as_ref()
    }

    /// Bytes of the stored layer: the CSR weight plus 4 per bias entry.
    pub fn nbytes(&self) -> usize {
        self.weight_t.nbytes() + self.bias.as_ref().map_or(0, |b| 4 * b.numel())
    }
}

impl Module for SparseLinear {
    /// `x @ W + b` for `x` of shape `[..., in_features]` (leading axes are flattened into
    /// one batch axis for the kernel and restored).
    ///
    /// # Panics
    /// If the last axis of `x` is not `in_features` (from [`sparse_matmul`]).
    fn forward(&self, x: &Tensor) -> Tensor {
        let [out, inp] = self.weight_t.shape();
        let lead = &x.shape()[..x.ndim().saturating_sub(1)];
        let rows: usize = lead.iter().product();
        let flat = if x.ndim() == 2 {
            x.clone()
        } else {
            x.reshape(&[rows, *x.shape().last().unwrap_or(&inp)])
        };
        let y = sparse_matmul(&flat, &self.weight_t);
        let y = match &self.bias {
            Some(b) => y.add(b),
            None => y,
        };
        let mut shape = lead.to_vec();
        shape.push(out);
        if x.ndim() == 2 { y } else { y.reshape(&shape) }
    }

    fn name(&self) -> String {
        let [out, inp] = self.weight_t.shape();
        format!(
            "SparseLinear({inp} -> {out}, {:.0}% zeros)",
            100.0 * self.weight_t.sparsity()
        )
    }
}

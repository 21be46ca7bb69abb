//! Task 06.4 (part 1): the gradient of a matrix product.
//!
//! For `C = A @ B` with `A: [m, k]`, `B: [k, n]`: `C_ij = Σ_p A_ip B_pj`, so
//! `∂loss/∂A_ip = Σ_j dC_ij B_pj`, i.e. `dA = dC @ Bᵀ` (`[m, n] @ [n, k] = [m, k]`), and
//! likewise `dB = Aᵀ @ dC` (`[k, m] @ [m, n] = [k, n]`). Checking that the shapes come out
//! right is the quickest way to remember which side the transpose goes on.
//!
//! Cost: each of the two products is as large as the forward one (`2·m·k·n` FLOPs), so
//! backward through a matmul costs twice its forward pass.

use crate::dispatch::BinaryGrads;
use crate::{batched_matmul, reduce_to_shape};
use ndarray::ArrayD;
use tinytorch_tensor::Tensor;

/// `C = A @ B` (rank >= 2, batch axes broadcast): `dA = dC @ Bᵀ`, `dB = Aᵀ @ dC`, each
/// then summed over the batch axes its operand was broadcast along (a `[k, n]` weight
/// used by every sample of a `[b, m, k]` batch receives the sum over the batch).
pub(crate) fn matmul_grad(a: &Tensor, b: &Tensor, grad: &ArrayD<f32>) -> BinaryGrads {
    // BEGIN SOLUTION 06.4
    let da = a
        .requires_grad()
        .then(|| reduce_to_shape(batched_matmul(grad, false, b.data(), true), a.shape()));
    let db = b
        .requires_grad()
        .then(|| reduce_to_shape(batched_matmul(a.data(), true, grad, false), b.shape()));
    (da, db)
    // END SOLUTION
}

//! Fused linear layers: the matmul, then ONE pass that adds the bias and applies the
//! activation in place ([`bias_act_inplace`](crate::bias_act_inplace), task 17.4).

use crate::Activation;
use crate::imp::bias_act_inplace;
use crate::shapes::{check_bias, matmul_dims};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView1, ArrayView2};

/// `act(x @ w + bias)` for `x [m, k]`, `w [k, n]` (a `Linear` weight, `[in, out]`) and
/// `bias [n]`: ndarray's GEMM writes `[m, n]` once, then one pass adds the bias and applies
/// the activation while each value is in a register. One allocation, against three for
/// [`unfused_linear_bias_act`](crate::unfused_linear_bias_act).
///
/// # Panics
/// If the inner sizes differ or `bias` does not have one entry per output column.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::{Activation, linear_bias_act};
/// let x = array![[1.0_f32, -1.0]];
/// let w = array![[1.0_f32, 2.0], [3.0, 4.0]];
/// let y = linear_bias_act(x.view(), w.view(), array![3.0_f32, 0.0].view(), Activation::Relu);
/// assert_eq!(y, array![[1.0_f32, 0.0]]); // relu([-2 + 3, -2 + 0])
/// ```
pub fn linear_bias_act(
    x: ArrayView2<'_, f32>,
    w: ArrayView2<'_, f32>,
    bias: ArrayView1<'_, f32>,
    act: Activation,
) -> Array2<f32> {
    let (m, _, n) = matmul_dims("linear_bias_act", &x, &w);
    check_bias("linear_bias_act", n, &bias);
    let mut y = Array2::zeros((m, n));
    general_mat_mul(1.0, &x, &w, 0.0, &mut y);
    bias_act_inplace(y.view_mut(), bias, act);
    y
}

/// `relu(x @ w + bias)`, fused: [`linear_bias_act`] with [`Activation::Relu`].
///
/// # Panics
/// As [`linear_bias_act`].
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::linear_bias_relu;
/// let y = linear_bias_relu(array![[2.0_f32]].view(), array![[1.0_f32, -1.0]].view(), array![0.0_f32, 0.0].view());
/// assert_eq!(y, array![[2.0_f32, 0.0]]);
/// ```
pub fn linear_bias_relu(
    x: ArrayView2<'_, f32>,
    w: ArrayView2<'_, f32>,
    bias: ArrayView1<'_, f32>,
) -> Array2<f32> {
    linear_bias_act(x, w, bias, Activation::Relu)
}

/// `gelu(x @ w + bias)`, fused: [`linear_bias_act`] with [`Activation::Gelu`].
///
/// # Panics
/// As [`linear_bias_act`].
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::linear_bias_gelu;
/// let y = linear_bias_gelu(array![[1.0_f32]].view(), array![[1.0_f32]].view(), array![0.0_f32].view());
/// assert!((y[[0, 0]] - 0.841_192).abs() < 1e-5);
/// ```
pub fn linear_bias_gelu(
    x: ArrayView2<'_, f32>,
    w: ArrayView2<'_, f32>,
    bias: ArrayView1<'_, f32>,
) -> Array2<f32> {
    linear_bias_act(x, w, bias, Activation::Gelu)
}

//! The inference kernels (shared code): a counted dense layer, LayerNorm over rows and
//! GELU, all on plain `ndarray` arrays, with no autograd graph.
//!
//! Both the cached and the uncached paths run on these, so a comparison between them
//! measures the cache and nothing else.

use crate::MacCounter;
use crate::packed_matmul::{PackedWeight, add_product_packed};
use crate::small_matmul::{Layout, add_product};
use crate::vector_math::{exp_slice, gelu_slice};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis, Ix1, Ix2};
use std::sync::Arc;
use tinytorch_activations::{GELU_COEFF, SQRT_2_OVER_PI};
use tinytorch_tensor::Tensor;

/// Up to this many rows (a decode step of up to this many sequences, or a short prompt),
/// a product `x @ W` runs on [`add_product`], which reads each weight where it lies, once
/// per tile of rows. `general_mat_mul` copies (packs) `W` on every call: for a few rows
/// the copy costs as much as the product, while from a few dozen rows on its packed,
/// cache-blocked kernel wins.
const DIRECT_MAX_ROWS: usize = 16;

/// Up to this many rows, [`Dense::forward`] runs on the weight packed once at construction
/// ([`add_product_packed`]); beyond, `general_mat_mul`, which packs on every call but
/// blocks for the caches.
const PACKED_MAX_ROWS: usize = 16;

/// `c = alpha * a @ b`, the result of `general_mat_mul(alpha, &a, &b, 0.0, &mut c)`, with
/// the products of up to [`DIRECT_MAX_ROWS`] rows on the vector kernels of
/// [`small_matmul`](crate::small_matmul), which need no packing: `b` may be a row-major
/// matrix (the cached values `V` of a head) or the transpose of one (`k.t()`, the cached
/// keys `K^T`, a view: nothing is copied). Attention (task 18.2) runs its two products per
/// head on it; from a few dozen rows on, `general_mat_mul`'s cache-blocked kernel wins.
///
/// # Panics
/// If the shapes do not fit (`a` `[m, k]`, `b` `[k, n]`, `c` `[m, n]`), naming them.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn product_into(
    alpha: f32,
    a: ArrayView2<'_, f32>,
    b: ArrayView2<'_, f32>,
    mut c: ArrayViewMut2<'_, f32>,
) {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    assert!(
        b.nrows() == k && c.dim() == (m, n),
        "product_into: a {:?} @ b {:?} does not fit c {:?}",
        a.shape(),
        b.shape(),
        c.shape()
    );
    let b_t = b.t();
    let few_rows = m <= DIRECT_MAX_ROWS;
    if !few_rows || (b.as_slice().is_none() && b_t.as_slice().is_none()) {
        general_mat_mul(alpha, &a, &b, 0.0, &mut c);
        return;
    }
    let a = a.as_standard_layout(); // a copy only when `a` is a column block (a head's q)
    let Some(xs) = a.as_slice() else {
        unreachable!("a standard-layout array is one slice")
    };
    let add_into = |out: &mut [f32]| match b.as_slice() {
        Some(ws) => add_product(xs, (ws, Layout::RowMajor), out, (m, k, n)),
        None => {
            let keys = b_t.as_slice().unwrap_or_default();
            add_product(xs, (keys, Layout::Transposed), out, (m, k, n))
        }
    };
    match c.as_slice_mut() {
        Some(out) => {
            out.fill(0.0);
            add_into(out);
        }
        None => {
            let mut out = Array2::zeros((m, n));
            add_into(out.as_slice_mut().unwrap_or_default());
            c.assign(&out);
        }
    }
    if alpha != 1.0 {
        c *= alpha;
    }
}

/// `e^v` of every value of `values`, in place, on the vector units when the values are one
/// slice (within 4e-7 of `f32::exp`; see [`exp_slice`](crate::vector_math::exp_slice)).
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn exp_inplace(mut values: ArrayViewMut1<'_, f32>) {
    match values.as_slice_mut() {
        Some(slice) => exp_slice(slice),
        None => values.mapv_inplace(f32::exp),
    }
}

/// The 2-D view of a weight tensor.
fn view2(t: &Tensor) -> ArrayView2<'_, f32> {
    t.data()
        .view()
        .into_dimensionality::<Ix2>()
        .unwrap_or_else(|_| panic!("weight of shape {:?} is not 2-D", t.shape()))
}

/// The 1-D view of a bias or LayerNorm tensor.
fn view1(t: &Tensor) -> ArrayView1<'_, f32> {
    t.data()
        .view()
        .into_dimensionality::<Ix1>()
        .unwrap_or_else(|_| panic!("vector of shape {:?} is not 1-D", t.shape()))
}

/// A linear layer `x @ W + b` with `W` stored `[in, out]` (the course's layout), sharing
/// the model's weight arrays (cloning a tensor handle copies no data), plus one copy of
/// `W` packed into column panels for the products of a few rows (see
/// [`packed_matmul`](crate::packed_matmul)).
#[derive(Clone, Debug)]
pub(crate) struct Dense {
    weight: Tensor,
    packed: Arc<PackedWeight>,
    bias: Option<Tensor>,
}

#[cfg_attr(course_student, allow(dead_code))]
impl Dense {
    /// Wraps the weight `[in, out]` and optional bias `[out]`.
    pub(crate) fn new(weight: Tensor, bias: Option<Tensor>) -> Dense {
        assert!(weight.ndim() == 2, "Dense: weight must be [in, out]");
        let w = view2(&weight);
        let packed = PackedWeight::pack(
            w.as_standard_layout().as_slice().unwrap_or_default(),
            w.dim(),
        );
        Dense {
            weight,
            packed: Arc::new(packed),
            bias,
        }
    }

    /// `x @ W + b` for `x` of shape `[rows, in]`, counting `rows * in * out` MACs.
    ///
    /// # Panics
    /// If `x` does not have `in` columns, naming both shapes.
    pub(crate) fn forward(&self, x: ArrayView2<'_, f32>, macs: &mut MacCounter) -> Array2<f32> {
        let w = view2(&self.weight);
        assert!(
            x.ncols() == w.nrows(),
            "Dense::forward: input {:?} does not fit weight {:?}",
            x.shape(),
            w.shape()
        );
        let mut out = Array2::zeros((x.nrows(), w.ncols()));
        if let Some(bias) = &self.bias {
            out += &view1(bias);
        }
        match (x.nrows() <= PACKED_MAX_ROWS, x.as_slice()) {
            (true, Some(xs)) => {
                let Some(out_s) = out.as_slice_mut() else {
                    unreachable!("a fresh Array2 is contiguous")
                };
                add_product_packed(xs, &self.packed, out_s, x.nrows());
            }
            _ => general_mat_mul(1.0, &x, &w, 1.0, &mut out),
        }
        macs.add(x.nrows() * w.nrows() * w.ncols());
        out
    }
}

/// LayerNorm parameters: `gamma`, `beta` (`[D]`) and `eps`.
#[derive(Clone, Debug)]
pub(crate) struct Norm {
    gamma: Tensor,
    beta: Tensor,
    eps: f32,
}

#[cfg_attr(course_student, allow(dead_code))]
impl Norm {
    /// Wraps the parameters of a LayerNorm.
    pub(crate) fn new(gamma: Tensor, beta: Tensor, eps: f32) -> Norm {
        Norm { gamma, beta, eps }
    }

    /// LayerNorm of every row of `x` (`[rows, D]`): `(x - mean) / sqrt(var + eps) * gamma +
    /// beta` with the biased variance, exactly as module 13's `layer_norm`.
    pub(crate) fn forward(&self, x: ArrayView2<'_, f32>) -> Array2<f32> {
        let (gamma, beta) = (view1(&self.gamma), view1(&self.beta));
        let mut out = x.to_owned();
        let d = x.ncols() as f32;
        for mut row in out.outer_iter_mut() {
            let mean = row.sum() / d;
            row -= mean;
            let var = row.iter().map(|v| v * v).sum::<f32>() / d;
            let inv = 1.0 / (var + self.eps).sqrt();
            row.zip_mut_with(&gamma, |v, &g| *v *= inv * g);
            row += &beta;
        }
        out
    }
}

/// GELU (the tanh form of module 02) in place, as `x * sigmoid(2u)`: the same function,
/// since `(1 + tanh(u)) / 2 = 1 / (1 + e^(-2u))`, with one `exp` instead of a `tanh` (which
/// costs two to three times as much), computed on the vector units by
/// [`gelu_slice`](crate::vector_math::gelu_slice).
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn gelu_inplace(x: &mut Array2<f32>) {
    match x.as_slice_mut() {
        Some(values) => gelu_slice(values),
        None => x.mapv_inplace(|v| {
            let u = SQRT_2_OVER_PI * (v + GELU_COEFF * v * v * v);
            v / (1.0 + (-2.0 * u).exp())
        }),
    }
}

/// Row `id` of a 2-D table (token or position embeddings).
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn table_row(table: &Tensor, id: usize) -> ArrayView1<'_, f32> {
    view2(table).index_axis_move(Axis(0), id)
}

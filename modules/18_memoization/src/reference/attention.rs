//! Task 18.2: attention of the new tokens over everything cached for their sequence.

use crate::MacCounter;
use crate::attention_shapes::check_shapes;
use ndarray::linalg::general_mat_vec_mul;
use ndarray::{Array1, Array2, ArrayView2, ArrayView3, Axis, s};

/// Causal attention of the `T` newest positions of one sequence over its `n` cached
/// positions (the new ones included: their keys and values were appended first).
///
/// - `q` is `[T, D]`: the queries of the new tokens, heads side by side (`D = H * hd`);
/// - `keys` and `values` are `[H, n, hd]`, as [`KvCache::keys`](crate::KvCache::keys)
///   returns them, with `n >= T`.
///
/// New token `i` sits at position `p = n - T + i`, and the causal mask says it sees keys
/// `0..=p`: the mask is a slice bound, with no `-inf` and no wasted products. For head `h`:
///
/// ```text
/// scores_j = q_i[h] . k_j / sqrt(hd)         j = 0..=p
/// w        = softmax(scores)                  (shifted by the max, as module 02)
/// out_i[h] = sum_j w_j * v_j
/// ```
///
/// Returns `[T, D]` with the heads merged back side by side. Adds the multiply-adds it
/// executes to `macs`: `2 * (p + 1) * hd` per new token and head (scores, then the
/// weighted sum), i.e. `2 * D * (p + 1)` per new token.
///
/// # Panics
/// If the shapes do not fit together, naming them.
///
/// ```
/// use ndarray::{Array2, Array3};
/// use tinytorch_memoization::{MacCounter, attend_cached};
/// // One head of width 2 and two cached positions; the new token (position 1) sees both.
/// let keys = Array3::from_shape_vec((1, 2, 2), vec![1.0, 0.0, 0.0, 1.0]).unwrap();
/// let values = Array3::from_shape_vec((1, 2, 2), vec![10.0, 0.0, 0.0, 20.0]).unwrap();
/// let q = Array2::from_shape_vec((1, 2), vec![0.0, 0.0]).unwrap(); // equal scores
/// let mut macs = MacCounter::new();
/// let out = attend_cached(q.view(), keys.view(), values.view(), &mut macs);
/// assert_eq!(out.into_raw_vec_and_offset().0, vec![5.0, 10.0]); // the mean of the values
/// assert_eq!(macs.total(), 2 * 2 * 2);
/// ```
pub fn attend_cached(
    q: ArrayView2<'_, f32>,
    keys: ArrayView3<'_, f32>,
    values: ArrayView3<'_, f32>,
    macs: &mut MacCounter,
) -> Array2<f32> {
    check_shapes(&q, &keys, &values);
    // BEGIN SOLUTION 18.2
    let (heads, n, hd) = keys.dim();
    let t_new = q.nrows();
    let offset = n - t_new;
    let scale = 1.0 / (hd as f32).sqrt();
    let mut out = Array2::zeros((t_new, heads * hd));
    let mut scores = Array1::zeros(n); // reused by every query: no allocation per row
    for (h, (k, v)) in keys.outer_iter().zip(values.outer_iter()).enumerate() {
        let cols = h * hd..(h + 1) * hd;
        for i in 0..t_new {
            let visible = offset + i + 1; // position offset + i sees keys 0..=offset + i
            let mut s = scores.slice_mut(s![..visible]);
            let q_i = q.slice(s![i, cols.clone()]);
            general_mat_vec_mul(scale, &k.slice(s![..visible, ..]), &q_i, 0.0, &mut s);
            let max = s.fold(f32::NEG_INFINITY, |m, &x| m.max(x));
            s.mapv_inplace(|x| (x - max).exp());
            let sum = s.sum();
            let mut o = out.slice_mut(s![i, cols.clone()]);
            for (&w, v_j) in s.iter().zip(v.axis_iter(Axis(0))) {
                o.scaled_add(w / sum, &v_j);
            }
            macs.add(2 * visible * hd);
        }
    }
    out
    // END SOLUTION
}

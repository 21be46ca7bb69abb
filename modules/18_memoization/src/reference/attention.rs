//! Task 18.2: attention of the new tokens over everything cached for their sequence.

use crate::MacCounter;
use crate::attention_shapes::check_shapes;
use crate::kernels::{exp_inplace, product_into};
use ndarray::{Array2, ArrayView2, ArrayView3, ArrayViewMut2, s};

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
/// Each head takes two products over whole rows, per block of up to 32 queries `i0..i1`:
/// their scores against the keys the block sees, `[i1 - i0, hd] @ [hd, n - T + i1]`, then
/// the weights times the values (the keys masked for a row inside the block weigh 0).
/// Returns `[T, D]` with the heads merged back side by side. Adds the multiply-adds the
/// mask leaves to `macs`: `2 * (p + 1) * hd` per new token and head
/// (scores, then the weighted sum), i.e. `2 * D * (p + 1)` per new token.
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
    const ROW_BLOCK: usize = 32;
    // Query rows go in blocks: a block of rows i0..i1 sees keys 0..offset + i1 only, so
    // the products skip the masked upper triangle (half the work of a long prompt).
    let mut buffer = vec![0.0; t_new.min(ROW_BLOCK) * n]; // scores, reused by every block
    for (h, (k, v)) in keys.outer_iter().zip(values.outer_iter()).enumerate() {
        let cols = s![.., h * hd..(h + 1) * hd];
        let q_h = q.slice(cols);
        for i0 in (0..t_new).step_by(ROW_BLOCK) {
            let rows = i0..t_new.min(i0 + ROW_BLOCK);
            let block_keys = offset + rows.end; // keys the block's last row sees
            let k_block = k.slice(s![..block_keys, ..]);
            let v_block = v.slice(s![..block_keys, ..]);
            let mut scores = ArrayViewMut2::from_shape(
                (rows.len(), block_keys),
                &mut buffer[..rows.len() * block_keys],
            )
            .unwrap_or_else(|_| unreachable!("the buffer holds every block's scores"));
            product_into(
                scale,
                q_h.slice(s![rows.clone(), ..]),
                k_block.t(),
                scores.view_mut(),
            );
            for (i, mut row) in scores.outer_iter_mut().enumerate() {
                let visible = offset + rows.start + i + 1; // sees keys 0..=its position
                let (mut seen, mut future) = row.multi_slice_mut((s![..visible], s![visible..]));
                let max = seen.fold(f32::NEG_INFINITY, |m, &x| m.max(x));
                seen -= max;
                exp_inplace(seen.view_mut());
                let sum = seen.sum();
                seen /= sum;
                future.fill(0.0); // masked: the weighted sum below gives these keys weight 0
                macs.add(2 * visible * hd);
            }
            let mut out_block = out.slice_mut(s![rows, h * hd..(h + 1) * hd]);
            product_into(1.0, scores.view(), v_block, out_block.view_mut());
        }
    }
    out
    // END SOLUTION
}

//! Elementwise maps and copies over strided views in as few, as long rows as possible
//! (shared code behind task 01.2's `zip_broadcast` and task 01.4's `permute`).
//!
//! `ndarray::Zip` runs a tight loop along the last axis and pays a fixed cost per row. A
//! bias `[C, 1, 1]` broadcast over `[N, C, H, W]` gives rows of only `W` values, most of
//! the time going to moving between rows. Adjacent axes that both operands step through
//! evenly (the inner one's whole extent is one step of the outer, or both step 0, as a
//! broadcast axis does) are one axis in disguise; merging them first gives the same
//! elements in the same order, in rows of `H * W`. A permuted view copied back to
//! row-major order gains the same way (`[N, H, W, C]` to `[N, C, H, W]` copies rows of
//! `H * W` instead of `W`).

use ndarray::{ArrayD, ArrayViewD, Axis, IxDyn, Zip};

/// `f(x, y)` for every pair of elements of `lhs` and `rhs` (the same shape `shape`, e.g.
/// two views from `broadcast`), as a row-major array of that shape. On one or two axes the
/// plain `Zip` runs: there merging can only join two contiguous operands, which `Zip`
/// already walks as one row.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn map_broadcast(
    lhs: ArrayViewD<'_, f32>,
    rhs: ArrayViewD<'_, f32>,
    shape: &[usize],
    f: impl Fn(f32, f32) -> f32,
) -> ArrayD<f32> {
    if lhs.ndim() <= 2 {
        return Zip::from(&lhs).and(&rhs).map_collect(|&x, &y| f(x, y));
    }
    let (lhs, rhs) = merge_axes(lhs, rhs);
    let mut out = ArrayD::<f32>::zeros(lhs.raw_dim()); // row-major, as the result must be
    Zip::from(&mut out)
        .and(&lhs)
        .and(&rhs)
        .for_each(|o, &x, &y| *o = f(x, y));
    out.into_shape_with_order(IxDyn(shape))
        .expect("merging keeps the row-major order and the element count")
}

/// `view`'s elements in a new row-major array of the same shape (e.g. a permuted view made
/// contiguous).
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn to_row_major(view: ArrayViewD<'_, f32>) -> ArrayD<f32> {
    let shape = view.shape().to_vec();
    let (merged, _) = merge_axes(view.clone(), view);
    let mut out = ArrayD::<f32>::zeros(merged.raw_dim());
    out.assign(&merged);
    out.into_shape_with_order(IxDyn(&shape))
        .expect("merging keeps the row-major order and the element count")
}

/// `lhs` and `rhs` with every pair of adjacent axes that both can merge (see
/// `ArrayView::merge_axes`) merged, and the axes of length 1 this leaves dropped.
fn merge_axes<'a>(
    mut lhs: ArrayViewD<'a, f32>,
    mut rhs: ArrayViewD<'a, f32>,
) -> (ArrayViewD<'a, f32>, ArrayViewD<'a, f32>) {
    if lhs.is_empty() || lhs.ndim() < 2 {
        return (lhs, rhs);
    }
    for outer in (0..lhs.ndim() - 1).rev() {
        let (mut l, mut r) = (lhs.clone(), rhs.clone());
        // Merging `outer` into the next axis keeps row-major order (the inner axis moves
        // fastest); commit only when both operands allow it, so the shapes stay equal.
        if l.merge_axes(Axis(outer), Axis(outer + 1)) && r.merge_axes(Axis(outer), Axis(outer + 1))
        {
            (lhs, rhs) = (l, r);
        }
    }
    while lhs.ndim() > 1 {
        match lhs.shape().iter().position(|&len| len == 1) {
            Some(axis) => {
                lhs = lhs.index_axis_move(Axis(axis), 0);
                rhs = rhs.index_axis_move(Axis(axis), 0);
            }
            None => break,
        }
    }
    (lhs, rhs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_bias_over_images_runs_in_rows_of_whole_images() {
        let x = ArrayD::from_shape_fn(IxDyn(&[20, 3, 40, 5]), |i| {
            (i[0] * 600 + i[1] * 200 + i[2] * 5 + i[3]) as f32
        });
        let bias = ArrayD::from_shape_fn(IxDyn(&[3, 1, 1]), |i| 1000.0 * i[0] as f32);
        let shape = [20, 3, 40, 5];
        let (l, r) = (
            x.broadcast(IxDyn(&shape)).unwrap(),
            bias.broadcast(IxDyn(&shape)).unwrap(),
        );
        let (ml, mr) = merge_axes(l.clone(), r.clone());
        assert_eq!(ml.shape(), &[20, 3, 200]);
        assert_eq!(mr.shape(), &[20, 3, 200]);
        let got = map_broadcast(l.clone(), r.clone(), &shape, |a, b| a + b);
        let want = Zip::from(&l).and(&r).map_collect(|&a, &b| a + b);
        assert_eq!(got, want);
    }

    #[test]
    fn permuted_and_scalar_operands_keep_their_elements() {
        let x = ArrayD::from_shape_fn(IxDyn(&[30, 40, 20]), |i| {
            (i[0] * 800 + i[1] * 20 + i[2]) as f32
        });
        let t = x.view().permuted_axes(IxDyn(&[2, 0, 1])); // [20, 30, 40], not row-major
        let y = ArrayD::from_elem(IxDyn(&[]), 0.5f32);
        let shape = [20, 30, 40];
        let r = y.broadcast(IxDyn(&shape)).unwrap();
        let got = map_broadcast(t.clone(), r.clone(), &shape, |a, b| a * b);
        let want = Zip::from(&t).and(&r).map_collect(|&a, &b| a * b);
        assert_eq!(got, want);
        assert!(got.is_standard_layout());
    }

    #[test]
    fn channels_last_to_channels_first_copies_whole_images() {
        let x = ArrayD::from_shape_fn(IxDyn(&[20, 3, 40, 5]), |i| {
            (i[0] * 600 + i[1] * 200 + i[2] * 5 + i[3]) as f32
        });
        let view = x.view().permuted_axes(IxDyn(&[0, 3, 1, 2])); // [20, 5, 3, 40]
        let (merged, _) = merge_axes(view.clone(), view.clone());
        assert_eq!(merged.shape(), &[20, 5, 120]);
        let got = to_row_major(view.clone());
        assert_eq!(got, view.as_standard_layout().into_owned());
        assert!(got.is_standard_layout());
    }
}

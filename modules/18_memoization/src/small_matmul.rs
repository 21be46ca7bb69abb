//! `out += x @ w` and `out += x @ y^T` for the FEW rows of attention in a decode step
//! (shared code): register-blocked tiles read straight from operands that change on every
//! call (the cached keys and values of one head), compiled for the CPU's vector units and
//! chosen at run time. The dense layers, whose weights do not change, read them packed
//! once instead (see [`packed_matmul`](crate::packed_matmul)).
//!
//! `general_mat_mul` first copies (packs) both operands into its own layout, which for a
//! single query row costs as much as the product. These kernels read each value where it
//! lies: [`add_product`] keeps a tile of up to [`MR_MAX`] rows and 16 or 32 columns of
//! sums in vector registers while it walks down `w`, each segment of a row of `w` loaded
//! once for all the tile's rows; with the keys `K` of `q @ K^T` ([`Layout::Transposed`]) it
//! takes dot products of whole rows, four at a time.
//!
//! The code is safe Rust over pulp's vector types: [`pulp::Arch::dispatch`] compiles it
//! for AVX2 and FMA (x86-64 v3; NEON on ARM) and picks that build at run time when the CPU
//! has them; otherwise the portable build runs. No `target-cpu=native` is needed, so a
//! binary runs anywhere. With vector units each step is a fused multiply-add (rounded once
//! instead of twice), so the kernels agree with the plain loops
//! (`testing::add_product_plain`) exactly on sums that are exact (the tests use small
//! integers) and within rounding otherwise.

/// Rows per tile, at most: 3 rows of two 8-lane vectors keep six sums in registers next
/// to the row segment and the broadcast values.
const MR_MAX: usize = 3;

/// How the right operand `b` of `x @ b` is stored.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Layout {
    /// `b` row-major, `[k, n]` (a head's cached values `V`).
    RowMajor,
    /// `b` given as its transpose, row-major `[n, k]`: every row of `x` against every ROW
    /// of it, as attention's scores take every query against every cached key (`q @ K^T`
    /// with `K` stored one key per row).
    Transposed,
}

/// `out += x @ b` for row-major `x` (`[m, k]`) and `out` (`[m, n]`), `b` stored as
/// `layout` says, on the vector units of this CPU. Row-major `b` goes in tiles (the module
/// docs); a transposed `b` in dot products of two contiguous rows, one vector of partial
/// sums each, four rows of `b` at a time so that four sums are in flight.
///
/// # Panics
/// If a slice's length does not match `m`, `k` and `n`, naming them.
pub(crate) fn add_product(
    x: &[f32],
    (b, layout): (&[f32], Layout),
    out: &mut [f32],
    (m, k, n): (usize, usize, usize),
) {
    assert!(
        x.len() == m * k && b.len() == k * n && out.len() == m * n,
        "add_product: x {} (m * k = {m} * {k}), b {} (k * n = {k} * {n}), out {} (m * n)",
        x.len(),
        b.len(),
        out.len()
    );
    if m == 0 || k == 0 || n == 0 {
        return; // nothing to add
    }
    pulp::Arch::new().dispatch(Product {
        x,
        b,
        layout,
        out,
        dims: (m, k, n),
    });
}

/// The arguments of [`add_product`], as the operation [`pulp::Arch::dispatch`] compiles
/// once per instruction set.
struct Product<'a> {
    x: &'a [f32],
    b: &'a [f32],
    layout: Layout,
    out: &'a mut [f32],
    dims: (usize, usize, usize),
}

impl pulp::WithSimd for Product<'_> {
    type Output = ();

    /// Inlined (with everything it calls) into pulp's entry point of each instruction
    /// set, whose vector type `S` the kernels are written in (a fused multiply-add where
    /// the CPU has one). A tile of one row spans 32 columns, a tile of 2 or 3 rows 16:
    /// the vectors per tile for this set's lane count.
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, simd: S) {
        let Self {
            x,
            b,
            layout,
            out,
            dims,
        } = self;
        match (layout, S::F32_LANES) {
            (Layout::Transposed, _) => row_dots(simd, x, b, out, dims),
            (Layout::RowMajor, 8) => add_product_tiled::<S, 4, 2>(simd, x, b, out, dims),
            (Layout::RowMajor, 4) => add_product_tiled::<S, 8, 4>(simd, x, b, out, dims),
            (Layout::RowMajor, 16) => add_product_tiled::<S, 2, 1>(simd, x, b, out, dims),
            // The portable build: one lane.
            (Layout::RowMajor, _) => add_product_tiled::<S, 32, 16>(simd, x, b, out, dims),
        }
    }
}

/// Every row of `x` (`[m, k]`) against every row of `y` (`[n, k]`), added to `out`.
#[inline(always)]
fn row_dots<S: pulp::Simd>(
    simd: S,
    x: &[f32],
    y: &[f32],
    out: &mut [f32],
    dims: (usize, usize, usize),
) {
    let (_, k, n) = dims;
    for (x_row, out_row) in x.chunks_exact(k).zip(out.chunks_exact_mut(n)) {
        let mut keys = y.chunks_exact(k);
        let mut outs = out_row.chunks_exact_mut(4);
        for out4 in &mut outs {
            let rows: [&[f32]; 4] = std::array::from_fn(|_| {
                keys.next()
                    .unwrap_or_else(|| unreachable!("one key row per output"))
            });
            for (o, sum) in out4.iter_mut().zip(dots(simd, x_row, rows)) {
                *o += sum;
            }
        }
        for (o, row) in outs.into_remainder().iter_mut().zip(keys) {
            *o += dots(simd, x_row, [row])[0];
        }
    }
}

/// The dot products of `x` with each of `rows` (all of `x`'s length): one vector of
/// partial sums per row while walking `x` a vector at a time, then each vector's lanes
/// summed and the last values (fewer than a vector) added.
#[inline(always)]
fn dots<S: pulp::Simd, const R: usize>(simd: S, x: &[f32], rows: [&[f32]; R]) -> [f32; R] {
    let (x_vectors, x_tail) = S::as_simd_f32s(x);
    let split: [(&[S::f32s], &[f32]); R] = std::array::from_fn(|r| S::as_simd_f32s(rows[r]));
    let mut acc = [simd.splat_f32s(0.0); R];
    for (v, &xv) in x_vectors.iter().enumerate() {
        for (a, (row_vectors, _)) in acc.iter_mut().zip(&split) {
            *a = simd.mul_add_e_f32s(xv, row_vectors[v], *a);
        }
    }
    std::array::from_fn(|r| {
        let tail: f32 = x_tail.iter().zip(split[r].1).map(|(a, b)| a * b).sum();
        simd.reduce_sum_f32s(acc[r]) + tail
    })
}

/// The whole product: tiles of [`MR_MAX`] rows, then one tile of the rows left; a tile
/// of one row is `WIDE` vectors wide, a tile of several `NARROW`.
#[inline(always)]
fn add_product_tiled<S: pulp::Simd, const WIDE: usize, const NARROW: usize>(
    simd: S,
    x: &[f32],
    w: &[f32],
    out: &mut [f32],
    dims: (usize, usize, usize),
) {
    let m = dims.0;
    let full = m / MR_MAX;
    columns::<S, MR_MAX, NARROW>(simd, x, w, out, dims, (0, full));
    let first = full * MR_MAX;
    match m - first {
        1 => columns::<S, 1, WIDE>(simd, x, w, out, dims, (first, 1)),
        2 => columns::<S, 2, NARROW>(simd, x, w, out, dims, (first, 1)),
        _ => {}
    }
}

/// `tiles` tiles of `MR` rows each from row `first` on, against every column: blocks of
/// `VECS` vectors, then blocks of one vector, then the last columns one by one. The column
/// block is the outer loop, so its `[k, width]` panel of `w` stays in L1 while every row
/// tile passes over it.
#[inline(always)]
fn columns<S: pulp::Simd, const MR: usize, const VECS: usize>(
    simd: S,
    x: &[f32],
    w: &[f32],
    out: &mut [f32],
    (_, k, n): (usize, usize, usize),
    (first, tiles): (usize, usize),
) {
    let tile_rows = |t: usize| -> [&[f32]; MR] {
        let i0 = first + t * MR;
        std::array::from_fn(|r| &x[(i0 + r) * k..(i0 + r + 1) * k])
    };
    let lanes = S::F32_LANES;
    let mut j0 = 0;
    while j0 + VECS * lanes <= n {
        for t in 0..tiles {
            tile::<S, MR, VECS>(simd, &tile_rows(t), w, out, (first + t * MR, j0, n));
        }
        j0 += VECS * lanes;
    }
    while j0 + lanes <= n {
        for t in 0..tiles {
            tile::<S, MR, 1>(simd, &tile_rows(t), w, out, (first + t * MR, j0, n));
        }
        j0 += lanes;
    }
    for i in first..first + tiles * MR {
        let row = &x[i * k..(i + 1) * k];
        for j in j0..n {
            let sum = row
                .iter()
                .zip(w[j..].iter().step_by(n))
                .fold(0.0, |acc, (&xv, &wv)| acc + xv * wv);
            out[i * n + j] += sum;
        }
    }
}

/// One tile of `MR` rows and `VECS` vectors of columns of `out` at `(i0, j0)`: the sums
/// stay in registers while `p` walks down the weight; each row segment of `w` is loaded
/// once for all `MR` rows.
#[inline(always)]
fn tile<S: pulp::Simd, const MR: usize, const VECS: usize>(
    simd: S,
    rows: &[&[f32]; MR],
    w: &[f32],
    out: &mut [f32],
    (i0, j0, n): (usize, usize, usize),
) {
    let width = VECS * S::F32_LANES;
    let mut acc = [[simd.splat_f32s(0.0); VECS]; MR];
    for (p, w_row) in w.chunks_exact(n).enumerate() {
        let (segment, _) = S::as_simd_f32s(&w_row[j0..j0 + width]);
        for (v, &wv) in segment.iter().enumerate() {
            for (acc_row, row) in acc.iter_mut().zip(rows) {
                acc_row[v] = simd.mul_add_e_f32s(simd.splat_f32s(row[p]), wv, acc_row[v]);
            }
        }
    }
    for (r, acc_row) in acc.iter().enumerate() {
        let start = (i0 + r) * n + j0;
        let (outs, _) = S::as_mut_simd_f32s(&mut out[start..start + width]);
        for (o, &a) in outs.iter_mut().zip(acc_row) {
            *o = simd.add_f32s(*o, a);
        }
    }
}

/// What the tests of this module's kernels compare them against.
#[cfg(test)]
pub(crate) mod testing {
    /// Small integers, so every sum is exact and every kernel must agree bit for bit.
    pub(crate) fn values(len: usize, seed: usize) -> Vec<f32> {
        (0..len)
            .map(|i| ((i * 7 + seed * 13) % 11) as f32 - 5.0)
            .collect()
    }

    /// The same sums as [`add_product`](super::add_product), one output at a time (the tests
    /// compare every kernel against it).
    pub(crate) fn add_product_plain(
        x: &[f32],
        w: &[f32],
        out: &mut [f32],
        (m, k, n): (usize, usize, usize),
    ) {
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0.0;
                for p in 0..k {
                    acc += x[i * k + p] * w[p * n + j];
                }
                out[i * n + j] += acc;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{add_product_plain, values};
    use super::*;
    use pulp::Simd as _;

    /// Runs this CPU's build of [`add_product`], its portable build and the plain loops
    /// on the same values, `b` stored as `layout` says, and asserts all three agree.
    fn assert_builds_agree(layout: Layout, (m, k, n): (usize, usize, usize)) {
        let (x, b) = (values(m * k, 1), values(k * n, 2));
        let b_row_major: Vec<f32> = match layout {
            Layout::RowMajor => b.clone(),
            // b is [n, k]; the plain loops take its transpose [k, n].
            Layout::Transposed => (0..k * n).map(|i| b[(i % n) * k + i / n]).collect(),
        };
        let start = values(m * n, 3);
        let (mut fast, mut plain, mut portable) = (start.clone(), start.clone(), start);
        add_product(&x, (&b, layout), &mut fast, (m, k, n));
        add_product_plain(&x, &b_row_major, &mut plain, (m, k, n));
        if m * k * n > 0 {
            pulp::Scalar::new().vectorize(Product {
                x: &x,
                b: &b,
                layout,
                out: &mut portable,
                dims: (m, k, n),
            });
        } else {
            portable.clone_from(&plain);
        }
        assert_eq!(fast, plain, "{layout:?}, m {m}, k {k}, n {n}");
        assert_eq!(
            portable, plain,
            "portable build, {layout:?}, m {m}, k {k}, n {n}"
        );
    }

    #[test]
    fn tiled_kernel_matches_the_plain_loops_on_every_edge_shape() {
        for m in [1, 2, 3, 4, 5, 7, 8, 16, 17] {
            for n in [1, 7, 8, 9, 16, 57, 64, 65, 128, 130] {
                for k in [0, 1, 3, 32] {
                    assert_builds_agree(Layout::RowMajor, (m, k, n));
                }
            }
        }
    }

    #[test]
    fn transposed_kernel_matches_the_plain_loops_on_every_edge_shape() {
        for m in [1, 2, 5, 17] {
            for n in [1, 3, 4, 5, 9, 60] {
                for k in [0, 1, 7, 8, 9, 32, 33] {
                    assert_builds_agree(Layout::Transposed, (m, k, n));
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "add_product: x 3")]
    fn wrong_lengths_are_named() {
        add_product(
            &[0.0; 3],
            (&[0.0; 4], Layout::RowMajor),
            &mut [0.0; 2],
            (1, 2, 2),
        );
    }
}

//! `out += x @ W` for a weight packed ONCE into column panels (shared code): the kernel of
//! every dense layer of a decode step, where a few rows meet a large weight.
//!
//! A decode step of `B` sequences multiplies `[B, K]` by every weight `[K, N]`, and the
//! weights (3.4 MB on the bench model) are read from L3 on every step. Read in place, a
//! tile of columns walks down the weight with a stride of a whole row (`N` floats), one
//! new cache line per row; `general_mat_mul` instead copies (packs) the weight on every
//! call, which for a few rows costs as much as the product. [`PackedWeight`] does that
//! copy once, when the model is built: the weight becomes `N / 16` panels, each its `K`
//! rows of 16 columns one after the other, so a tile reads one contiguous stream.
//!
//! A tile keeps `rows x panels x 16` sums in vector registers (4 x 1, 2 x 2 or 1 x 4
//! panels: eight 8-lane sums with AVX2, enough independent fused multiply-adds to cover
//! their latency) and loads each 16-value segment of a panel once for all its rows. The
//! code is safe Rust over pulp's vector types: [`pulp::Arch::dispatch`] compiles it for
//! AVX2 + FMA (and NEON on ARM) and picks that build at run time, with a portable build
//! otherwise. Each output adds `x[i, p] * w[p, j]` in the order of `p` into its own sum,
//! then adds that sum to `out`, so it agrees with the plain loops exactly on exact sums.

use pulp::Simd;

/// Columns per panel: two 8-lane AVX2 vectors (four NEON vectors).
const PANEL: usize = 16;

/// Rows per tile, at most (see [`add_product_packed`]).
const ROWS_MAX: usize = 4;

/// A weight `[k, n]` (row-major) copied into column panels of [`PANEL`] columns: panel
/// `q` holds columns `16q..16q + 16` of rows `0..k`, row after row; the last panel is
/// padded with zeros.
#[derive(Clone, Debug)]
pub(crate) struct PackedWeight {
    k: usize,
    n: usize,
    panels: Vec<f32>,
}

impl PackedWeight {
    /// Packs the row-major `w` of shape `[k, n]`.
    ///
    /// # Panics
    /// If `w` does not hold `k * n` values.
    pub(crate) fn pack(w: &[f32], (k, n): (usize, usize)) -> PackedWeight {
        assert!(
            w.len() == k * n,
            "PackedWeight::pack: {} values for [{k}, {n}]",
            w.len()
        );
        let mut panels = vec![0.0; n.div_ceil(PANEL) * k * PANEL];
        if k > 0 {
            for (q, panel) in panels.chunks_exact_mut(k * PANEL).enumerate() {
                let (j0, width) = (q * PANEL, PANEL.min(n - q * PANEL));
                for (segment, row) in panel.chunks_exact_mut(PANEL).zip(w.chunks_exact(n)) {
                    segment[..width].copy_from_slice(&row[j0..j0 + width]);
                }
            }
        }
        PackedWeight { k, n, panels }
    }

    /// The shape `[k, n]` of the weight.
    pub(crate) fn dim(&self) -> (usize, usize) {
        (self.k, self.n)
    }

    /// Panels `first..first + count`, one slice each of `k * PANEL` values.
    fn panels<const COUNT: usize>(&self, first: usize) -> [&[f32]; COUNT] {
        let len = self.k * PANEL;
        std::array::from_fn(|q| &self.panels[(first + q) * len..(first + q + 1) * len])
    }
}

/// `out += x @ w` for row-major `x` (`[m, k]`) and `out` (`[m, n]`), on the vector units
/// of this CPU, in tiles of up to [`ROWS_MAX`] rows; the weight is read from memory once.
///
/// # Panics
/// If a slice's length does not match `m` and the weight's shape, naming them.
pub(crate) fn add_product_packed(x: &[f32], w: &PackedWeight, out: &mut [f32], m: usize) {
    let (k, n) = w.dim();
    assert!(
        x.len() == m * k && out.len() == m * n,
        "add_product_packed: x {} (m * k = {m} * {k}), out {} (m * n = {m} * {n})",
        x.len(),
        out.len()
    );
    if m == 0 || k == 0 || n == 0 {
        return; // nothing to add
    }
    pulp::Arch::new().dispatch(PackedProduct { x, w, out, m });
}

/// The arguments of [`add_product_packed`], as the operation [`pulp::Arch::dispatch`]
/// compiles once per instruction set.
struct PackedProduct<'a> {
    x: &'a [f32],
    w: &'a PackedWeight,
    out: &'a mut [f32],
    m: usize,
}

impl pulp::WithSimd for PackedProduct<'_> {
    type Output = ();

    /// Inlined into pulp's entry point of each instruction set; a panel is `VECS` vectors.
    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let Self { x, w, out, m } = self;
        match S::F32_LANES {
            8 => row_tiles::<S, 2>(simd, x, w, out, m),
            4 => row_tiles::<S, 4>(simd, x, w, out, m),
            16 => row_tiles::<S, 1>(simd, x, w, out, m),
            _ => row_tiles::<S, PANEL>(simd, x, w, out, m), // the portable build: 1 lane
        }
    }
}

/// Tiles of 4 rows, then one tile of the rows left. The full tiles take the panels in the
/// outer loop, so a panel (8 KB at `k` = 128) is read from memory once and from L1 by
/// every other tile; the last tile takes more panels at once when it has fewer rows, so
/// that it still keeps eight vector sums.
#[inline(always)]
fn row_tiles<S: Simd, const VECS: usize>(
    simd: S,
    x: &[f32],
    w: &PackedWeight,
    out: &mut [f32],
    m: usize,
) {
    let (k, n) = w.dim();
    let full = m / ROWS_MAX;
    let interleaved = interleave::<ROWS_MAX>(&x[..full * ROWS_MAX * k], k);
    for q in 0..n.div_ceil(PANEL) {
        let panel = w.panels::<1>(q);
        for (t, rows) in interleaved.chunks_exact(k * ROWS_MAX).enumerate() {
            let sums = tile::<S, ROWS_MAX, 1, VECS>(simd, rows, panel);
            add_sums(simd, &sums, out, (t * ROWS_MAX, q, n));
        }
    }
    let first = full * ROWS_MAX;
    match m - first {
        3 => panel_groups::<S, 3, 1, VECS>(simd, x, w, out, first),
        2 => panel_groups::<S, 2, 2, VECS>(simd, x, w, out, first),
        1 => panel_groups::<S, 1, 4, VECS>(simd, x, w, out, first),
        _ => {}
    }
}

/// Consecutive tiles of `ROWS` rows of `x` (`[tiles * ROWS, k]`), each interleaved as
/// `[k, ROWS]`, so that one step down the weight reads its `ROWS` values side by side.
fn interleave<const ROWS: usize>(x: &[f32], k: usize) -> Vec<f32> {
    let mut interleaved = vec![0.0; x.len()];
    for (tile, block) in x
        .chunks_exact(k * ROWS)
        .zip(interleaved.chunks_exact_mut(k * ROWS))
    {
        for (r, row) in tile.chunks_exact(k).enumerate() {
            for (p, &value) in row.iter().enumerate() {
                block[p * ROWS + r] = value;
            }
        }
    }
    interleaved
}

/// The last `ROWS` rows (fewer than 4), from row `first` on, against every panel, `GROUP`
/// panels at a time (the last few one at a time).
#[inline(always)]
fn panel_groups<S: Simd, const ROWS: usize, const GROUP: usize, const VECS: usize>(
    simd: S,
    x: &[f32],
    w: &PackedWeight,
    out: &mut [f32],
    first: usize,
) {
    let (k, n) = w.dim();
    let interleaved = interleave::<ROWS>(&x[first * k..(first + ROWS) * k], k);
    let panels = n.div_ceil(PANEL);
    let mut q = 0;
    while q + GROUP <= panels {
        let sums = tile::<S, ROWS, GROUP, VECS>(simd, &interleaved, w.panels::<GROUP>(q));
        add_sums(simd, &sums, out, (first, q, n));
        q += GROUP;
    }
    for q in q..panels {
        let sums = tile::<S, ROWS, 1, VECS>(simd, &interleaved, w.panels::<1>(q));
        add_sums(simd, &sums, out, (first, q, n));
    }
}

/// The `ROWS x GROUP` panel sums of one tile: each segment of 16 values is loaded once
/// and multiplied by every row's value at that depth.
#[inline(always)]
fn tile<S: Simd, const ROWS: usize, const GROUP: usize, const VECS: usize>(
    simd: S,
    interleaved: &[f32],
    panels: [&[f32]; GROUP],
) -> [[[S::f32s; VECS]; GROUP]; ROWS] {
    let mut sums = [[[simd.splat_f32s(0.0); VECS]; GROUP]; ROWS];
    for (p, xs) in interleaved.chunks_exact(ROWS).enumerate() {
        for (g, panel) in panels.iter().enumerate() {
            let (segment, _) = S::as_simd_f32s(&panel[p * PANEL..(p + 1) * PANEL]);
            let Ok(segment) = <&[S::f32s; VECS]>::try_from(segment) else {
                unreachable!("a panel row is VECS vectors")
            };
            for (v, &wv) in segment.iter().enumerate() {
                for (r, &xv) in xs.iter().enumerate() {
                    sums[r][g][v] = simd.mul_add_e_f32s(simd.splat_f32s(xv), wv, sums[r][g][v]);
                }
            }
        }
    }
    sums
}

/// Adds a tile's sums to `out` at rows `first..` and panels `q0..`; the columns past `n`
/// (the zero padding of the last panel) are dropped.
#[inline(always)]
fn add_sums<S: Simd, const ROWS: usize, const GROUP: usize, const VECS: usize>(
    simd: S,
    sums: &[[[S::f32s; VECS]; GROUP]; ROWS],
    out: &mut [f32],
    (first, q0, n): (usize, usize, usize),
) {
    for (r, row_sums) in sums.iter().enumerate() {
        for (g, panel_sums) in row_sums.iter().enumerate() {
            let j0 = (q0 + g) * PANEL;
            let start = (first + r) * n + j0;
            let mut values = [0.0f32; PANEL];
            let (lanes, _) = S::as_mut_simd_f32s(&mut values);
            for (lane, &sum) in lanes.iter_mut().zip(panel_sums) {
                *lane = simd.add_f32s(*lane, sum);
            }
            let width = PANEL.min(n - j0);
            for (o, v) in out[start..start + width].iter_mut().zip(values) {
                *o += v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_matmul::testing::{add_product_plain, values};

    #[test]
    fn packed_kernel_matches_the_plain_loops_on_every_edge_shape() {
        for m in [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17] {
            for n in [1, 7, 8, 15, 16, 17, 33, 64, 65, 80, 128, 130] {
                for k in [0, 1, 3, 32] {
                    let (x, w) = (values(m * k, 1), values(k * n, 2));
                    let mut fast = values(m * n, 3);
                    let mut plain = fast.clone();
                    add_product_packed(&x, &PackedWeight::pack(&w, (k, n)), &mut fast, m);
                    add_product_plain(&x, &w, &mut plain, (m, k, n));
                    assert_eq!(fast, plain, "m {m}, k {k}, n {n}");
                }
            }
        }
    }

    #[test]
    fn the_portable_build_gives_the_same_sums() {
        let (m, k, n) = (5, 9, 37);
        let (x, w) = (values(m * k, 4), values(k * n, 5));
        let packed = PackedWeight::pack(&w, (k, n));
        let mut vector = vec![0.0; m * n];
        let mut portable = vec![0.0; m * n];
        add_product_packed(&x, &packed, &mut vector, m);
        pulp::Scalar::new().vectorize(PackedProduct {
            x: &x,
            w: &packed,
            out: &mut portable,
            m,
        });
        assert_eq!(portable, vector);
    }

    #[test]
    #[should_panic(expected = "add_product_packed: x 3")]
    fn wrong_lengths_are_named() {
        let w = PackedWeight::pack(&[0.0; 4], (2, 2));
        add_product_packed(&[0.0; 3], &w, &mut [0.0; 2], 1);
    }
}

//! `out += x @ w` for the FEW rows of a decode step (shared code): register-blocked tiles
//! read straight from the weight matrix, compiled for the CPU's vector units and chosen
//! at run time.
//!
//! A decode step of a batch of `B` sequences multiplies `[B, K]` by every weight `[K, N]`.
//! `general_mat_mul` first copies (packs) both operands into its own layout, which for a
//! 128 x 512 weight and a handful of rows costs as much as the product: it re-reads and
//! re-writes every weight on every call. This kernel reads each weight where it lies,
//! ONCE per tile of up to [`MR_MAX`] rows: a tile of `MR` rows and `NR` columns keeps its
//! `MR x NR` sums in vector registers while it walks down the `K` rows of the weight,
//! each weight row segment loaded once and used `MR` times. Column blocks are the outer
//! loop, so the `[K, NR]` panel of the weight stays in L1 while the row tiles pass over it.
//!
//! The code is plain, safe Rust over fixed-size arrays, which the compiler turns into
//! vector instructions. [`pulp::Arch::dispatch`] compiles it a second time with AVX2 and
//! FMA enabled (x86-64 v3) and picks that version at run time when the CPU has them (NEON
//! on ARM); otherwise the portable build runs. No `target-cpu=native` is needed, so a
//! binary runs anywhere. Each output is `sum_k x[i, k] * w[k, j]` added in the order of
//! `k`, as [`add_product_plain`] computes it; with the vector units each step is a fused
//! multiply-add (rounded once instead of twice), so the two agree exactly on sums that
//! are exact (the tests use small integers) and within rounding otherwise.

/// Rows per tile, at most. A tile of 3 rows and 16 columns keeps six 8-lane sums in
/// registers: six independent additions in flight, enough to cover the latency of the
/// two vector adders. (With 4 rows the compiler no longer unrolls the loop over the rows
/// and keeps the sums in memory: ten times slower.)
const MR_MAX: usize = 3;

/// `out += x @ w` for row-major `x` (`[m, k]`), `w` (`[k, n]`) and `out` (`[m, n]`), on
/// the vector units of this CPU.
///
/// # Panics
/// If a slice's length does not match `m`, `k` and `n`, naming them.
pub(crate) fn add_product(x: &[f32], w: &[f32], out: &mut [f32], (m, k, n): (usize, usize, usize)) {
    check_lengths(x, w, out, (m, k, n));
    if m == 0 || k == 0 || n == 0 {
        return; // nothing to add
    }
    pulp::Arch::new().dispatch(AddProduct {
        x,
        w,
        out,
        dims: (m, k, n),
    });
}

/// The arguments of [`add_product`], as the operation [`pulp::Arch::dispatch`] compiles
/// once per instruction set.
struct AddProduct<'a> {
    x: &'a [f32],
    w: &'a [f32],
    out: &'a mut [f32],
    dims: (usize, usize, usize),
}

impl pulp::WithSimd for AddProduct<'_> {
    type Output = ();

    /// Inlined (with everything it calls) into pulp's entry point of each instruction
    /// set, which is what makes the compiler use that set's vector instructions.
    ///
    /// With vector units (`S` has more than one lane: AVX2 with FMA, NEON) the tiles use
    /// fused multiply-adds, one instruction per multiply-add where a multiply and an add
    /// would take two; the portable build keeps `a + x * w`, since a fused multiply-add
    /// without the hardware instruction is a slow library call.
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        if S::F32_LANES > 1 {
            add_product_tiled::<true>(self.x, self.w, self.out, self.dims);
        } else {
            add_product_tiled::<false>(self.x, self.w, self.out, self.dims);
        }
    }
}

/// `out += x @ y^T` for row-major `x` (`[m, k]`), `y` (`[n, k]`) and `out` (`[m, n]`):
/// every row of `x` against every ROW of `y`, as attention's scores take every query
/// against every cached key (`q @ K^T` with `K` stored one key per row). Each output is a
/// dot product of two contiguous rows, summed in 8 lanes and then across them, four rows
/// of `y` at a time so that four sums are in flight.
///
/// # Panics
/// If a slice's length does not match `m`, `k` and `n`, naming them.
pub(crate) fn add_product_nt(
    x: &[f32],
    y: &[f32],
    out: &mut [f32],
    (m, k, n): (usize, usize, usize),
) {
    assert!(
        x.len() == m * k && y.len() == n * k && out.len() == m * n,
        "add_product_nt: x {} (m * k = {m} * {k}), y {} (n * k = {n} * {k}), out {} (m * n)",
        x.len(),
        y.len(),
        out.len()
    );
    if m == 0 || k == 0 || n == 0 {
        return; // nothing to add
    }
    pulp::Arch::new().dispatch(AddProductNt {
        x,
        y,
        out,
        dims: (m, k, n),
    });
}

/// The arguments of [`add_product_nt`], as the operation [`pulp::Arch::dispatch`]
/// compiles once per instruction set.
struct AddProductNt<'a> {
    x: &'a [f32],
    y: &'a [f32],
    out: &'a mut [f32],
    dims: (usize, usize, usize),
}

impl pulp::WithSimd for AddProductNt<'_> {
    type Output = ();

    /// As [`AddProduct::with_simd`]: fused multiply-adds where the CPU has them.
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        if S::F32_LANES > 1 {
            product_nt::<true>(self.x, self.y, self.out, self.dims);
        } else {
            product_nt::<false>(self.x, self.y, self.out, self.dims);
        }
    }
}

/// Every row of `x` against blocks of four rows of `y`, then the rows of `y` left.
#[inline(always)]
fn product_nt<const FUSED: bool>(
    x: &[f32],
    y: &[f32],
    out: &mut [f32],
    (m, k, n): (usize, usize, usize),
) {
    for i in 0..m {
        let x_row = &x[i * k..(i + 1) * k];
        let out_row = &mut out[i * n..(i + 1) * n];
        let mut j = 0;
        while j + 4 <= n {
            let rows: [&[f32]; 4] = std::array::from_fn(|r| &y[(j + r) * k..(j + r + 1) * k]);
            let sums = dots::<4, FUSED>(x_row, &rows);
            for (o, s) in out_row[j..j + 4].iter_mut().zip(sums) {
                *o += s;
            }
            j += 4;
        }
        for (jj, o) in out_row.iter_mut().enumerate().skip(j) {
            *o += dots::<1, FUSED>(x_row, &[&y[jj * k..(jj + 1) * k]])[0];
        }
    }
}

/// The dot products of `x` with each of `rows` (all of `x`'s length): 8 partial sums per
/// row while walking `x` in blocks of 8, then those partial sums and the last values.
#[inline(always)]
fn dots<const R: usize, const FUSED: bool>(x: &[f32], rows: &[&[f32]; R]) -> [f32; R] {
    let full = x.len() / 8 * 8;
    let mut acc = [[0.0f32; 8]; R];
    for p in (0..full).step_by(8) {
        let Ok(xs) = <&[f32; 8]>::try_from(&x[p..p + 8]) else {
            unreachable!("a slice of 8 values")
        };
        for (acc_row, row) in acc.iter_mut().zip(rows) {
            let Ok(ys) = <&[f32; 8]>::try_from(&row[p..p + 8]) else {
                unreachable!("a slice of 8 values")
            };
            for ((a, &xv), &yv) in acc_row.iter_mut().zip(xs).zip(ys) {
                *a = if FUSED {
                    xv.mul_add(yv, *a)
                } else {
                    *a + xv * yv
                };
            }
        }
    }
    std::array::from_fn(|r| {
        let tail: f32 = x[full..]
            .iter()
            .zip(&rows[r][full..])
            .map(|(a, b)| a * b)
            .sum();
        lane_sum(acc[r]) + tail
    })
}

/// The sum of 8 lanes as a tree (`(l0 + l4) + (l2 + l6)`, ...): three dependent
/// additions, each over half the lanes of the one before, which the compiler keeps in
/// vector registers. A left-to-right `iter().sum()` is seven dependent scalar additions,
/// which cost more than the four multiply-adds of a 32-value dot product.
#[inline(always)]
fn lane_sum(lanes: [f32; 8]) -> f32 {
    let half: [f32; 4] = std::array::from_fn(|i| lanes[i] + lanes[i + 4]);
    let quarter = [half[0] + half[2], half[1] + half[3]];
    quarter[0] + quarter[1]
}

/// The same sums as [`add_product`], one output at a time (the reference the tests
/// compare the tiled kernel against).
#[cfg(test)]
fn add_product_plain(x: &[f32], w: &[f32], out: &mut [f32], (m, k, n): (usize, usize, usize)) {
    check_lengths(x, w, out, (m, k, n));
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

fn check_lengths(x: &[f32], w: &[f32], out: &[f32], (m, k, n): (usize, usize, usize)) {
    assert!(
        x.len() == m * k && w.len() == k * n && out.len() == m * n,
        "add_product: x {} (m * k = {m} * {k}), w {} (k * n), out {} (m * n = {m} * {n})",
        x.len(),
        w.len(),
        out.len()
    );
}

/// The whole product: tiles of [`MR_MAX`] rows, then one tile of the rows left.
#[inline(always)]
fn add_product_tiled<const FUSED: bool>(
    x: &[f32],
    w: &[f32],
    out: &mut [f32],
    dims: (usize, usize, usize),
) {
    let m = dims.0;
    let full = m / MR_MAX;
    columns::<MR_MAX, 16, FUSED>(x, w, out, dims, (0, full));
    let first = full * MR_MAX;
    match m - first {
        1 => columns::<1, 32, FUSED>(x, w, out, dims, (first, 1)),
        2 => columns::<2, 16, FUSED>(x, w, out, dims, (first, 1)),
        _ => {}
    }
}

/// `tiles` tiles of `MR` rows each from row `first` on, against every column: blocks of
/// `NR` columns, then blocks of 8, then the last columns one by one. The column block is
/// the outer loop, so its `[k, NR]` panel of `w` stays in L1 while every row tile passes
/// over it. `NR` is chosen so that a tile holds four to six 8-lane sums: independent
/// additions that keep the vector units busy, and widths that divide the layer sizes of
/// the course's models (64 to 512), so the narrow 8-column blocks stay rare.
#[inline(always)]
fn columns<const MR: usize, const NR: usize, const FUSED: bool>(
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
    let mut j0 = 0;
    while j0 + NR <= n {
        for t in 0..tiles {
            tile::<MR, NR, FUSED>(&tile_rows(t), w, out, (first + t * MR, j0, n));
        }
        j0 += NR;
    }
    while j0 + 8 <= n {
        for t in 0..tiles {
            tile::<MR, 8, FUSED>(&tile_rows(t), w, out, (first + t * MR, j0, n));
        }
        j0 += 8;
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

/// One `MR x NR` tile of `out` at `(i0, j0)`: the sums stay in registers while `p` walks
/// down the weight; each row segment `w[p, j0..j0 + NR]` is loaded once for all `MR` rows.
#[inline(always)]
fn tile<const MR: usize, const NR: usize, const FUSED: bool>(
    rows: &[&[f32]; MR],
    w: &[f32],
    out: &mut [f32],
    (i0, j0, n): (usize, usize, usize),
) {
    let k = rows[0].len();
    let mut acc = [[0.0f32; NR]; MR];
    for p in 0..k {
        let Ok(segment) = <&[f32; NR]>::try_from(&w[p * n + j0..p * n + j0 + NR]) else {
            unreachable!("a slice of NR values")
        };
        for (acc_row, row) in acc.iter_mut().zip(rows) {
            let xv = row[p];
            for (a, &wv) in acc_row.iter_mut().zip(segment) {
                *a = if FUSED {
                    xv.mul_add(wv, *a)
                } else {
                    *a + xv * wv
                };
            }
        }
    }
    for (r, acc_row) in acc.iter().enumerate() {
        let start = (i0 + r) * n + j0;
        for (o, a) in out[start..start + NR].iter_mut().zip(acc_row) {
            *o += a;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small integers, so both kernels' sums are exact and must agree bit for bit.
    fn values(len: usize, seed: usize) -> Vec<f32> {
        (0..len)
            .map(|i| ((i * 7 + seed * 13) % 11) as f32 - 5.0)
            .collect()
    }

    #[test]
    fn tiled_kernel_matches_the_plain_loops_on_every_edge_shape() {
        for m in [1, 2, 3, 4, 5, 7, 8, 16, 17] {
            for n in [1, 7, 8, 9, 16, 57, 64, 65, 128, 130] {
                for k in [0, 1, 3, 32] {
                    let (x, w) = (values(m * k, 1), values(k * n, 2));
                    let start = values(m * n, 3);
                    let (mut fast, mut plain) = (start.clone(), start.clone());
                    let mut portable = start;
                    add_product(&x, &w, &mut fast, (m, k, n));
                    add_product_plain(&x, &w, &mut plain, (m, k, n));
                    if m * k * n > 0 {
                        add_product_tiled::<false>(&x, &w, &mut portable, (m, k, n));
                    } else {
                        portable.clone_from(&plain);
                    }
                    assert_eq!(fast, plain, "m {m}, k {k}, n {n}");
                    assert_eq!(portable, plain, "portable build, m {m}, k {k}, n {n}");
                }
            }
        }
    }

    #[test]
    fn transposed_kernel_matches_the_plain_loops_on_every_edge_shape() {
        for m in [1, 2, 5, 17] {
            for n in [1, 3, 4, 5, 9, 60] {
                for k in [0, 1, 7, 8, 9, 32, 33] {
                    let (x, y) = (values(m * k, 1), values(n * k, 2));
                    // y is [n, k]; the plain loops take its transpose [k, n].
                    let y_t: Vec<f32> = (0..k * n).map(|i| y[(i % n) * k + i / n]).collect();
                    let start = values(m * n, 3);
                    let (mut fast, mut plain) = (start.clone(), start.clone());
                    let mut portable = start;
                    add_product_nt(&x, &y, &mut fast, (m, k, n));
                    add_product_plain(&x, &y_t, &mut plain, (m, k, n));
                    if m * k * n > 0 {
                        product_nt::<false>(&x, &y, &mut portable, (m, k, n));
                    } else {
                        portable.clone_from(&plain);
                    }
                    assert_eq!(fast, plain, "m {m}, k {k}, n {n}");
                    assert_eq!(portable, plain, "portable build, m {m}, k {k}, n {n}");
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "add_product: x 3")]
    fn wrong_lengths_are_named() {
        add_product(&[0.0; 3], &[0.0; 4], &mut [0.0; 2], (1, 2, 2));
    }
}

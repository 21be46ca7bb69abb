//! The AVX2 kernels: a register-blocked INT8 GEMM and a vectorized quantizer.
//!
//! This is the only file of the course's module 15 that may use `unsafe`. There are two
//! reasons. First, `std::arch` loads and stores take raw pointers. Second, a function
//! compiled with `#[target_feature(enable = "avx2")]` may only run on a CPU that has AVX2,
//! and the compiler cannot check that. Callers go through [`gemm`] and [`quantize`].
//! Those two functions are safe: they check the CPU and the slice lengths, then enter
//! the `unsafe` code.
//!
//! # The GEMM
//!
//! `C[i, j] = sum_p A[i, p] * B[j, p]`, with both operands stored row by row (`B` is the
//! packed weight, `[n, k]`). Each output is a dot product of two contiguous rows.
//!
//! - `vpmaddwd` (`_mm256_madd_epi16`) multiplies 16 pairs of `i16` and adds neighbours
//!   into 8 `i32` lanes: 16 multiply-adds per instruction, exact (at most
//!   `2 * 128 * 128 = 32768`, far inside `i32`). The `i8` inputs are sign-extended to
//!   `i16` first. `vpmaddubsw` would do 32 per instruction, but its `i16` sums saturate
//!   for codes near -128 and 127, so it cannot be exact on every input.
//! - A micro-kernel computes an `MR x NR` tile of outputs at once, with one 8-lane `i32`
//!   accumulator per output, all held in registers. Each step loads 16 values of `MR`
//!   rows of A and `NR` rows of B and does `MR * NR` multiply-adds. Every loaded vector
//!   is used `NR` or `MR` times. A single dot product would use it once, and then the
//!   loads would limit the speed instead of the arithmetic.
//! - A is converted to `i16` once per call, with rows padded with zeros to a multiple of
//!   16. The last partial chunk of a B row is copied into a zeroed 16-byte buffer. So
//!   `k` needs no multiple-of-16 rule.
//! - Columns are processed in blocks of about 16 KiB of B, so the block stays in the L1
//!   cache while every row of A passes over it.
//! - Edge tiles (`m % MR` rows, `n % NR` columns) use the same code with smaller tiles.

#![allow(unsafe_code)]

use crate::QuantParams;
use std::arch::x86_64::{
    __m128i, __m256, __m256i, _CMP_ORD_Q, _MM_FROUND_NO_EXC, _MM_FROUND_TO_ZERO, _mm_add_epi32,
    _mm_loadu_si128, _mm_storeu_si128, _mm256_add_epi32, _mm256_add_ps, _mm256_and_ps,
    _mm256_castsi256_si128, _mm256_cmp_ps, _mm256_cvtepi8_epi16, _mm256_cvttps_epi32,
    _mm256_div_ps, _mm256_extracti128_si256, _mm256_loadu_ps, _mm256_loadu_si256,
    _mm256_madd_epi16, _mm256_max_ps, _mm256_min_ps, _mm256_or_ps, _mm256_packs_epi16,
    _mm256_packs_epi32, _mm256_permutevar8x32_epi32, _mm256_round_ps, _mm256_set1_ps,
    _mm256_setr_epi32, _mm256_setzero_si256, _mm256_storeu_si256, _mm256_unpackhi_epi32,
    _mm256_unpackhi_epi64, _mm256_unpacklo_epi32, _mm256_unpacklo_epi64,
};

/// Rows of A per tile.
const MR: usize = 3;
/// Rows of B (output columns) per tile. At most 4 (see [`sum_lanes`]).
const NR: usize = 3;
/// `i16` lanes per step.
const LANES: usize = 16;
/// The bytes of B a column block aims for: half of a 32 KiB L1 data cache.
const BLOCK_BYTES: usize = 16 * 1024;

/// Whether this CPU has AVX2 (checked once, then cached by the standard library).
pub(super) fn available() -> bool {
    is_x86_feature_detected!("avx2")
}

/// `c = A @ B^T` for `a` (`[m, k]`) and the packed `b` (`[n, k]`), overwriting `c`
/// (`[m, n]`).
///
/// # Panics
/// If the CPU lacks AVX2 or the slice lengths do not match `m`, `k` and `n`.
pub(super) fn gemm(a: &[i8], b: &[i8], m: usize, k: usize, n: usize, c: &mut [i32]) {
    assert!(available(), "the AVX2 INT8 kernel needs a CPU with AVX2");
    assert!(
        a.len() == m * k && b.len() == n * k && c.len() == m * n,
        "AVX2 gemm: a {} (m * k = {m} * {k}), b {} (n * k = {n} * {k}), c {} (m * n)",
        a.len(),
        b.len(),
        c.len()
    );
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        c.fill(0);
        return;
    }
    // SAFETY: AVX2 is present (asserted above), and the lengths of `a`, `b` and `c` were
    // checked to be exactly `m * k`, `n * k` and `m * n`, which `gemm_avx2` relies on.
    unsafe { gemm_avx2(a, b, m, k, n, c) }
}

/// Quantizes every value of `x` into `out`, exactly as `quantize_value` does:
/// `clamp(round_half_away(x / scale) + zero_point, -128, 127)`, NaN counting as 0.
///
/// # Panics
/// If the CPU lacks AVX2 or the lengths of `x` and `out` differ.
pub(super) fn quantize(x: &[f32], params: QuantParams, out: &mut [i8]) {
    assert!(available(), "the AVX2 quantizer needs a CPU with AVX2");
    assert!(
        x.len() == out.len(),
        "AVX2 quantize: {} inputs but {} outputs",
        x.len(),
        out.len()
    );
    // SAFETY: AVX2 is present (asserted above) and `x` and `out` have equal lengths.
    unsafe { quantize_avx2(x, params, out) }
}

/// The tiled GEMM (see [`gemm`]).
///
/// # Safety
/// AVX2 must be available, `m, n, k >= 1`, and the slices exactly `m * k`, `n * k` and
/// `m * n` long: the tiles read and write through raw pointers computed from them.
#[target_feature(enable = "avx2")]
unsafe fn gemm_avx2(a: &[i8], b: &[i8], m: usize, k: usize, n: usize, c: &mut [i32]) {
    // A as i16, each row padded with zeros to `kp` (a multiple of 16): the kernel then
    // reads whole 16-lane chunks of A, and the padding multiplies to 0.
    let kp = k.div_ceil(LANES) * LANES;
    let mut a16 = vec![0i16; m * kp];
    for (dst, src) in a16.chunks_exact_mut(kp).zip(a.chunks_exact(k)) {
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = i16::from(s);
        }
    }
    let block = (BLOCK_BYTES / k / NR * NR).max(NR);
    let geometry = Geometry { k, kp, n };
    for j0 in (0..n).step_by(block) {
        let j1 = (j0 + block).min(n);
        for i0 in (0..m).step_by(MR) {
            let rows = (m - i0).min(MR);
            let mut j = j0;
            while j < j1 {
                let cols = (j1 - j).min(NR);
                // SAFETY: rows i0..i0 + rows < m of `a16` (m * kp values), rows
                // j..j + cols < n of `b` (n * k) and outputs (i, j) of `c` (m * n) all
                // exist; `tile_edge` and the tiles read and write no others.
                unsafe { tile_edge(&geometry, &a16, b, c, (i0, rows), (j, cols)) };
                j += cols;
            }
        }
    }
}

/// The sizes a tile needs: `k` (a row of B), `kp` (a padded row of A), `n` (a row of C).
struct Geometry {
    k: usize,
    kp: usize,
    n: usize,
}

/// The tile of `rows x cols` outputs at `(i0, j0)`: a full `MR x NR` tile, or a strip of
/// smaller ones at the edges.
///
/// # Safety
/// AVX2 must be available, `a16` must hold rows `i0..i0 + rows` of `kp` values, `b` rows
/// `j0..j0 + cols` of `k` values, and `c` the outputs `(i, j)` for those rows and columns
/// (row stride `n`).
#[target_feature(enable = "avx2")]
unsafe fn tile_edge(
    g: &Geometry,
    a16: &[i16],
    b: &[i8],
    c: &mut [i32],
    (i0, rows): (usize, usize),
    (j0, cols): (usize, usize),
) {
    let a_at = |i: usize| a16[i * g.kp..].as_ptr();
    let b_at = |j: usize| b[j * g.k..].as_ptr();
    let mut c_at = |i: usize, j: usize| c[i * g.n + j..].as_mut_ptr();
    // SAFETY (all four arms): the caller guarantees rows i0..i0 + rows and columns
    // j0..j0 + cols are in range; each call covers a subset of them.
    unsafe {
        match (rows == MR, cols == NR) {
            (true, true) => tile::<MR, NR>(g, a_at(i0), b_at(j0), c_at(i0, j0)),
            (true, false) => {
                for j in j0..j0 + cols {
                    tile::<MR, 1>(g, a_at(i0), b_at(j), c_at(i0, j));
                }
            }
            (false, true) => {
                for i in i0..i0 + rows {
                    tile::<1, NR>(g, a_at(i), b_at(j0), c_at(i, j0));
                }
            }
            (false, false) => {
                for i in i0..i0 + rows {
                    for j in j0..j0 + cols {
                        tile::<1, 1>(g, a_at(i), b_at(j), c_at(i, j));
                    }
                }
            }
        }
    }
}

/// The `R x C` tile of outputs whose rows of A start at `a` (stride `kp`), rows of B at
/// `b` (stride `k`), and outputs at `c` (stride `n`).
///
/// # Safety
/// AVX2 must be available; `a` must point at `R` rows of `kp` readable `i16`, `b` at `C`
/// rows of `k` readable `i8`, `c` at `R` rows of `C` writable `i32` (stride `n`).
#[target_feature(enable = "avx2")]
unsafe fn tile<const R: usize, const C: usize>(
    g: &Geometry,
    a: *const i16,
    b: *const i8,
    c: *mut i32,
) {
    let mut acc = [[_mm256_setzero_si256(); C]; R];
    let steps = g.k / LANES;
    let mut bv = [_mm256_setzero_si256(); C];
    for s in 0..steps {
        for (j, v) in bv.iter_mut().enumerate() {
            // SAFETY: s * 16 + 16 <= k, so the load stays inside row j of B.
            *v = unsafe { load_i8x16(b.add(j * g.k + s * LANES)) };
        }
        // SAFETY: s * 16 + 16 <= k <= kp, inside every row of A.
        unsafe { multiply_add::<R, C>(&mut acc, a, g.kp, s * LANES, &bv) };
    }
    let tail = g.k % LANES;
    if tail != 0 {
        // The last `tail` values of each B row, copied into a zeroed 16-byte buffer so the
        // load never reads past the row. A's padding is zero, so the extra lanes add 0.
        for (j, v) in bv.iter_mut().enumerate() {
            let mut buf = [0i8; LANES];
            // SAFETY: the last `tail` values of row j of B are in range (k = steps * 16
            // + tail), and `buf` holds 16 >= tail values.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    b.add(j * g.k + steps * LANES),
                    buf.as_mut_ptr(),
                    tail,
                );
                *v = load_i8x16(buf.as_ptr());
            }
        }
        // SAFETY: steps * 16 + 16 <= kp (A rows are padded to a multiple of 16).
        unsafe { multiply_add::<R, C>(&mut acc, a, g.kp, steps * LANES, &bv) };
    }
    for (i, row) in acc.iter().enumerate() {
        let mut four = [_mm256_setzero_si256(); 4];
        four[..C].copy_from_slice(row);
        let sums = sum_lanes(four[0], four[1], four[2], four[3]);
        let mut out = [0i32; 4];
        // SAFETY: `out` holds 4 i32 (16 bytes); row i of the output has C <= 4 writable
        // values at c + i * n.
        unsafe {
            _mm_storeu_si128(out.as_mut_ptr().cast::<__m128i>(), sums);
            std::ptr::copy_nonoverlapping(out.as_ptr(), c.add(i * g.n), C);
        }
    }
}

/// `acc[i][j] += madd(A row i at offset, bv[j])` for the tile: `R * C` multiply-adds of 16
/// lanes each.
///
/// # Safety
/// AVX2 must be available and `a + i * kp + offset .. + 16` readable for every `i < R`.
#[target_feature(enable = "avx2")]
unsafe fn multiply_add<const R: usize, const C: usize>(
    acc: &mut [[__m256i; C]; R],
    a: *const i16,
    kp: usize,
    offset: usize,
    bv: &[__m256i; C],
) {
    for (i, acc_row) in acc.iter_mut().enumerate() {
        // SAFETY: the caller guarantees 16 readable i16 at this position of row i.
        let av = unsafe { _mm256_loadu_si256(a.add(i * kp + offset).cast::<__m256i>()) };
        for (sum, &bj) in acc_row.iter_mut().zip(bv) {
            *sum = _mm256_add_epi32(*sum, _mm256_madd_epi16(av, bj));
        }
    }
}

/// 16 `i8` at `p`, sign-extended to 16 `i16` lanes.
///
/// # Safety
/// AVX2 must be available and 16 bytes at `p` readable.
#[target_feature(enable = "avx2")]
unsafe fn load_i8x16(p: *const i8) -> __m256i {
    // SAFETY: the caller guarantees 16 readable bytes at p (an unaligned load).
    _mm256_cvtepi8_epi16(unsafe { _mm_loadu_si128(p.cast::<__m128i>()) })
}

/// The sums of the 8 lanes of each of `a`, `b`, `c`, `d`, as the 4 lanes of one vector:
/// a transpose by unpacking, then adds (9 instructions for 4 sums).
#[target_feature(enable = "avx2")]
fn sum_lanes(a: __m256i, b: __m256i, c: __m256i, d: __m256i) -> __m128i {
    // ab = [a0+a2, b0+b2, a1+a3, b1+b3 | a4+a6, b4+b6, a5+a7, b5+b7], cd alike.
    let ab = _mm256_add_epi32(_mm256_unpacklo_epi32(a, b), _mm256_unpackhi_epi32(a, b));
    let cd = _mm256_add_epi32(_mm256_unpacklo_epi32(c, d), _mm256_unpackhi_epi32(c, d));
    // s = [a0..3, b0..3, c0..3, d0..3 | a4..7, b4..7, c4..7, d4..7] (partial sums).
    let s = _mm256_add_epi32(_mm256_unpacklo_epi64(ab, cd), _mm256_unpackhi_epi64(ab, cd));
    _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256::<1>(s))
}

/// The vectorized quantizer: 32 values per step. The last partial chunk is copied into
/// a zero-padded buffer and quantized the same way, so every value takes one code path.
///
/// # Safety
/// AVX2 must be available and `x.len() == out.len()`.
#[target_feature(enable = "avx2")]
unsafe fn quantize_avx2(x: &[f32], params: QuantParams, out: &mut [i8]) {
    let (x_chunks, mut out_chunks) = (x.chunks_exact(STEP), out.chunks_exact_mut(STEP));
    let x_tail = x_chunks.remainder();
    for (xs, os) in x_chunks.zip(&mut out_chunks) {
        let xs: &[f32; STEP] = xs.try_into().expect("chunks_exact gives 32 values");
        let os: &mut [i8; STEP] = os.try_into().expect("chunks_exact gives 32 values");
        quantize_32(xs, params, os);
    }
    let out_tail = out_chunks.into_remainder();
    if !x_tail.is_empty() {
        let (mut xs, mut os) = ([0.0f32; STEP], [0i8; STEP]);
        xs[..x_tail.len()].copy_from_slice(x_tail);
        quantize_32(&xs, params, &mut os);
        out_tail.copy_from_slice(&os[..x_tail.len()]);
    }
}

/// Values per step of the quantizer.
const STEP: usize = 32;

/// The codes of 32 values.
#[target_feature(enable = "avx2")]
fn quantize_32(x: &[f32; STEP], params: QuantParams, out: &mut [i8; STEP]) {
    let mut codes = [_mm256_setzero_si256(); 4];
    for (q, code) in codes.iter_mut().enumerate() {
        // SAFETY: x holds 32 f32; values 8q..8q + 8 are read (unaligned).
        let v = unsafe { _mm256_loadu_ps(x[q * 8..].as_ptr()) };
        *code = codes_i32(v, params);
    }
    // The codes are in [-128, 127] already, so the saturating packs are exact. packs_epi32
    // and packs_epi16 work within each 128-bit half; the permute puts the eight groups of
    // four bytes back in order.
    let words_lo = _mm256_packs_epi32(codes[0], codes[1]);
    let words_hi = _mm256_packs_epi32(codes[2], codes[3]);
    let order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    let bytes = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(words_lo, words_hi), order);
    // SAFETY: out holds 32 bytes, written unaligned.
    unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast::<__m256i>(), bytes) };
}

/// Eight codes (as `i32` in `[-128, 127]`) of the eight values of `v`.
#[target_feature(enable = "avx2")]
fn codes_i32(v: __m256, params: QuantParams) -> __m256i {
    let scaled = _mm256_div_ps(v, _mm256_set1_ps(params.scale));
    // NaN counts as 0, as in `quantize_value` (NaN as i32 = 0).
    let scaled = _mm256_and_ps(scaled, _mm256_cmp_ps::<_CMP_ORD_Q>(scaled, scaled));
    let rounded = round_half_away(scaled);
    // Adding the zero point in f32 is exact below 2^24 and only grows larger values,
    // which the clamp then takes to the end codes (as the saturating i32 add does).
    let shifted = _mm256_add_ps(rounded, _mm256_set1_ps(params.zero_point as f32));
    let clamped = _mm256_min_ps(
        _mm256_max_ps(shifted, _mm256_set1_ps(-128.0)),
        _mm256_set1_ps(127.0),
    );
    _mm256_cvttps_epi32(clamped)
}

/// `f32::round` on 8 lanes (half away from zero): `trunc(v + copysign(0.49999997, v))`,
/// the sequence LLVM itself uses for `round`. Adding just under one half moves every
/// value whose fraction is at least 0.5 past the next integer, and no other. (The tests
/// check ties, their neighbours and random values; an ignored test checks every f32.)
#[target_feature(enable = "avx2")]
fn round_half_away(v: __m256) -> __m256 {
    let sign = _mm256_and_ps(v, _mm256_set1_ps(-0.0));
    let just_under_half = _mm256_or_ps(sign, _mm256_set1_ps(0.5f32.next_down()));
    _mm256_round_ps::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(_mm256_add_ps(v, just_under_half))
}

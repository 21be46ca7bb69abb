//! Task 15.3: the integer kernel, `i8 x i8 -> i32`.
//!
//! Safe Rust the compiler auto-vectorizes: B is packed once (transposed, so each output is
//! a dot product of two CONTIGUOUS `i8` rows), and the dot product keeps 16 independent
//! `i32` sums, which LLVM turns into SIMD widening multiply-adds.
//!
//! This is the readable kernel and the portable fallback of the quantized layers. On a
//! CPU with AVX2 they use the register-blocked kernel of `src/kernel/` (shared code),
//! which computes the same numbers faster: compare the two with
//! `cargo bench -p tinytorch-quantization --bench int8_linear`.

use crate::gemm_i8::assert_gemm_lengths;

/// `b` (`[k, n]`, row-major) transposed to `[n, k]`: row `j` of the result is column `j` of
/// `b`, so the kernel reads it contiguously. Pack a layer's weights once, not per call.
///
/// # Panics
/// If `b.len() != k * n`, naming the sizes.
///
/// ```
/// use tinytorch_quantization::pack_b;
/// // [[1, 2, 3], [4, 5, 6]] ([2, 3]) -> [[1, 4], [2, 5], [3, 6]] ([3, 2])
/// assert_eq!(pack_b(&[1, 2, 3, 4, 5, 6], 2, 3), vec![1, 4, 2, 5, 3, 6]);
/// ```
pub fn pack_b(b: &[i8], k: usize, n: usize) -> Vec<i8> {
    assert!(
        b.len() == k * n,
        "pack_b: b holds {} values, not k * n = {k} * {n}",
        b.len()
    );
    // BEGIN SOLUTION 15.3
    // Row `col` of the result gathers column `col` of `b`: packed[col * k + row] = b[row * n + col].
    (0..n)
        .flat_map(|col| (0..k).map(move |row| b[row * n + col]))
        .collect()
    // END SOLUTION
}

/// `C = A @ B` for INT8 `A` (`[m, k]`) and a PACKED `B` (`b_packed` = [`pack_b`] of a
/// `[k, n]` matrix, i.e. `[n, k]`), accumulated EXACTLY in `i32` (`[m, n]`, row-major).
///
/// Exact as long as `k < 131_072`: each product is at most `128 * 128 = 2^14` in size, so
/// `k` of them stay below `2^31`.
///
/// # Panics
/// If the slice lengths do not match `m`, `k` and `n`, naming them.
///
/// ```
/// use tinytorch_quantization::{gemm_i8_packed, pack_b};
/// // [[1, 2]] @ [[3, -4], [5, 6]] = [[13, 8]]
/// let b = pack_b(&[3, -4, 5, 6], 2, 2);
/// assert_eq!(gemm_i8_packed(&[1, 2], &b, 1, 2, 2), vec![13, 8]);
/// ```
pub fn gemm_i8_packed(a: &[i8], b_packed: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    assert_gemm_lengths("gemm_i8", a, b_packed, (m, k, n));
    // BEGIN SOLUTION 15.3
    let mut c = vec![0i32; m * n];
    if k == 0 {
        return c;
    }
    // Blocked over rows of B: a block of packed rows (BLOCK * k bytes) stays in the L1/L2
    // cache while every row of A streams past it.
    const BLOCK: usize = 64;
    for j0 in (0..n).step_by(BLOCK) {
        let j1 = (j0 + BLOCK).min(n);
        for (a_row, c_row) in a.chunks_exact(k).zip(c.chunks_exact_mut(n)) {
            for (j, out) in (j0..j1).zip(&mut c_row[j0..j1]) {
                *out = dot_i8(a_row, &b_packed[j * k..(j + 1) * k]);
            }
        }
    }
    c
    // END SOLUTION
}

/// The dot product of two `i8` rows of equal length, accumulated in `i32`.
#[cfg_attr(course_student, allow(dead_code))]
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    // BEGIN SOLUTION 15.3
    // 16 independent running sums, one per lane: the compiler keeps them in SIMD registers
    // and does 16 widening multiply-adds per step. (One running sum would chain every add
    // on the previous one; measured here, that is 4x slower.)
    const LANES: usize = 16;
    let mut acc = [0i32; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: i32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(&x, &y)| i32::from(x) * i32::from(y))
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for ((sum, &xv), &yv) in acc.iter_mut().zip(x).zip(y) {
            *sum += i32::from(xv) * i32::from(yv);
        }
    }
    acc.iter().sum::<i32>() + tail
    // END SOLUTION
}

//! The INT8 matrix product in one call: pack `B`, then run the kernel of task 15.3.

/// `C = A @ B` for INT8 `A` (`[m, k]`) and `B` (`[k, n]`), both row-major, accumulated in
/// `i32`: [`pack_b`](crate::pack_b) then [`gemm_i8_packed`](crate::gemm_i8_packed).
///
/// # Panics
/// If the slice lengths do not match `m`, `k` and `n`, naming them.
///
/// ```
/// use tinytorch_quantization::gemm_i8;
/// // [[127, 127]] @ [[127], [127]] = 2 * 16129: far beyond i8 and i16, exact in i32
/// assert_eq!(gemm_i8(&[127, 127], &[127, 127], 1, 2, 1), vec![32_258]);
/// ```
pub fn gemm_i8(a: &[i8], b: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    crate::gemm_i8_packed(a, &crate::pack_b(b, k, n), m, k, n)
}

/// Panics unless `a` holds `m * k` values and `b` (packed or not) `k * n`: the length
/// contract of every INT8 matrix product here, the message naming `op`, the one called.
pub(crate) fn assert_gemm_lengths(op: &str, a: &[i8], b: &[i8], (m, k, n): (usize, usize, usize)) {
    assert!(
        a.len() == m * k && b.len() == k * n,
        "{op}: a holds {} values (m * k = {m} * {k}) and b {} (k * n = {k} * {n})",
        a.len(),
        b.len()
    );
}

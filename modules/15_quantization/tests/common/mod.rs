//! Helpers the test files of module 15 share (course infrastructure, not graded). Each
//! test file uses a part of them.
#![allow(dead_code)]

use rand::Rng;
use tinytorch_quantization::{QuantParams, QuantizedTensor};

/// `C = A @ B` in i64 for `A` `[m, k]` row-major and `B` read through `b_at(p, j)` (so
/// that row-major `[k, n]` and packed `[n, k]` both fit): the definition every INT8
/// kernel must match exactly.
pub fn naive_gemm(
    a: &[i8],
    (m, k, n): (usize, usize, usize),
    b_at: impl Fn(usize, usize) -> i8,
) -> Vec<i32> {
    let mut c = vec![0i32; m * n];
    for i in 0..m {
        for j in 0..n {
            let sum: i64 = (0..k)
                .map(|p| i64::from(a[i * k + p]) * i64::from(b_at(p, j)))
                .sum();
            c[i * n + j] = i32::try_from(sum).expect("test sizes fit i32");
        }
    }
    c
}

/// `len` random INT8 codes, the whole range `[-128, 127]`.
pub fn random_i8(len: usize, rng: &mut impl Rng) -> Vec<i8> {
    (0..len).map(|_| rng.random::<i8>()).collect()
}

/// The parameters `scale` and `zero_point`.
pub fn params(scale: f32, zero_point: i32) -> QuantParams {
    QuantParams { scale, zero_point }
}

/// A weight quantized per row (axis 0), symmetric (zero points 0): one scale per row.
pub fn per_row_weight(values: Vec<i8>, shape: &[usize], scales: &[f32]) -> QuantizedTensor {
    QuantizedTensor {
        values,
        shape: shape.to_vec(),
        params: scales.iter().map(|&s| params(s, 0)).collect(),
        axis: Some(0),
    }
}

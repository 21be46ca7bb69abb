//! The fast INT8 path that `QuantizedLinear` and `QuantizedConv2d` run on (shared code,
//! not an exercise).
//!
//! Task 15.3 is the readable kernel, [`gemm_i8_packed`](crate::gemm_i8_packed). This
//! module is what a production library adds on top of it, so that the quantized layers
//! are actually fast. On a CPU with AVX2 (checked at run time), it uses a
//! register-blocked micro-kernel built on `vpmaddwd` and a vectorized quantizer (see
//! `avx2.rs`, the only file allowed `unsafe`). Anywhere else it falls back to the
//! course's own portable code: [`gemm_i8_packed`](crate::gemm_i8_packed) and
//! [`quantize_value`](crate::quantize_value). Both paths give identical results.

#[cfg(target_arch = "x86_64")]
mod avx2;

use crate::QuantParams;

/// Which implementation of the INT8 kernels runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Int8Kernel {
    /// The AVX2 micro-kernel and vectorized quantizer (x86-64 CPUs with AVX2).
    Avx2,
    /// The portable code of the course ([`gemm_i8_packed`](crate::gemm_i8_packed) and
    /// [`quantize_value`](crate::quantize_value)): any CPU.
    Portable,
}

impl Int8Kernel {
    /// The fastest implementation this CPU runs: [`Int8Kernel::Avx2`] when available.
    ///
    /// ```
    /// use tinytorch_quantization::Int8Kernel;
    /// assert!(Int8Kernel::detect().is_available());
    /// ```
    pub fn detect() -> Int8Kernel {
        if Int8Kernel::Avx2.is_available() {
            Int8Kernel::Avx2
        } else {
            Int8Kernel::Portable
        }
    }

    /// Whether this CPU can run the implementation.
    pub fn is_available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Int8Kernel::Avx2 => avx2::available(),
            #[cfg(not(target_arch = "x86_64"))]
            Int8Kernel::Avx2 => false,
            Int8Kernel::Portable => true,
        }
    }

    /// A short name for reports: `"avx2"` or `"portable"`.
    pub fn name(self) -> &'static str {
        match self {
            Int8Kernel::Avx2 => "avx2",
            Int8Kernel::Portable => "portable",
        }
    }

    /// `C = A @ B` in `i32` for INT8 `a` (`[m, k]`) and a PACKED `b_packed` (`[n, k]`, see
    /// [`pack_b`](crate::pack_b)): the same contract and the same (exact) results as
    /// [`gemm_i8_packed`](crate::gemm_i8_packed).
    ///
    /// # Panics
    /// If the slice lengths do not match `m`, `k` and `n`, or this implementation is not
    /// available on this CPU ([`Int8Kernel::is_available`]).
    ///
    /// ```
    /// use tinytorch_quantization::{Int8Kernel, pack_b};
    /// // [[1, 2]] @ [[3, -4], [5, 6]] = [[13, 8]]
    /// let b = pack_b(&[3, -4, 5, 6], 2, 2);
    /// assert_eq!(Int8Kernel::detect().gemm(&[1, 2], &b, 1, 2, 2), vec![13, 8]);
    /// ```
    pub fn gemm(self, a: &[i8], b_packed: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
        crate::gemm_i8::assert_gemm_lengths("gemm_i8_fast", a, b_packed, (m, k, n));
        self.check_available();
        match self {
            #[cfg(target_arch = "x86_64")]
            Int8Kernel::Avx2 => {
                let mut c = vec![0i32; m * n];
                avx2::gemm(a, b_packed, m, k, n, &mut c);
                c
            }
            _ => crate::gemm_i8_packed(a, b_packed, m, k, n),
        }
    }

    /// Every value of `x` quantized with `params` into `out`: the codes
    /// [`quantize_value`](crate::quantize_value) gives, value by value (NaN reads as 0).
    ///
    /// # Panics
    /// If `x` and `out` differ in length, or this implementation is not available.
    ///
    /// ```
    /// use tinytorch_quantization::{Int8Kernel, QuantParams};
    /// let p = QuantParams { scale: 0.5, zero_point: 10 };
    /// let mut codes = [0i8; 3];
    /// Int8Kernel::detect().quantize(&[1.0, -0.75, 1000.0], p, &mut codes);
    /// assert_eq!(codes, [12, 8, 127]); // 2 + 10, round(-1.5) = -2 + 10, clamped
    /// ```
    pub fn quantize(self, x: &[f32], params: QuantParams, out: &mut [i8]) {
        assert!(
            x.len() == out.len(),
            "quantize_into: {} values but room for {} codes",
            x.len(),
            out.len()
        );
        self.check_available();
        match self {
            #[cfg(target_arch = "x86_64")]
            Int8Kernel::Avx2 => avx2::quantize(x, params, out),
            _ => {
                for (code, &v) in out.iter_mut().zip(x) {
                    *code = crate::quantize_value(v, params);
                }
            }
        }
    }

    /// Panics, naming the implementation, if this CPU cannot run it.
    fn check_available(self) {
        assert!(
            self.is_available(),
            "the {} INT8 kernel is not available on this CPU: use Int8Kernel::detect()",
            self.name()
        );
    }
}

/// [`Int8Kernel::gemm`] with the fastest implementation of this CPU
/// ([`Int8Kernel::detect`]): what the quantized layers multiply with.
///
/// # Panics
/// If the slice lengths do not match `m`, `k` and `n`, naming them.
///
/// ```
/// use tinytorch_quantization::{gemm_i8_fast, pack_b};
/// // [[127, -128]] @ [[-128], [-128]] = -16256 + 16384 = 128, exact in i32
/// let b = pack_b(&[-128, -128], 2, 1);
/// assert_eq!(gemm_i8_fast(&[127, -128], &b, 1, 2, 1), vec![128]);
/// ```
pub fn gemm_i8_fast(a: &[i8], b_packed: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    Int8Kernel::detect().gemm(a, b_packed, m, k, n)
}

/// [`Int8Kernel::quantize`] with the fastest implementation of this CPU: the codes of
/// every value of `x`, as [`quantize_value`](crate::quantize_value) gives them, written
/// into `out`.
///
/// # Panics
/// If `x` and `out` differ in length.
///
/// ```
/// use tinytorch_quantization::{QuantParams, quantize_into};
/// let mut codes = vec![0i8; 2];
/// quantize_into(&[-1.0, 2.0], QuantParams { scale: 3.0 / 255.0, zero_point: -43 }, &mut codes);
/// assert_eq!(codes, vec![-128, 127]);
/// ```
pub fn quantize_into(x: &[f32], params: QuantParams, out: &mut [i8]) {
    Int8Kernel::detect().quantize(x, params, out);
}

//! GELU and `exp` over a whole slice on the CPU's vector units (shared code).
//!
//! `f32::exp` is a call into the C library, one value at a time: in a decode step it
//! costs more than the MLP's matrix product it follows, and in attention as much as the
//! scores it exponentiates. Here `exp` is a short polynomial
//! in plain arithmetic (Cephes' `expf`: `2^n * p(r)` with `|r| <= ln 2 / 2`, relative error
//! about 1e-7), which the compiler vectorizes like any loop; [`pulp::Arch::dispatch`]
//! compiles it with AVX2 and FMA as well and picks that build at run time when the CPU has
//! them.

use tinytorch_activations::{GELU_COEFF, SQRT_2_OVER_PI};

/// GELU (the tanh form of module 02) of every value of `values`, in place, as
/// `x * sigmoid(2u)` with `u = sqrt(2 / pi) (x + 0.044715 x^3)`: the same function, since
/// `(1 + tanh(u)) / 2 = 1 / (1 + e^(-2u))`, with one `exp` instead of a `tanh`.
pub(crate) fn gelu_slice(values: &mut [f32]) {
    pulp::Arch::new().dispatch(Gelu(values));
}

/// `e^v` of every value of `values`, in place, within 4e-7 (relative) of `f32::exp` for
/// `v` in `[-87, 88]` (see [`exp_poly`]): the softmax of attention runs on it.
pub(crate) fn exp_slice(values: &mut [f32]) {
    pulp::Arch::new().dispatch(Exp(values));
}

/// The slice [`exp_slice`] works on, as the operation `pulp` compiles per instruction set.
struct Exp<'a>(&'a mut [f32]);

impl pulp::WithSimd for Exp<'_> {
    type Output = ();

    /// Inlined into pulp's entry point of each instruction set (see [`Gelu`]).
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        for v in self.0.iter_mut() {
            *v = exp_poly(*v);
        }
    }
}

/// The slice [`gelu_slice`] works on, as the operation `pulp` compiles per instruction set.
struct Gelu<'a>(&'a mut [f32]);

impl pulp::WithSimd for Gelu<'_> {
    type Output = ();

    /// Inlined into pulp's entry point of each instruction set, so the loop is vectorized
    /// with that set's instructions.
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        for v in self.0.iter_mut() {
            *v = gelu(*v);
        }
    }
}

/// GELU of one value through [`exp_poly`].
#[inline(always)]
fn gelu(x: f32) -> f32 {
    let u = SQRT_2_OVER_PI * (x + GELU_COEFF * x * x * x);
    x / (1.0 + exp_poly(-2.0 * u))
}

/// `e^x` for `f32`, branch-free: `x = n ln 2 + r` with `n` the nearest integer to
/// `x / ln 2`, then `e^x = 2^n e^r` with `e^r` from Cephes' degree-7 polynomial, and `2^n`
/// written straight into the exponent bits. `x` is clamped to `[-87.3, 88.3]`, where
/// `2^n` stays a normal number (the result saturates at about `1e-38` and `2e38`).
#[inline(always)]
fn exp_poly(x: f32) -> f32 {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split in two, so that `n * LN2_HI` is exact and `r` keeps its precision.
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding 1.5 * 2^23 rounds to the nearest integer in plain arithmetic (no `round`
    // call, which would not vectorize on every CPU).
    const ROUND: f32 = 12_582_912.0;
    let x = x.clamp(-87.3, 88.3);
    // `t` holds n + 1.5 * 2^23: the integer n sits in the low bits of its mantissa.
    let t = x * LOG2_E + ROUND;
    let n = t - ROUND;
    let r = x - n * LN2_HI - n * LN2_LO;
    let mut p = 1.987_569_1e-4;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 0.166_666_65;
    p = p * r + 0.5;
    let e_r = p * r * r + r + 1.0;
    // 2^n: the biased exponent n + 127 (in [1, 254]) shifted into bits 23..31, read from
    // the low mantissa bits of t + 127 (an `as i32` cast would not vectorize: Rust's
    // saturating float-to-int conversion compiles to one scalar conversion per lane).
    let two_n = f32::from_bits((t + 127.0).to_bits() << 23);
    e_r * two_n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_poly_is_within_a_few_ulp_of_exp() {
        for i in -8700..=8800 {
            let x = i as f32 * 0.01;
            let (got, want) = (exp_poly(x), x.exp());
            assert!(
                ((got - want) / want).abs() < 4e-7,
                "exp({x}): {got} vs {want}"
            );
        }
    }

    #[test]
    fn exp_slice_matches_exp() {
        let mut values: Vec<f32> = (-870..=880).map(|i| i as f32 * 0.1).collect();
        let want: Vec<f32> = values.iter().map(|x| x.exp()).collect();
        exp_slice(&mut values);
        for (got, want) in values.iter().zip(&want) {
            assert!(((got - want) / want).abs() < 4e-7, "{got} vs {want}");
        }
    }

    #[test]
    fn gelu_slice_matches_the_tanh_form() {
        let mut values: Vec<f32> = (-2000..=2000).map(|i| i as f32 * 0.01).collect();
        values.extend([-1e4, -100.0, -30.0, 30.0, 100.0, 1e4, 0.0]);
        let want: Vec<f32> = values
            .iter()
            .map(|&x| {
                let u = SQRT_2_OVER_PI * (x + GELU_COEFF * x * x * x);
                0.5 * x * (1.0 + u.tanh())
            })
            .collect();
        gelu_slice(&mut values);
        for (got, want) in values.iter().zip(&want) {
            assert!(
                (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                "{got} vs {want}"
            );
        }
    }
}

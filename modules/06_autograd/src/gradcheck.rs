//! The finite-difference gradient checker: the way to test a backward rule without
//! trusting it.
//!
//! For a function `L(x)` the central difference `(L(x + ε) - L(x - ε)) / 2ε` approximates
//! `∂L/∂x` with error `O(ε²)`. In `f32` the forward pass itself is only accurate to about
//! `1e-7·|L|`, and dividing by `2ε` magnifies that rounding, so `ε` cannot be tiny: `1e-2`
//! balances the two errors. The differences are formed in `f64` so that at least the
//! subtraction adds no rounding of its own.

use crate::{GradCheckError, imp};
use ndarray::Zip;
use tinytorch_tensor::{Tensor, seeded_rng};

/// Options for [`check_gradients`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradCheck {
    /// The finite-difference step (default `1e-2`, suited to `f32`).
    pub eps: f32,
    /// Absolute tolerance (default `1e-3`).
    pub atol: f64,
    /// Relative tolerance, a fraction of the numeric derivative (default `1e-2`).
    pub rtol: f64,
    /// Seed of the random weights that turn a non-scalar output into a scalar (default 0).
    pub seed: u64,
}

impl Default for GradCheck {
    fn default() -> Self {
        GradCheck {
            eps: 1e-2,
            atol: 1e-3,
            rtol: 1e-2,
            seed: 0,
        }
    }
}

/// What a successful [`check_gradients`] compared.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradCheckReport {
    /// How many input elements were checked (each costs two forward passes).
    pub elements: usize,
    /// The largest `|analytic - numeric|` seen.
    pub max_abs_error: f64,
}

/// Compares the gradients [`backward`](crate::backward) computes for `f` at `inputs` with
/// central differences, element by element.
///
/// `f` gets the inputs as tensors that require a gradient and must build its result from
/// them with tensor ops. A non-scalar result `y` is turned into the scalar `Σ r·y`, where
/// `r` is a fixed random tensor (seeded by `options.seed`): uniform weights would hide
/// bugs that cancel out (the gradient of `Σ softmax(x)` is zero whatever the rule does).
/// An analytic derivative `a` matches a numeric one `n` when
/// `|a - n| <= atol + rtol·|n|`.
///
/// Cost: two forward passes per input element, so keep the inputs small. Choose inputs
/// away from kinks (ReLU at 0, clamp at its bounds, ties of a max), where the derivative
/// jumps and central differences straddle the jump.
///
/// # Errors
/// [`GradCheckError::Mismatch`] at the first element out of tolerance, naming the input,
/// the element and both values; [`GradCheckError::NotRecorded`] if `f`'s result does not
/// depend on its inputs through recorded ops; [`GradCheckError::Backward`] if the backward
/// pass fails.
///
/// ```
/// use tinytorch_autograd::{GradCheck, check_gradients};
/// use tinytorch_tensor::Tensor;
/// let a = Tensor::from_vec(vec![0.5, -1.0, 2.0], &[3]).unwrap();
/// let b = Tensor::from_vec(vec![1.5, 0.25, -0.5], &[3]).unwrap();
/// let report = check_gradients(|x| x[0].mul(&x[1]).exp(), &[a, b], GradCheck::default()).unwrap();
/// assert_eq!(report.elements, 6);
/// ```
pub fn check_gradients(
    f: impl Fn(&[Tensor]) -> Tensor,
    inputs: &[Tensor],
    options: GradCheck,
) -> Result<GradCheckReport, GradCheckError> {
    let leaves: Vec<Tensor> = inputs.iter().map(|t| t.with_requires_grad(true)).collect();
    let out = f(&leaves);
    if !out.requires_grad() {
        return Err(GradCheckError::NotRecorded);
    }
    let weights = if out.numel() == 1 {
        Tensor::ones(out.shape())
    } else {
        Tensor::randn(out.shape(), &mut seeded_rng(options.seed))
    };
    let grads = imp::backward_with(&out, &weights)?;
    drop(out);

    // The scalar objective Σ r·f(args), summed in f64, on inputs that record nothing.
    let objective = |args: &[Tensor]| -> f64 {
        let y = f(args);
        Zip::from(y.data())
            .and(weights.data())
            .fold(0.0, |acc, &y, &r| acc + f64::from(y) * f64::from(r))
    };
    let mut args: Vec<Tensor> = inputs.iter().map(Tensor::detach).collect();
    let mut report = GradCheckReport {
        elements: 0,
        max_abs_error: 0.0,
    };
    for (i, input) in inputs.iter().enumerate() {
        // An input the result does not depend on gets no gradient: its derivative is 0.
        let analytic = grads.get(&leaves[i]).map(Tensor::to_vec);
        let mut values = input.to_vec();
        for flat in 0..values.len() {
            let x = values[flat];
            let (up, down) = (x + options.eps, x - options.eps);
            let mut eval_at = |v: f32| {
                values[flat] = v;
                args[i] = Tensor::from_vec(values.clone(), input.shape()).expect("same shape");
                objective(&args)
            };
            let (f_up, f_down) = (eval_at(up), eval_at(down));
            values[flat] = x;
            // Divide by the step actually taken: x ± eps is rounded to f32.
            let numeric = (f_up - f_down) / (f64::from(up) - f64::from(down));
            let analytic = analytic.as_ref().map_or(0.0, |a| f64::from(a[flat]));
            let error = (analytic - numeric).abs();
            if error.is_nan() || error > options.atol + options.rtol * numeric.abs() {
                return Err(GradCheckError::Mismatch {
                    input: i,
                    index: unravel(flat, input.shape()),
                    analytic,
                    numeric,
                });
            }
            report.max_abs_error = report.max_abs_error.max(error);
            report.elements += 1;
        }
        args[i] = input.detach();
    }
    Ok(report)
}

/// The multi-dimensional index of row-major position `flat` in `shape`.
fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for (axis, &size) in shape.iter().enumerate().rev() {
        index[axis] = flat % size;
        flat /= size;
    }
    index
}

// These tests run the backward pass, so only on the reference (the student's code is graded
// by tests/graded.rs).
#[cfg(all(test, not(course_student)))]
mod tests {
    use super::*;
    use tinytorch_tensor::Op;

    #[test]
    fn a_wrong_rule_is_reported_with_its_element() {
        // y = 2x, but the recorded op claims y = 3x: analytic 3, numeric 2.
        let wrong = |x: &[Tensor]| {
            let data = x[0].data() * 2.0;
            Tensor::from_op(data, &[&x[0]], || Op::MulScalar(x[0].clone(), 3.0))
        };
        let x = Tensor::from_vec(vec![1.0, 2.0], &[1, 2]).unwrap();
        let err = check_gradients(wrong, &[x], GradCheck::default()).unwrap_err();
        let GradCheckError::Mismatch {
            input,
            index,
            analytic,
            numeric,
        } = &err
        else {
            panic!("expected a mismatch, got {err}");
        };
        assert_eq!((*input, index.as_slice()), (0, &[0, 0][..]));
        assert!((analytic / numeric - 1.5).abs() < 1e-3, "{err}");
        assert!(err.to_string().contains("element [0, 0]"), "{err}");
    }

    #[test]
    fn an_unrecorded_result_is_an_error() {
        let err = check_gradients(
            |x| x[0].detach(),
            &[Tensor::ones(&[2])],
            GradCheck::default(),
        );
        assert_eq!(err.unwrap_err(), GradCheckError::NotRecorded);
    }

    #[test]
    fn an_input_that_is_not_used_has_derivative_zero() {
        let (a, b) = (Tensor::ones(&[2]), Tensor::ones(&[3]));
        let report = check_gradients(|x| x[0].exp(), &[a, b], GradCheck::default()).unwrap();
        assert_eq!(report.elements, 5);
    }
}

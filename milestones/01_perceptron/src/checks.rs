//! Checks of your modules against arithmetic that does not use them, and the guard that
//! turns a panic in your code (a `todo!()` stub, a shape assertion) into a failing gate
//! that names it, instead of a crash that hides the other gates.

use crate::independent::{affine, max_abs_diff};
use std::panic::{AssertUnwindSafe, catch_unwind};
use tinytorch_layers::{Linear, Module};
use tinytorch_milestone_kit::Gate;
use tinytorch_tensor::Tensor;

/// Outputs agreeing within this are "equal": a few f32 roundings of values near 10.
pub const FORWARD_TOLERANCE: f64 = 1e-5;

/// The fixed inputs of the forward check: four rows `[4, 2]` (one of them zero, so the
/// bias alone shows).
pub const FIXED_X: [f32; 8] = [1.0, 2.0, -1.0, 0.5, 0.0, 0.0, 3.0, -2.0];
/// The fixed weight `[2, 3]`: three outputs with different columns, so a transposed or
/// mixed-up weight cannot give the same numbers.
pub const FIXED_W: [f32; 6] = [0.5, -1.0, 2.0, 1.5, 0.25, -0.75];
/// The fixed bias `[3]`.
pub const FIXED_B: [f32; 3] = [0.1, -0.2, 0.3];
/// `FIXED_X @ FIXED_W + FIXED_B`, worked by hand (row by row, `x1 W[0,:] + x2 W[1,:] + b`):
/// `[1, 2]`: `[0.5 + 3, -1 + 0.5, 2 - 1.5] + b = [3.6, -0.7, 0.8]`;
/// `[-1, 0.5]`: `[-0.5 + 0.75, 1 + 0.125, -2 - 0.375] + b = [0.35, 0.925, -2.075]`;
/// `[0, 0]`: `b = [0.1, -0.2, 0.3]`;
/// `[3, -2]`: `[1.5 - 3, -3 - 0.5, 6 + 1.5] + b = [-1.4, -3.7, 7.8]`.
pub const FIXED_Y: [f32; 12] = [
    3.6, -0.7, 0.8, 0.35, 0.925, -2.075, 0.1, -0.2, 0.3, -1.4, -3.7, 7.8,
];

/// Runs `f`, turning a panic into `Err(its message)`. The panic is still reported on
/// stderr by the default hook (with the file and line of your code that panicked).
///
/// ```
/// use tinytorch_milestone_perceptron::guarded;
/// assert_eq!(guarded(|| 2 + 2), Ok(4));
/// let err = guarded(|| -> i32 { panic!("not yet") }).unwrap_err();
/// assert_eq!(err, "not yet");
/// ```
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// A failing gate `name` for code that panicked: the message (first line, shortened) is
/// the measured value, so the report says which task to fix.
pub fn panicked(name: impl Into<String>, message: &str) -> Gate {
    let first = message.lines().next().unwrap_or_default();
    let short: String = first.chars().take(200).collect();
    Gate {
        name: name.into(),
        measured: format!("panicked: {short}"),
        bound: "no panic".to_string(),
        passed: false,
    }
}

/// A gate that holds when two computations agree: `diff` (a max |difference|) at most
/// `tolerance`, both printed in scientific notation (a tolerance of 1e-5 would read 0.000).
///
/// ```
/// use tinytorch_milestone_perceptron::agreement_gate;
/// let gate = agreement_gate("forward", 2.0e-7, 1e-5);
/// assert!(gate.passed && gate.measured == "2.0e-7" && gate.bound == "<= 1.0e-5");
/// assert!(!agreement_gate("forward", f64::INFINITY, 1e-5).passed);
/// ```
pub fn agreement_gate(name: impl Into<String>, diff: f64, tolerance: f64) -> Gate {
    Gate {
        name: name.into(),
        measured: format!("{diff:.1e}"),
        bound: format!("<= {tolerance:.1e}"),
        passed: diff <= tolerance,
    }
}

/// A gate that holds when all `total` cases pass (`count == total`, and `total > 0`),
/// printed as `count/total`.
///
/// ```
/// use tinytorch_milestone_perceptron::all_of_gate;
/// assert_eq!(all_of_gate("runs at 100%", 9, 10).measured, "9/10");
/// assert!(!all_of_gate("runs at 100%", 9, 10).passed);
/// assert!(all_of_gate("runs at 100%", 10, 10).passed);
/// assert!(!all_of_gate("runs at 100%", 0, 0).passed);
/// ```
pub fn all_of_gate(name: impl Into<String>, count: usize, total: usize) -> Gate {
    Gate {
        name: name.into(),
        measured: format!("{count}/{total}"),
        bound: format!("{total}/{total}"),
        passed: total > 0 && count == total,
    }
}

/// Your `Linear` (module 03, on your tensor of module 01) built from the fixed weights
/// and applied to the fixed inputs, as a flat `[4, 3]` output.
fn your_fixed_forward() -> Vec<f32> {
    let w = Tensor::from_vec(FIXED_W.to_vec(), &[2, 3]).expect("6 values make [2, 3]");
    let b = Tensor::from_vec(FIXED_B.to_vec(), &[3]).expect("3 values make [3]");
    let layer = Linear::from_parameters(w, Some(b)).expect("[2, 3] weight and [3] bias fit");
    let x = Tensor::from_vec(FIXED_X.to_vec(), &[4, 2]).expect("8 values make [4, 2]");
    layer.forward(&x).to_vec()
}

/// The gate: your `Linear` forward on the fixed inputs equals `x W + b` computed in plain
/// f32 loops (which the tests check against the hand-worked [`FIXED_Y`]).
pub fn linear_forward_gate() -> Gate {
    let name = "forward: your Linear(2->3) on 4 fixed inputs = plain f32 x W + b";
    match guarded(your_fixed_forward) {
        Ok(yours) => {
            let expected = affine(&FIXED_X, 2, &FIXED_W, &FIXED_B);
            agreement_gate(name, max_abs_diff(&yours, &expected), FORWARD_TOLERANCE)
        }
        Err(message) => panicked(name, &message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_independent_forward_equals_the_hand_worked_numbers() {
        let y = affine(&FIXED_X, 2, &FIXED_W, &FIXED_B);
        assert!(max_abs_diff(&y, &FIXED_Y) < 1e-6, "{y:?}");
    }

    #[test]
    fn the_forward_gate_holds_on_the_reference() {
        // `cargo test` compiles the reference editions of modules 01-03.
        let gate = linear_forward_gate();
        assert!(gate.passed, "{gate:?}");
    }

    #[test]
    fn a_forward_that_differs_fails_the_comparison() {
        // What a layer that ignores its bias would return: x W alone.
        let without_bias = affine(&FIXED_X, 2, &FIXED_W, &[0.0; 3]);
        assert!(max_abs_diff(&without_bias, &FIXED_Y) > FORWARD_TOLERANCE);
        // What a layer that used W's transpose layout [3, 2] would return.
        let transposed: Vec<f32> = (0..6).map(|k| FIXED_W[(k % 3) * 2 + k / 3]).collect();
        let wrong = affine(&FIXED_X, 2, &transposed, &FIXED_B);
        assert!(max_abs_diff(&wrong, &FIXED_Y) > FORWARD_TOLERANCE);
    }

    #[test]
    fn a_panic_becomes_a_failing_gate_with_its_message() {
        let gate = panicked("forward", "not yet implemented: [03.2 forward] ...\nmore");
        assert!(!gate.passed);
        assert!(gate.measured.contains("03.2"));
        assert!(!gate.measured.contains("more"));
    }
}

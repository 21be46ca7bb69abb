//! Tasks 02.1–02.4: activations that look at one element at a time.
//!
//! Each reads every element once and writes one output: O(n) time, one new buffer of the
//! input's size, and (when an input requires a gradient) one recorded [`Op`].

use crate::{GELU_COEFF, SQRT_2_OVER_PI};
use tinytorch_tensor::{Op, Tensor};

/// ReLU: `max(0, x)` for every element.
///
/// ```
/// use tinytorch_tensor::Tensor;
/// let x = Tensor::from_vec(vec![-2.0, 0.0, 3.0], &[3]).unwrap();
/// assert_eq!(tinytorch_activations::relu(&x).to_vec(), vec![0.0, 0.0, 3.0]);
/// ```
pub fn relu(x: &Tensor) -> Tensor {
    // BEGIN SOLUTION 02.1
    let data = x.data().mapv(|v| v.max(0.0));
    Tensor::from_op(data, &[x], || Op::Relu(x.clone()))
    // END SOLUTION
}

/// The logistic sigmoid `1 / (1 + e^-x)`, squashing every element into `[0, 1]`.
///
/// Computed from `z = e^-|x|`, which is in `(0, 1]` and never overflows:
/// `1 / (1 + z)` for `x >= 0` and `z / (1 + z)` for `x < 0` (the same value, rewritten).
///
/// ```
/// use tinytorch_tensor::Tensor;
/// let x = Tensor::from_vec(vec![0.0, 100.0, -100.0], &[3]).unwrap();
/// let y = tinytorch_activations::sigmoid(&x).to_vec();
/// assert_eq!(y[..2], [0.5, 1.0]);
/// assert!(y[2] > 0.0 && y[2] < 1e-40); // e^-100 = 3.7e-44, no overflow on the way
/// ```
pub fn sigmoid(x: &Tensor) -> Tensor {
    // BEGIN SOLUTION 02.2
    let data = x.data().mapv(|v| {
        let z = (-v.abs()).exp();
        if v >= 0.0 {
            1.0 / (1.0 + z)
        } else {
            z / (1.0 + z)
        }
    });
    Tensor::from_op(data, &[x], || Op::Sigmoid(x.clone()))
    // END SOLUTION
}

/// The hyperbolic tangent, squashing every element into `[-1, 1]`.
pub fn tanh(x: &Tensor) -> Tensor {
    // BEGIN SOLUTION 02.3
    let data = x.data().mapv(f32::tanh);
    Tensor::from_op(data, &[x], || Op::Tanh(x.clone()))
    // END SOLUTION
}

/// GELU, the course's one definition (the tanh form used by GPT-2 and BERT):
///
/// `GELU(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`
///
/// It approximates `x·Φ(x)` (Φ the standard normal CDF) to about 1e-3. A smooth ReLU:
/// GELU(0) = 0, GELU(1) ≈ 0.8412, GELU(-1) ≈ -0.1588, and it tends to 0 for very negative x.
/// See [`GELU_COEFF`](crate::GELU_COEFF) and [`SQRT_2_OVER_PI`](crate::SQRT_2_OVER_PI).
///
/// ```
/// use tinytorch_tensor::Tensor;
/// let y = tinytorch_activations::gelu(&Tensor::from_vec(vec![0.0, 1.0], &[2]).unwrap());
/// assert!((y.to_vec()[1] - 0.841_192).abs() < 1e-5);
/// ```
pub fn gelu(x: &Tensor) -> Tensor {
    // BEGIN SOLUTION 02.4
    let data = x
        .data()
        .mapv(|v| 0.5 * v * (1.0 + (SQRT_2_OVER_PI * (v + GELU_COEFF * v * v * v)).tanh()));
    Tensor::from_op(data, &[x], || Op::Gelu(x.clone()))
    // END SOLUTION
}

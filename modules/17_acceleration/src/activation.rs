//! The activations a fused epilogue can apply, as scalar functions.

use tinytorch_activations::{GELU_COEFF, SQRT_2_OVER_PI};

/// The activation applied after the bias in [`linear_bias_act`](crate::linear_bias_act):
/// the same formulas as module 02, one value at a time, so that a kernel can apply them
/// while the value is still in a register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activation {
    /// `x`: bias only.
    Identity,
    /// `max(x, 0)`.
    Relu,
    /// The tanh form of GELU, `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`, as in
    /// [`tinytorch_activations::gelu`].
    Gelu,
}

impl Activation {
    /// The activation of one value.
    ///
    /// ```
    /// use tinytorch_acceleration::Activation;
    /// assert_eq!(Activation::Relu.apply(-2.0), 0.0);
    /// assert_eq!(Activation::Identity.apply(-2.0), -2.0);
    /// assert!((Activation::Gelu.apply(1.0) - 0.841_192).abs() < 1e-5);
    /// ```
    #[inline]
    pub fn apply(self, x: f32) -> f32 {
        match self {
            Activation::Identity => x,
            Activation::Relu => x.max(0.0),
            Activation::Gelu => {
                0.5 * x * (1.0 + (SQRT_2_OVER_PI * (x + GELU_COEFF * x * x * x)).tanh())
            }
        }
    }

    /// A short name for reports and benchmark labels.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Relu => "relu",
            Activation::Gelu => "gelu",
        }
    }
}

//! `FusedLinear`: a `Linear` layer and its activation as one module, running the fused
//! kernel on the inference path.

use crate::{Activation, linear_bias_act};
use ndarray::{Array1, Ix1, Ix2};
use tinytorch_activations::{gelu, relu};
use tinytorch_layers::{Linear, Module, Parameter};
use tinytorch_tensor::Tensor;

/// `act(x @ W + b)` as one layer, sharing the parameters of the `Linear` it wraps.
///
/// When nothing needs a gradient (the parameters are frozen and `x` does not require
/// one) and `x` is a `[batch, in]` matrix, the forward pass is
/// [`linear_bias_act`]: one GEMM and one in-place epilogue. Otherwise it runs the
/// recorded ops of module 02 and 03 (`Linear::forward` then the activation), so training
/// through a `FusedLinear` gives exactly the gradients of the unfused pair.
///
/// ```
/// use tinytorch_acceleration::{Activation, FusedLinear};
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let linear = Linear::new(4, 3, &mut seeded_rng(0));
/// for p in linear.parameters() {
///     p.set_requires_grad(false); // inference: the fused path
/// }
/// let fused = FusedLinear::new(linear.clone(), Activation::Relu);
/// let x = Tensor::randn(&[2, 4], &mut seeded_rng(1));
/// let expected = tinytorch_activations::relu(&linear.forward(&x));
/// let got = fused.forward(&x);
/// assert!(got.to_vec().iter().zip(expected.to_vec()).all(|(a, b)| (a - b).abs() < 1e-6));
/// ```
#[derive(Clone, Debug)]
pub struct FusedLinear {
    linear: Linear,
    act: Activation,
}

impl FusedLinear {
    /// Wraps `linear` (its parameters are shared, not copied) and `act`.
    pub fn new(linear: Linear, act: Activation) -> FusedLinear {
        FusedLinear { linear, act }
    }

    /// The wrapped layer.
    pub fn linear(&self) -> &Linear {
        &self.linear
    }

    /// The activation applied after the bias.
    pub fn activation(&self) -> Activation {
        self.act
    }

    /// The recorded (differentiable) path: `Linear::forward`, then the activation op.
    fn forward_recorded(&self, x: &Tensor) -> Tensor {
        let y = self.linear.forward(x);
        match self.act {
            Activation::Identity => y,
            Activation::Relu => relu(&y),
            Activation::Gelu => gelu(&y),
        }
    }
}

impl Module for FusedLinear {
    fn forward(&self, x: &Tensor) -> Tensor {
        let w = self.linear.weight().get();
        let b = self.linear.bias().map(Parameter::get);
        let needs_graph =
            x.requires_grad() || w.requires_grad() || b.as_ref().is_some_and(Tensor::requires_grad);
        if needs_graph || x.ndim() != 2 {
            return self.forward_recorded(x);
        }
        let x2 = x
            .data()
            .view()
            .into_dimensionality::<Ix2>()
            .expect("checked: rank 2");
        let w2 = w
            .data()
            .view()
            .into_dimensionality::<Ix2>()
            .expect("a Linear weight is [in, out]");
        let bias = match &b {
            Some(b) => b
                .data()
                .view()
                .into_dimensionality::<Ix1>()
                .expect("a Linear bias is [out]")
                .to_owned(),
            None => Array1::zeros(self.linear.out_features()),
        };
        Tensor::from_array(linear_bias_act(x2, w2, bias.view(), self.act).into_dyn())
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        self.linear.named_parameters()
    }

    fn name(&self) -> String {
        format!(
            "FusedLinear({} -> {}, {})",
            self.linear.in_features(),
            self.linear.out_features(),
            self.act.name()
        )
    }
}

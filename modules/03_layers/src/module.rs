//! The `Module` trait: what every layer and every network of layers can do.

use crate::Parameter;
use std::collections::HashSet;
use tinytorch_tensor::Tensor;

/// A layer, or a network built from layers: a function of a tensor that may own trainable
/// [`Parameter`]s and may behave differently in training and evaluation.
///
/// Only [`forward`](Module::forward) and [`name`](Module::name) are required; a layer with
/// parameters also lists them in [`named_parameters`](Module::named_parameters), and a
/// layer whose behaviour depends on the mode (like [`Dropout`](crate::Dropout)) overrides
/// [`set_training`](Module::set_training). Everything else is derived from those.
///
/// `Send + Sync` so that a model can be shared between threads (data-parallel evaluation,
/// a server answering requests): `forward` takes `&self`.
///
/// ```
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let layer = Linear::new(4, 2, &mut seeded_rng(0));
/// let y = layer.forward(&Tensor::ones(&[3, 4])); // a batch of 3
/// assert_eq!(y.shape(), &[3, 2]);
/// assert_eq!(layer.num_parameters(), 4 * 2 + 2);
/// assert_eq!(layer.name(), "Linear(4 -> 2)");
///
/// // Module 02's activations are modules too, without parameters.
/// use tinytorch_activations::{Relu, Softmax};
/// let relu: &dyn Module = &Relu;
/// assert_eq!(relu.forward(&Tensor::from_vec(vec![-1.0, 2.0], &[2]).unwrap()).to_vec(), [0.0, 2.0]);
/// assert_eq!((relu.name(), relu.num_parameters()), ("ReLU".to_string(), 0));
/// assert_eq!(Module::name(&Softmax::new(-1)), "Softmax(axis=-1)");
/// ```
pub trait Module: AsAny + Send + Sync {
    /// Computes the output for input `x`. Built from tensor operations, so that the
    /// computation is recorded for backpropagation when a parameter requires a gradient.
    fn forward(&self, x: &Tensor) -> Tensor;

    /// Every parameter with a name that says where it lives (`"weight"`, `"0.bias"`), in a
    /// stable order: the keys of a checkpoint. A parameter shared by two layers appears
    /// once per layer. None by default.
    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        Vec::new()
    }

    /// Every distinct parameter, in the order of [`named_parameters`](Module::named_parameters),
    /// each shared (tied) parameter only once: what an optimizer updates.
    ///
    /// ```
    /// use tinytorch_layers::{Module, Parameter};
    /// use tinytorch_tensor::Tensor;
    ///
    /// /// `x @ W @ W`: one weight used twice.
    /// struct Twice(Parameter);
    ///
    /// impl Module for Twice {
    ///     fn forward(&self, x: &Tensor) -> Tensor {
    ///         x.matmul(&self.0.get()).matmul(&self.0.get())
    ///     }
    ///     fn named_parameters(&self) -> Vec<(String, Parameter)> {
    ///         vec![("first".into(), self.0.clone()), ("second".into(), self.0.clone())]
    ///     }
    ///     fn name(&self) -> String {
    ///         "Twice".into()
    ///     }
    /// }
    ///
    /// let m = Twice(Parameter::new(Tensor::zeros(&[3, 3])));
    /// assert_eq!(m.named_parameters().len(), 2);
    /// assert_eq!(m.parameters().len(), 1);
    /// assert_eq!(m.num_parameters(), 9);
    /// ```
    fn parameters(&self) -> Vec<Parameter> {
        let mut seen = HashSet::new();
        self.named_parameters()
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| seen.insert(p.slot_address()))
            .collect()
    }

    /// The number of trainable scalars, shared parameters counted once.
    fn num_parameters(&self) -> usize {
        self.parameters().iter().map(Parameter::numel).sum()
    }

    /// Switches between training (`true`) and evaluation (`false`) behaviour. Does
    /// nothing by default: most layers compute the same thing in both modes.
    fn set_training(&mut self, _training: bool) {}

    /// Training mode: dropout active.
    fn train(&mut self) {
        self.set_training(true)
    }

    /// Evaluation mode: dropout is the identity, results are deterministic.
    fn eval(&mut self) {
        self.set_training(false)
    }

    /// A short description for reports, e.g. `"Linear(64 -> 32)"`.
    fn name(&self) -> String;
}

/// Lets code that receives a `&dyn Module` recognise the concrete layer, e.g. a profiler
/// counting the FLOPs of every `Linear` inside a `Sequential`:
/// `layer.as_any().downcast_ref::<Linear>()`. Every `'static` type has it for free.
///
/// Call it on a `&dyn Module`: on a `Box<dyn Module>` it would see the box itself, so
/// write `boxed.as_ref().as_any()`.
///
/// ```
/// use tinytorch_layers::{AsAny, Linear, Module, Sequential};
/// use tinytorch_tensor::seeded_rng;
/// let net = Sequential::new().add(Linear::new(4, 2, &mut seeded_rng(0)));
/// let first: &dyn Module = net.layers()[0].as_ref();
/// assert!(first.as_any().downcast_ref::<Linear>().is_some());
/// ```
pub trait AsAny {
    /// `self` as `&dyn Any`, for `downcast_ref`.
    fn as_any(&self) -> &dyn std::any::Any;
}

impl<T: std::any::Any> AsAny for T {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

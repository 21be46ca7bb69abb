//! `Gradients`: the result of a backward pass, one gradient tensor per tensor that
//! required one, keyed by tensor identity.

use std::collections::HashMap;
use std::fmt;
use tinytorch_layers::Parameter;
use tinytorch_tensor::{Tensor, TensorId};

/// The gradients a backward pass computed: for every tensor of the graph that requires a
/// gradient (leaves such as parameters, and intermediates), `∂loss/∂tensor`, a tensor of
/// the same shape.
///
/// Gradients are plain tensors that do not require a gradient themselves: the course has
/// no second-order derivatives. They are looked up by the tensor they belong to (its
/// [`TensorId`]), so a parameter's gradient is found from the very tensor the forward pass
/// read; see [`for_parameter`](Gradients::for_parameter).
///
/// ```
/// use tinytorch_autograd::backward;
/// use tinytorch_tensor::Tensor;
///
/// let x = Tensor::from_vec(vec![3.0], &[1]).unwrap().with_requires_grad(true);
/// let y = x.mul(&x).sum_all(); // y = x^2, dy/dx = 2x = 6
/// let grads = backward(&y).unwrap();
/// assert_eq!(grads.get(&x).unwrap().to_vec(), vec![6.0]);
/// assert!(!grads.get(&x).unwrap().requires_grad());
/// ```
#[derive(Clone, Default)]
pub struct Gradients {
    map: HashMap<TensorId, Tensor>,
}

impl Gradients {
    /// An empty set of gradients.
    pub fn new() -> Gradients {
        Gradients::default()
    }

    /// The gradient of the loss with respect to `tensor`, if the backward pass reached it.
    ///
    /// `None` means `tensor` does not require a gradient, is not part of the graph that
    /// produced the loss, or is another tensor with the same values (identity, not value,
    /// is the key: a clone of a handle has the same identity, a copy does not).
    pub fn get(&self, tensor: &Tensor) -> Option<&Tensor> {
        self.map.get(&tensor.id())
    }

    /// The gradient stored for the tensor with identity `id`.
    pub fn get_id(&self, id: TensorId) -> Option<&Tensor> {
        self.map.get(&id)
    }

    /// The gradient of the current value of `parameter`.
    ///
    /// Call it before the parameter is updated: [`Parameter::set`] stores a new tensor
    /// with a new identity, which the graph of this backward pass never saw.
    ///
    /// ```
    /// use tinytorch_autograd::backward;
    /// use tinytorch_layers::{Linear, Module};
    /// use tinytorch_tensor::{Tensor, seeded_rng};
    ///
    /// let layer = Linear::new(3, 2, &mut seeded_rng(0));
    /// let loss = layer.forward(&Tensor::ones(&[4, 3])).mean_all();
    /// let grads = backward(&loss).unwrap();
    /// let dw = grads.for_parameter(layer.weight()).unwrap();
    /// assert_eq!(dw.shape(), &[3, 2]);
    /// ```
    pub fn for_parameter(&self, parameter: &Parameter) -> Option<&Tensor> {
        self.get(&parameter.get())
    }

    /// Stores `grad` as the gradient of the tensor with identity `id`, returning the
    /// gradient it replaces.
    pub fn insert(&mut self, id: TensorId, grad: Tensor) -> Option<Tensor> {
        self.map.insert(id, grad)
    }

    /// Removes and returns the gradient of the tensor with identity `id`.
    pub fn remove(&mut self, id: TensorId) -> Option<Tensor> {
        self.map.remove(&id)
    }

    /// How many tensors have a gradient.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no tensor has a gradient.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every (identity, gradient) pair, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (TensorId, &Tensor)> {
        self.map.iter().map(|(&id, grad)| (id, grad))
    }

    /// Multiplies every gradient by `factor` (e.g. gradient clipping in module 07).
    pub fn scale(&mut self, factor: f32) {
        for grad in self.map.values_mut() {
            *grad = Tensor::from_array(grad.data() * factor);
        }
    }
}

impl FromIterator<(TensorId, Tensor)> for Gradients {
    fn from_iter<I: IntoIterator<Item = (TensorId, Tensor)>>(iter: I) -> Self {
        Gradients {
            map: iter.into_iter().collect(),
        }
    }
}

impl fmt::Debug for Gradients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shapes: Vec<(TensorId, &[usize])> =
            self.map.iter().map(|(&id, g)| (id, g.shape())).collect();
        shapes.sort_by_key(|&(id, _)| id);
        f.debug_map().entries(shapes).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_remove_and_scale() {
        let x = Tensor::ones(&[2]);
        let mut grads = Gradients::new();
        assert!(grads.is_empty());
        assert!(grads.insert(x.id(), Tensor::full(&[2], 3.0)).is_none());
        assert_eq!(grads.len(), 1);
        assert_eq!(grads.get(&x).unwrap().to_vec(), vec![3.0, 3.0]);
        assert_eq!(
            grads.get(&x.clone()).unwrap().to_vec(),
            vec![3.0, 3.0],
            "same identity"
        );
        assert!(
            grads.get(&Tensor::ones(&[2])).is_none(),
            "equal values, other identity"
        );
        grads.scale(0.5);
        assert_eq!(grads.get_id(x.id()).unwrap().to_vec(), vec![1.5, 1.5]);
        assert_eq!(grads.iter().count(), 1);
        assert!(format!("{grads:?}").contains("[2]"));
        assert!(grads.remove(x.id()).is_some());
        assert!(grads.is_empty());
    }

    #[test]
    fn a_parameter_is_found_by_its_current_value() {
        let p = Parameter::new(Tensor::zeros(&[3]));
        let grads: Gradients = [(p.get().id(), Tensor::ones(&[3]))].into_iter().collect();
        assert_eq!(grads.for_parameter(&p).unwrap().to_vec(), vec![1.0; 3]);
        p.set(Tensor::ones(&[3])); // a new value is a new tensor, unseen by that backward
        assert!(grads.for_parameter(&p).is_none());
    }
}

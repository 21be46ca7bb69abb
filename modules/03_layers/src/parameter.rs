//! `Parameter`: a trainable tensor slot, shared by handle between a layer and an optimizer.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};
use tinytorch_tensor::Tensor;

/// A trainable tensor that a layer reads in `forward` and an optimizer replaces after each
/// step.
///
/// Tensors are immutable, so "updating a weight" means putting a new tensor in the slot:
/// the layer and the optimizer hold clones of the same `Parameter` (an `Arc`), and
/// [`set`](Parameter::set) through one handle is seen through every other. Cloning a
/// `Parameter` therefore does NOT copy the weights; it is another handle to the same slot.
///
/// The stored tensor requires a gradient (unless frozen with
/// [`set_requires_grad`](Parameter::set_requires_grad)), so every forward pass that reads
/// it is recorded for backpropagation (module 06).
///
/// ```
/// use tinytorch_layers::Parameter;
/// use tinytorch_tensor::Tensor;
///
/// let w = Parameter::new(Tensor::zeros(&[2, 3]));
/// assert!(w.get().requires_grad());
/// assert_eq!((w.shape(), w.numel()), (vec![2, 3], 6));
///
/// let handle = w.clone(); // the same slot, not a copy
/// handle.set(Tensor::ones(&[2, 3]));
/// assert_eq!(w.get().to_vec(), vec![1.0; 6]);
/// assert!(w.get().requires_grad() && w.get().op().is_none()); // a trainable leaf
/// assert!(w.ptr_eq(&handle));
/// assert!(!w.ptr_eq(&Parameter::new(Tensor::ones(&[2, 3])))); // equal values, other slot
///
/// // A panic while the slot is locked (here: a wrong shape) does not make it unusable.
/// let bad = std::panic::catch_unwind(|| handle.set(Tensor::zeros(&[4])));
/// assert!(bad.is_err());
/// w.set(Tensor::zeros(&[2, 3]));
/// assert_eq!(w.get().to_vec(), vec![0.0; 6]);
/// ```
#[derive(Clone)]
pub struct Parameter(Arc<RwLock<Tensor>>);

impl Parameter {
    /// A new slot holding `tensor`, marked as requiring a gradient (no copy of the data).
    pub fn new(tensor: Tensor) -> Parameter {
        Parameter(Arc::new(RwLock::new(tensor.with_requires_grad(true))))
    }

    /// The current value: a cheap clone of the tensor handle (no copy of the data).
    pub fn get(&self) -> Tensor {
        self.read().clone()
    }

    /// Replaces the value, e.g. with `w - lr * grad` after an optimizer step.
    ///
    /// The new value becomes a fresh leaf (the graph that computed it is not kept, so each
    /// training step starts from clean leaves) that requires a gradient unless the
    /// parameter was frozen with [`set_requires_grad(false)`](Parameter::set_requires_grad).
    ///
    /// # Panics
    /// If the new tensor's shape differs from the current one: layers rely on the shape of
    /// their parameters (a `Linear` knows its `in_features`). To load a model with other
    /// shapes, build new layers (e.g. [`Linear::from_parameters`](crate::Linear::from_parameters)).
    pub fn set(&self, tensor: Tensor) {
        // A panic here poisons the lock; every access recovers from that (see `read`).
        let mut slot = self.0.write().unwrap_or_else(PoisonError::into_inner);
        assert!(
            slot.shape() == tensor.shape(),
            "Parameter::set: new value of shape {:?} does not match the parameter's shape {:?}",
            tensor.shape(),
            slot.shape()
        );
        let flag = slot.requires_grad();
        *slot = tensor.with_requires_grad(flag);
    }

    /// Freezes (`false`) or unfreezes (`true`) the parameter without copying its data.
    ///
    /// A frozen parameter does not require a gradient, so a forward pass that reads only
    /// frozen parameters records no graph at all: the inference path of module 06.
    ///
    /// ```
    /// use tinytorch_layers::Parameter;
    /// use tinytorch_tensor::Tensor;
    /// let w = Parameter::new(Tensor::ones(&[2]));
    /// w.set_requires_grad(false);
    /// assert!(!w.get().requires_grad());
    /// w.set(Tensor::zeros(&[2])); // stays frozen
    /// assert!(!w.get().requires_grad());
    /// ```
    pub fn set_requires_grad(&self, flag: bool) {
        let mut slot = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if slot.requires_grad() != flag {
            *slot = slot.with_requires_grad(flag);
        }
    }

    /// The shape of the current value.
    pub fn shape(&self) -> Vec<usize> {
        self.read().shape().to_vec()
    }

    /// The number of scalars in the parameter.
    pub fn numel(&self) -> usize {
        self.read().numel()
    }

    /// Whether `self` and `other` are handles to the same slot (shared, or "tied", weights).
    /// Two slots holding equal values are not the same parameter.
    pub fn ptr_eq(&self, other: &Parameter) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The slot's address: a key for de-duplicating shared parameters in a hash set.
    pub(crate) fn slot_address(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }

    /// Read access that survives a panic in another thread while it held the lock: the
    /// tensor inside is always whole (it is replaced in one assignment), so a poisoned
    /// lock is safe to read.
    fn read(&self) -> RwLockReadGuard<'_, Tensor> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parameter(shape={:?})", self.shape())
    }
}

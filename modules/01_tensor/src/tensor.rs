//! The `Tensor` handle: shared, immutable data plus the op that produced it.

use crate::{Op, TensorError};
use ndarray::{ArrayD, IxDyn};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A unique identity for a tensor, used by autograd to key gradients.
///
/// Identities come from one atomic counter: the only process-wide state in the course, and
/// it never changes what any computation returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TensorId(u64);

impl TensorId {
    fn fresh() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        TensorId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// An n-dimensional array of `f32`: a cheap-to-clone handle (`Arc`) that is `Send + Sync`.
///
/// Tensors are immutable: every operation returns a new tensor. When an input of an
/// operation requires a gradient, the result remembers the [`Op`] that produced it, which
/// is how module 06 walks the graph backwards.
///
/// ```
/// use tinytorch_tensor::Tensor;
/// let a = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
/// let b = a.clone(); // cheap: both handles share the same data
/// assert_eq!(b.shape(), &[2, 2]);
/// assert_eq!(a.id(), b.id());
/// ```
#[derive(Clone)]
pub struct Tensor(Arc<Inner>);

struct Inner {
    id: TensorId,
    data: Arc<ArrayD<f32>>,
    requires_grad: bool,
    op: Option<Op>,
}

/// Dropping the last handle to the output of a long chain of ops would drop its inputs,
/// which drop theirs, ... recursively: 100,000 ops deep that overflows the stack. Instead,
/// unlink the graph with an explicit work list.
impl Drop for Inner {
    fn drop(&mut self) {
        let mut pending: Vec<Tensor> = match self.op.take() {
            Some(op) => op.into_inputs(),
            None => return,
        };
        while let Some(tensor) = pending.pop() {
            // Only a tensor whose last handle this is can be unlinked here; a shared one
            // stays alive (and whole) for its other owners.
            if let Ok(mut inner) = Arc::try_unwrap(tensor.0)
                && let Some(op) = inner.op.take()
            {
                pending.extend(op.into_inputs());
            }
        }
    }
}

impl Tensor {
    /// Wraps an array as a leaf tensor that does not require a gradient.
    pub fn from_array(data: ArrayD<f32>) -> Tensor {
        Tensor::build(Arc::new(data), false, None)
    }

    /// A 0-dimensional tensor holding one value.
    pub fn scalar(value: f32) -> Tensor {
        Tensor::from_array(ArrayD::from_elem(IxDyn(&[]), value))
    }

    /// The result of an operation: records `make_op()` only if some input requires a
    /// gradient, so that inference (no input requires one) records and clones nothing.
    ///
    /// ```
    /// use tinytorch_tensor::{Op, Tensor};
    /// let x = Tensor::from_vec(vec![1.0, -2.0], &[2]).unwrap();
    /// let y = Tensor::from_op(x.data().mapv(|v| -v), &[&x], || Op::Neg(x.clone()));
    /// assert!(y.op().is_none()); // x does not require a gradient: nothing recorded
    /// let w = x.with_requires_grad(true);
    /// let z = Tensor::from_op(w.data().mapv(|v| -v), &[&w], || Op::Neg(w.clone()));
    /// assert_eq!(z.op().unwrap().name(), "neg");
    /// ```
    pub fn from_op(data: ArrayD<f32>, inputs: &[&Tensor], make_op: impl FnOnce() -> Op) -> Tensor {
        let tracked = inputs.iter().any(|t| t.requires_grad());
        let op = tracked.then(make_op);
        Tensor::build(Arc::new(data), tracked, op)
    }

    fn build(data: Arc<ArrayD<f32>>, requires_grad: bool, op: Option<Op>) -> Tensor {
        Tensor(Arc::new(Inner {
            id: TensorId::fresh(),
            data,
            requires_grad,
            op,
        }))
    }

    /// The same data as a new leaf tensor whose `requires_grad` is `flag` (no copy).
    pub fn with_requires_grad(&self, flag: bool) -> Tensor {
        Tensor::build(Arc::clone(&self.0.data), flag, None)
    }

    /// The same data cut off from the graph: a leaf that requires no gradient (no copy).
    pub fn detach(&self) -> Tensor {
        self.with_requires_grad(false)
    }

    /// This tensor's identity.
    pub fn id(&self) -> TensorId {
        self.0.id
    }

    /// The underlying array (read-only).
    pub fn data(&self) -> &ArrayD<f32> {
        &self.0.data
    }

    /// Whether gradients flow to (or through) this tensor.
    pub fn requires_grad(&self) -> bool {
        self.0.requires_grad
    }

    /// The operation that produced this tensor, if it was recorded.
    pub fn op(&self) -> Option<&Op> {
        self.0.op.as_ref()
    }

    /// The size of each axis.
    pub fn shape(&self) -> &[usize] {
        self.0.data.shape()
    }

    /// The number of axes.
    pub fn ndim(&self) -> usize {
        self.0.data.ndim()
    }

    /// The number of elements.
    pub fn numel(&self) -> usize {
        self.0.data.len()
    }

    /// The elements in row-major (C) order.
    pub fn to_vec(&self) -> Vec<f32> {
        self.0.data.iter().copied().collect()
    }

    /// The single value of a tensor with exactly one element.
    ///
    /// # Panics
    /// If the tensor has more or fewer than one element.
    pub fn item(&self) -> f32 {
        assert!(
            self.numel() == 1,
            "item: tensor of shape {:?} has {} elements, not 1",
            self.shape(),
            self.numel()
        );
        self.0.data.iter().copied().next().unwrap_or_default()
    }

    /// The axis `axis` as an index in `0..ndim`; negative values count from the end
    /// (`-1` is the last axis).
    ///
    /// # Panics
    /// If the axis is out of range, naming `op` and the shape.
    pub fn normalize_axis(&self, axis: isize, op: &str) -> usize {
        let ndim = self.ndim() as isize;
        let index = if axis < 0 { axis + ndim } else { axis };
        assert!(
            (0..ndim).contains(&index),
            "{op}: axis {axis} is out of range for shape {:?} ({ndim} axes)",
            self.shape()
        );
        index as usize
    }

    /// Checks that `len` values fit `shape` exactly.
    #[cfg_attr(course_student, allow(dead_code))]
    pub(crate) fn check_len(len: usize, shape: &[usize]) -> Result<(), TensorError> {
        if len == shape.iter().product::<usize>() {
            Ok(())
        } else {
            Err(TensorError::ShapeMismatch {
                len,
                shape: shape.to_vec(),
            })
        }
    }
}

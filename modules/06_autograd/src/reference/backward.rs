//! Task 06.1: the backward driver.
//!
//! Reverse-mode differentiation in three steps: order the graph so that every tensor comes
//! after the tensors it was computed from (a topological order), seed the root with
//! ∂loss/∂loss = 1, then walk the order backwards, handing each tensor's gradient to its
//! op's backward rule and ADDING what the rule returns into each input's gradient.
//!
//! Cost: every node is visited once and every rule runs once, so a backward pass costs
//! about as much as the forward pass again (twice as much for matmuls, which need two
//! products per forward product).

use crate::dispatch::input_grads;
use crate::{AutogradError, Gradients};
use ndarray::ArrayD;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use tinytorch_tensor::{Tensor, TensorId};

/// The gradients of the scalar `root` with respect to every tensor of its graph that
/// requires a gradient (parameters and intermediates), seeded with ∂root/∂root = 1.
///
/// The graph is never consumed: tensors are immutable and keep their recorded ops, so a
/// second call on the same root returns the same gradients (nothing accumulates across
/// calls; add two [`Gradients`] yourself if you want that).
///
/// # Errors
/// [`AutogradError::NotScalar`] if `root` does not have exactly one element;
/// [`AutogradError::NothingRequiresGrad`] if `root` does not require a gradient.
///
/// ```
/// use tinytorch_autograd::backward;
/// use tinytorch_tensor::Tensor;
///
/// // y = 3x, a = 2y, b = 5y, c = a + b: dc/dx = 2·3 + 5·3 = 21 (two paths, summed).
/// let x = Tensor::scalar(1.0).with_requires_grad(true);
/// let y = x.mul_scalar(3.0);
/// let c = y.mul_scalar(2.0).add(&y.mul_scalar(5.0));
/// let grads = backward(&c).unwrap();
/// assert_eq!(grads.get(&x).unwrap().item(), 21.0);
/// assert_eq!(grads.get(&y).unwrap().item(), 7.0);
/// ```
pub fn backward(root: &Tensor) -> Result<Gradients, AutogradError> {
    // BEGIN SOLUTION 06.1
    if root.numel() != 1 {
        return Err(AutogradError::NotScalar {
            shape: root.shape().to_vec(),
        });
    }
    backward_with(root, &Tensor::ones(root.shape()))
    // END SOLUTION
}

/// Like [`backward`], for a root of any shape, seeded with `seed` = ∂loss/∂root (same
/// shape as `root`). `backward(loss)` is `backward_with(loss, ones)`.
///
/// # Errors
/// [`AutogradError::SeedShape`] if the shapes differ;
/// [`AutogradError::NothingRequiresGrad`] if `root` does not require a gradient.
///
/// ```
/// use tinytorch_autograd::backward_with;
/// use tinytorch_tensor::Tensor;
/// let x = Tensor::from_vec(vec![1.0, 2.0], &[2]).unwrap().with_requires_grad(true);
/// let y = x.mul_scalar(10.0);
/// let seed = Tensor::from_vec(vec![1.0, -1.0], &[2]).unwrap();
/// let grads = backward_with(&y, &seed).unwrap();
/// assert_eq!(grads.get(&x).unwrap().to_vec(), vec![10.0, -10.0]);
/// ```
pub fn backward_with(root: &Tensor, seed: &Tensor) -> Result<Gradients, AutogradError> {
    // BEGIN SOLUTION 06.1
    if !root.requires_grad() {
        return Err(AutogradError::NothingRequiresGrad);
    }
    if seed.shape() != root.shape() {
        return Err(AutogradError::SeedShape {
            root: root.shape().to_vec(),
            seed: seed.shape().to_vec(),
        });
    }
    Ok(propagate(root, seed.data().clone()))
    // END SOLUTION
}

/// Every tensor `root` depends on that requires a gradient (`root` included), each once,
/// ordered so that a tensor comes after all of its inputs (a topological order; `root` is
/// last).
///
/// Iterative depth-first search with an explicit stack, never recursion: a graph may be
/// thousands of ops deep (an unrolled loop, a long chain of layers) and a recursive walk
/// would overflow the thread's stack.
///
/// ```
/// use tinytorch_autograd::topological_order;
/// use tinytorch_tensor::Tensor;
/// let x = Tensor::scalar(2.0).with_requires_grad(true);
/// let y = x.mul(&x).exp();
/// let order: Vec<&str> = topological_order(&y)
///     .iter()
///     .map(|t| t.op().map_or("leaf", |op| op.name()))
///     .collect();
/// assert_eq!(order, vec!["leaf", "mul", "exp"]); // x once, although mul reads it twice
/// ```
pub fn topological_order(root: &Tensor) -> Vec<Tensor> {
    // BEGIN SOLUTION 06.1
    let mut order = Vec::new();
    let mut visited: HashSet<TensorId> = HashSet::new();
    if !root.requires_grad() {
        return order;
    }
    // (tensor, whether its inputs have been pushed): a tensor is emitted when it is popped
    // the second time, after everything above it on the stack (its inputs) was emitted.
    let mut stack = vec![(root.clone(), false)];
    while let Some((node, expanded)) = stack.pop() {
        if expanded {
            order.push(node);
            continue;
        }
        if !visited.insert(node.id()) {
            continue;
        }
        let inputs: Vec<Tensor> = node.op().map_or_else(Vec::new, |op| {
            op.inputs()
                .into_iter()
                .filter(|t| t.requires_grad() && !visited.contains(&t.id()))
                .cloned()
                .collect()
        });
        stack.push((node, true));
        stack.extend(inputs.into_iter().map(|t| (t, false)));
    }
    order
    // END SOLUTION
}

/// Walks the graph of `root` from the root down, starting from ∂loss/∂root = `seed`, and
/// returns the gradient of every tensor of `topological_order(root)`.
///
/// The working gradients are plain arrays in a `HashMap<TensorId, ArrayD<f32>>`, summed in
/// place by [`accumulate`]. For a tensor made by `op`, `input_grads(op, tensor, grad)` (the
/// dispatcher, `src/dispatch.rs`) returns one `Option` per entry of `op.inputs()`, `None`
/// for an input that needs no gradient. At the end, each array becomes a
/// `Tensor::from_array`, and `(TensorId, Tensor)` pairs `collect()` into [`Gradients`].
fn propagate(root: &Tensor, seed: ArrayD<f32>) -> Gradients {
    // BEGIN SOLUTION 06.1
    let order = topological_order(root);
    let mut grads: HashMap<TensorId, ArrayD<f32>> = HashMap::with_capacity(order.len());
    grads.insert(root.id(), seed);
    // Reverse topological order: when a tensor is reached, every tensor that read it has
    // already sent its contribution, so its gradient is complete.
    for node in order.iter().rev() {
        let Some(op) = node.op() else { continue }; // a leaf: nothing further back
        let Some(grad) = grads.get(&node.id()) else {
            continue;
        };
        let contributions = input_grads(op, node, grad);
        for (input, contribution) in op.inputs().into_iter().zip(contributions) {
            if let Some(contribution) = contribution {
                accumulate(&mut grads, input.id(), contribution);
            }
        }
    }
    grads
        .into_iter()
        .map(|(id, grad)| (id, Tensor::from_array(grad)))
        .collect()
    // END SOLUTION
}

/// Adds `contribution` to the gradient of tensor `id`: a tensor read by several ops (or
/// twice by one, as in `x * x`) receives one contribution per use, and its gradient is
/// their SUM (the multivariable chain rule).
fn accumulate(grads: &mut HashMap<TensorId, ArrayD<f32>>, id: TensorId, contribution: ArrayD<f32>) {
    // BEGIN SOLUTION 06.1
    match grads.entry(id) {
        Entry::Occupied(mut entry) => *entry.get_mut() += &contribution,
        Entry::Vacant(entry) => {
            entry.insert(contribution);
        }
    }
    // END SOLUTION
}

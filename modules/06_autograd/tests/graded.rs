//! Graded tests for module 06 (Autograd). Test `t06_k_*` grades task 06.k.
//!
//! Two kinds of checks: gradients computed by hand (the arithmetic is in the comments),
//! and gradient checks against central differences (`check_gradients`), which cover every
//! `Op` variant, broadcasting, and batched matmul with broadcast batch axes.

use assert_approx_eq::assert_approx_eq;
use tinytorch_activations::{gelu, log_softmax, relu, sigmoid, softmax, tanh};
use tinytorch_autograd::{
    AutogradError, BackwardExt, GradCheck, Gradients, backward, backward_with, check_gradients,
    reduce_to_shape, topological_order,
};
use tinytorch_layers::{Linear, Module};
use tinytorch_losses::{Reduction, binary_cross_entropy, cross_entropy, mse_loss};
use tinytorch_tensor::testing::{assert_close, assert_slice_close};
use tinytorch_tensor::{Tensor, seeded_rng};

use ndarray::{ArrayD, IxDyn};

/// A constant tensor (no gradient).
fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

/// A leaf that requires a gradient.
fn leaf(values: &[f32], shape: &[usize]) -> Tensor {
    t(values, shape).with_requires_grad(true)
}

/// The gradient of `x`, as a vector; panics if there is none.
fn grad_of(grads: &Gradients, x: &Tensor) -> Vec<f32> {
    grads
        .get(x)
        .expect("this tensor should have a gradient")
        .to_vec()
}

/// Standard-normal test values.
fn randn(shape: &[usize], seed: u64) -> Tensor {
    Tensor::randn(shape, &mut seeded_rng(seed))
}

/// Uniform values in `[low, high)`.
fn uniform(shape: &[usize], low: f32, high: f32, seed: u64) -> Tensor {
    Tensor::rand_uniform(shape, low, high, &mut seeded_rng(seed))
}

/// Distinct values 0.5 apart, in a scrambled order (no ties for max to straddle).
fn distinct(shape: &[usize]) -> Tensor {
    let n: usize = shape.iter().product();
    // 7 is coprime with every n used here, so i -> 7i mod n is a permutation.
    let values: Vec<f32> = (0..n)
        .map(|i| ((i * 7) % n) as f32 * 0.5 - n as f32 / 4.0)
        .collect();
    t(&values, shape)
}

/// [`gradcheck`] for a function of one tensor.
#[track_caller]
fn gradcheck1(f: impl Fn(&Tensor) -> Tensor, x: &Tensor) {
    gradcheck(|xs| f(&xs[0]), std::slice::from_ref(x));
}

/// Runs the gradient checker with default tolerances and fails with its message.
#[track_caller]
fn gradcheck(f: impl Fn(&[Tensor]) -> Tensor, inputs: &[Tensor]) {
    if let Err(e) = check_gradients(f, inputs, GradCheck::default()) {
        panic!("{e}");
    }
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_autograd::editions());
}

// ---- 06.1 the backward driver --------------------------------------------------------

#[test]
fn t06_1_diamond_sums_both_paths() {
    // y = 3x, a = 2y, b = 5y, c = a + b. Both paths from c to x go through y:
    // dc/dy = dc/da·da/dy + dc/db·db/dy = 1·2 + 1·5 = 7, dc/dx = 7·3 = 21.
    // (Overwriting instead of adding would keep only one path: 2·3 = 6 or 5·3 = 15.)
    let x = Tensor::scalar(0.5).with_requires_grad(true);
    let y = x.mul_scalar(3.0);
    let a = y.mul_scalar(2.0);
    let b = y.mul_scalar(5.0);
    let c = a.add(&b);
    let grads = backward(&c).unwrap();
    assert_approx_eq!(grads.get(&x).unwrap().item(), 21.0, 1e-6);
    assert_approx_eq!(grads.get(&y).unwrap().item(), 7.0, 1e-6);
    assert_approx_eq!(grads.get(&a).unwrap().item(), 1.0, 1e-6);
    assert_approx_eq!(grads.get(&b).unwrap().item(), 1.0, 1e-6);
    assert_approx_eq!(grads.get(&c).unwrap().item(), 1.0, 1e-6); // the seed
    assert_eq!(grads.len(), 5, "one gradient per tensor that requires one");
}

#[test]
fn t06_1_a_tensor_used_twice_gets_both_contributions() {
    // z = 2x, w = z + z = 4x: dw/dz = 1 + 1 = 2, dw/dx = 2·2 = 4.
    let x = Tensor::scalar(3.0).with_requires_grad(true);
    let z = x.mul_scalar(2.0);
    let w = z.add(&z);
    let grads = w.backward().unwrap();
    assert_approx_eq!(grads.get(&z).unwrap().item(), 2.0, 1e-6);
    assert_approx_eq!(grads.get(&x).unwrap().item(), 4.0, 1e-6);
}

#[test]
fn t06_1_eight_doublings_give_256() {
    // x -> x + x, eight times: y = 2^8 x, dy/dx = 256. Each step reads its input twice.
    let x = leaf(&[1.0, -2.0], &[2]);
    let mut y = x.clone();
    for _ in 0..8 {
        y = y.add(&y);
    }
    let grads = backward_with(&y, &Tensor::ones(&[2])).unwrap();
    assert_close(grads.get(&x).unwrap(), &[2], &[256.0, 256.0], 0.0);
}

#[test]
fn t06_1_topological_order_lists_each_tensor_once_after_its_inputs() {
    let x = Tensor::scalar(1.0).with_requires_grad(true);
    let constant = Tensor::scalar(4.0); // requires no gradient: not part of the order
    let y = x.mul_scalar(3.0);
    let a = y.mul_scalar(2.0).add(&constant);
    let c = a.add(&y.mul_scalar(5.0));
    let order = topological_order(&c);
    // x, y, 2y, 2y + 4, 5y, c: six tensors, y once although two ops read it.
    assert_eq!(order.len(), 6);
    assert_eq!(order.first().unwrap().id(), x.id());
    assert_eq!(order.last().unwrap().id(), c.id());
    for (position, node) in order.iter().enumerate() {
        for input in node.op().map(|op| op.inputs()).unwrap_or_default() {
            if input.requires_grad() {
                let at = order
                    .iter()
                    .position(|t| t.id() == input.id())
                    .expect("input listed");
                assert!(
                    at < position,
                    "an input must come before the tensor computed from it"
                );
            }
        }
    }
    assert!(order.iter().all(|t| t.id() != constant.id()));
}

#[test]
fn t06_1_the_graph_of_a_small_mlp_has_the_size_the_lesson_counts() {
    // The 64-32-10 MLP on a batch of 64 (README, systems notes). Tensors that require a
    // gradient: 4 parameters (64·32 + 32 + 32·10 + 10 = 2,410 floats) and 7 intermediates
    // (x@W1, +b1, relu: 3·64·32; h@W2, +b2: 2·64·10; per-sample CE: 64; mean: 1 = 7,489).
    let l1 = Linear::new(64, 32, &mut seeded_rng(1));
    let l2 = Linear::new(32, 10, &mut seeded_rng(2));
    let x = randn(&[64, 64], 3);
    let targets: Vec<usize> = (0..64).map(|i| i % 10).collect();
    let logits = l2.forward(&relu(&l1.forward(&x)));
    let loss = cross_entropy(&logits, &targets, Reduction::Mean).unwrap();
    let order = topological_order(&loss);
    assert_eq!(order.len(), 11);
    let leaves = order.iter().filter(|t| t.op().is_none());
    assert_eq!(leaves.map(Tensor::numel).sum::<usize>(), 2_410);
    let floats: usize = order.iter().map(Tensor::numel).sum();
    assert_eq!(
        floats,
        2_410 + 7_489,
        "one gradient float per float of these tensors"
    );
}

#[test]
fn t06_1_a_deep_chain_does_not_overflow_the_stack() {
    // 100,000 ops deep: a recursive topological sort would overflow the 2 MB stack of a
    // test thread. y = x + 1 + 1 + ... : dy/dx = 1.
    let x = Tensor::scalar(0.0).with_requires_grad(true);
    let mut chain = x.clone();
    for _ in 0..100_000 {
        chain = chain.add_scalar(1.0);
    }
    // Dropping a chain this deep recurses in module 01 (each tensor drops its op's inputs)
    // and would itself overflow this thread's stack, also while unwinding from a failed
    // assertion. So the chain is never dropped here: on success it is handed to a thread
    // with a large stack, on failure it leaks. Only `backward` is tested.
    let y = std::mem::ManuallyDrop::new(chain);
    let grads = backward(&y).unwrap();
    assert_eq!(grads.get(&x).unwrap().item(), 1.0);
    assert_eq!(grads.len(), 100_001);
    let y = std::mem::ManuallyDrop::into_inner(y);
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || drop(y))
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn t06_1_a_second_backward_gives_the_same_gradients() {
    // Tensors are immutable and backward does not free the graph: calling it again is
    // defined and gives the same result (nothing accumulates across calls).
    let x = Tensor::scalar(2.0).with_requires_grad(true);
    let y = x.mul_scalar(3.0).add(&x.mul_scalar(4.0)); // 7x
    let first = backward(&y).unwrap();
    let second = backward(&y).unwrap();
    assert_eq!(first.get(&x).unwrap().item(), 7.0);
    assert_eq!(second.get(&x).unwrap().item(), 7.0);
}

#[test]
fn t06_1_only_tensors_that_require_a_gradient_get_one() {
    let w = leaf(&[1.0, 2.0], &[2]);
    let x = t(&[5.0, 6.0], &[2]); // data: no gradient wanted
    let y = w.add(&x).mul_scalar(2.0);
    let grads = backward_with(&y, &t(&[1.0, -1.0], &[2])).unwrap();
    assert_eq!(grad_of(&grads, &w), vec![2.0, -2.0]);
    assert!(grads.get(&x).is_none());
    assert!(
        !grads.get(&w).unwrap().requires_grad(),
        "gradients are plain tensors"
    );
}

#[test]
fn t06_1_non_scalar_root_is_an_error_naming_the_shape() {
    let x = Tensor::zeros(&[2, 3]).with_requires_grad(true);
    let y = x.mul_scalar(2.0);
    let err = backward(&y).unwrap_err();
    assert_eq!(err, AutogradError::NotScalar { shape: vec![2, 3] });
    let message = err.to_string();
    assert!(
        message.contains("[2, 3]") && message.contains("mean_all"),
        "{message}"
    );
    // A one-element tensor of any rank is a scalar loss.
    let one = Tensor::ones(&[1, 1])
        .with_requires_grad(true)
        .mul_scalar(2.0);
    assert!(backward(&one).is_ok());
}

#[test]
fn t06_1_seed_shape_mismatch_is_an_error() {
    let x = Tensor::zeros(&[2, 3]).with_requires_grad(true);
    let y = x.mul_scalar(2.0);
    let err = backward_with(&y, &Tensor::ones(&[3, 2])).unwrap_err();
    assert_eq!(
        err,
        AutogradError::SeedShape {
            root: vec![2, 3],
            seed: vec![3, 2]
        }
    );
    assert!(err.to_string().contains("[3, 2]"), "{err}");
}

#[test]
fn t06_1_a_root_without_gradient_is_an_error() {
    let y = Tensor::scalar(1.0).mul_scalar(2.0); // nothing requires a gradient
    let err = backward(&y).unwrap_err();
    assert_eq!(err, AutogradError::NothingRequiresGrad);
    assert!(err.to_string().contains("requires_grad"), "{err}");
}

// ---- 06.2 broadcast reduction ----------------------------------------------------------

fn array(values: &[f32], shape: &[usize]) -> ArrayD<f32> {
    ArrayD::from_shape_vec(IxDyn(shape), values.to_vec()).unwrap()
}

fn values(a: &ArrayD<f32>) -> Vec<f32> {
    a.iter().copied().collect()
}

#[test]
fn t06_2_reduce_to_shape_sums_broadcast_axes() {
    let g = array(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    // [2, 3] -> [3]: the leading axis was added, sum the rows: [1+4, 2+5, 3+6].
    let r = reduce_to_shape(g.clone(), &[3]);
    assert_eq!((r.shape(), values(&r)), (&[3][..], vec![5.0, 7.0, 9.0]));
    // [2, 3] -> [1, 3]: axis 0 was stretched from 1: same sums, axis kept.
    let r = reduce_to_shape(g.clone(), &[1, 3]);
    assert_eq!((r.shape(), values(&r)), (&[1, 3][..], vec![5.0, 7.0, 9.0]));
    // [2, 3] -> [2, 1]: sum each row: [1+2+3, 4+5+6].
    let r = reduce_to_shape(g.clone(), &[2, 1]);
    assert_eq!((r.shape(), values(&r)), (&[2, 1][..], vec![6.0, 15.0]));
    // [2, 3] -> []: a scalar was used everywhere: the total, 21.
    let r = reduce_to_shape(g.clone(), &[]);
    assert_eq!((r.shape(), values(&r)), (&[][..], vec![21.0]));
    // Same shape: unchanged.
    assert_eq!(reduce_to_shape(g.clone(), &[2, 3]), g);
}

#[test]
fn t06_2_reduce_to_shape_handles_both_rules_at_once() {
    // [2, 3, 2] -> [3, 1]: sum the leading axis, then the last axis (kept).
    // Element [i, j, k] = 6i + 2j + k. Sum over i and k for each j:
    // j=0: (0+1) + (6+7) = 14; j=1: (2+3) + (8+9) = 22; j=2: (4+5) + (10+11) = 30.
    let g = ArrayD::from_shape_fn(IxDyn(&[2, 3, 2]), |ix| {
        (6 * ix[0] + 2 * ix[1] + ix[2]) as f32
    });
    let r = reduce_to_shape(g, &[3, 1]);
    assert_eq!(r.shape(), &[3, 1]);
    assert_eq!(values(&r), vec![14.0, 22.0, 30.0]);
}

#[test]
#[should_panic(expected = "cannot come from broadcasting")]
fn t06_2_an_impossible_reduction_panics_with_both_shapes() {
    let _ = reduce_to_shape(ArrayD::zeros(IxDyn(&[4, 3])), &[4]);
}

#[test]
fn t06_2_bias_gradient_is_summed_over_the_batch() {
    // y = x + b with x: [4, 3] (data) and b: [3]. Each b_j is added to 4 rows, so
    // ∂L/∂b_j is the sum of column j of the upstream gradient G:
    // G = [[1,0,2],[0,1,2],[1,1,2],[3,0,2]] -> db = [1+0+1+3, 0+1+1+0, 2·4] = [5, 2, 8].
    let x = randn(&[4, 3], 1);
    let b = leaf(&[0.1, 0.2, 0.3], &[3]);
    let y = x.add(&b);
    let seed = t(
        &[1.0, 0.0, 2.0, 0.0, 1.0, 2.0, 1.0, 1.0, 2.0, 3.0, 0.0, 2.0],
        &[4, 3],
    );
    let grads = backward_with(&y, &seed).unwrap();
    assert_close(grads.get(&b).unwrap(), &[3], &[5.0, 2.0, 8.0], 1e-6);
}

#[test]
fn t06_2_outer_sum_of_a_column_and_a_row() {
    // y = c + r, c: [2, 1], r: [1, 3] -> [2, 3]; with a seed of ones, dc = [3, 3] (each c_i
    // is used by 3 columns) and dr = [2, 2, 2] (each r_j by 2 rows).
    let c = leaf(&[1.0, 2.0], &[2, 1]);
    let r = leaf(&[10.0, 20.0, 30.0], &[1, 3]);
    let grads = backward_with(&c.add(&r), &Tensor::ones(&[2, 3])).unwrap();
    assert_close(grads.get(&c).unwrap(), &[2, 1], &[3.0, 3.0], 0.0);
    assert_close(grads.get(&r).unwrap(), &[1, 3], &[2.0, 2.0, 2.0], 0.0);
}

// ---- 06.3 elementwise and scalar ops ---------------------------------------------------

#[test]
fn t06_3_x_times_w_squared() {
    // y = x·w = 2·3 = 6, L = y·y = 36. dL/dy = 2y = 12 (y is used twice: 6 + 6),
    // dL/dw = 12·x = 24, dL/dx = 12·w = 36.
    let x = Tensor::scalar(2.0).with_requires_grad(true);
    let w = Tensor::scalar(3.0).with_requires_grad(true);
    let y = x.mul(&w);
    let loss = y.mul(&y);
    let grads = backward(&loss).unwrap();
    assert_approx_eq!(grads.get(&y).unwrap().item(), 12.0, 1e-6);
    assert_approx_eq!(grads.get(&w).unwrap().item(), 24.0, 1e-6);
    assert_approx_eq!(grads.get(&x).unwrap().item(), 36.0, 1e-6);
}

#[test]
fn t06_3_sub_mul_div_by_hand() {
    let a = leaf(&[1.0, 2.0, 3.0, 4.0], &[2, 2]);
    let b = leaf(&[2.0, 4.0, 5.0, 8.0], &[2, 2]);
    let ones = Tensor::ones(&[2, 2]);
    // d(a - b): +1 for a, -1 for b.
    let grads = backward_with(&a.sub(&b), &ones).unwrap();
    assert_eq!(grad_of(&grads, &a), vec![1.0; 4]);
    assert_eq!(grad_of(&grads, &b), vec![-1.0; 4]);
    // d(a·b): da = b, db = a.
    let grads = backward_with(&a.mul(&b), &ones).unwrap();
    assert_eq!(grad_of(&grads, &a), vec![2.0, 4.0, 5.0, 8.0]);
    assert_eq!(grad_of(&grads, &b), vec![1.0, 2.0, 3.0, 4.0]);
    // d(a/b): da = 1/b = [0.5, 0.25, 0.2, 0.125], db = -a/b² = [-1/4, -2/16, -3/25, -4/64].
    let grads = backward_with(&a.div(&b), &ones).unwrap();
    assert_slice_close(&grad_of(&grads, &a), &[0.5, 0.25, 0.2, 0.125], 1e-6);
    assert_slice_close(&grad_of(&grads, &b), &[-0.25, -0.125, -0.12, -0.0625], 1e-6);
}

#[test]
fn t06_3_division_by_a_broadcast_row() {
    // y = a / b, a: [2, 2] = [[1, 2], [3, 4]], b: [2] = [2, 4], seed ones.
    // da = 1/b per column: [[0.5, 0.25], [0.5, 0.25]].
    // db_j = Σ_i -a_ij / b_j²: column 0: -(1 + 3)/4 = -1, column 1: -(2 + 4)/16 = -0.375.
    let a = leaf(&[1.0, 2.0, 3.0, 4.0], &[2, 2]);
    let b = leaf(&[2.0, 4.0], &[2]);
    let grads = backward_with(&a.div(&b), &Tensor::ones(&[2, 2])).unwrap();
    assert_close(
        grads.get(&a).unwrap(),
        &[2, 2],
        &[0.5, 0.25, 0.5, 0.25],
        1e-6,
    );
    assert_close(grads.get(&b).unwrap(), &[2], &[-1.0, -0.375], 1e-6);
}

#[test]
fn t06_3_math_functions_by_hand() {
    let ones = |n: usize| Tensor::ones(&[n]);
    // d e^x = e^x: at [0, 1] -> [1, e].
    let x = leaf(&[0.0, 1.0], &[2]);
    let g = backward_with(&x.exp(), &ones(2)).unwrap();
    assert_slice_close(&grad_of(&g, &x), &[1.0, std::f32::consts::E], 1e-6);
    // d ln x = 1/x: at [0.5, 2] -> [2, 0.5].
    let x = leaf(&[0.5, 2.0], &[2]);
    let g = backward_with(&x.log(), &ones(2)).unwrap();
    assert_slice_close(&grad_of(&g, &x), &[2.0, 0.5], 1e-6);
    // d √x = 1/(2√x): at [4, 0.25] -> [1/4, 1].
    let x = leaf(&[4.0, 0.25], &[2]);
    let g = backward_with(&x.sqrt(), &ones(2)).unwrap();
    assert_slice_close(&grad_of(&g, &x), &[0.25, 1.0], 1e-6);
    // d x³ = 3x²: at [2, -3] -> [12, 27].
    let x = leaf(&[2.0, -3.0], &[2]);
    let g = backward_with(&x.powf(3.0), &ones(2)).unwrap();
    assert_slice_close(&grad_of(&g, &x), &[12.0, 27.0], 1e-5);
    // clamp to [-1, 1]: slope 1 inside (bounds included), 0 where cut off.
    let x = leaf(&[-2.0, -0.5, 1.0, 3.0], &[4]);
    let g = backward_with(&x.clamp(-1.0, 1.0), &ones(4)).unwrap();
    assert_eq!(grad_of(&g, &x), vec![0.0, 1.0, 1.0, 0.0]);
    // ln(e^x) = x: the chain of two rules has slope 1.
    let x = leaf(&[-1.0, 0.5], &[2]);
    let g = backward_with(&x.exp().log(), &ones(2)).unwrap();
    assert_slice_close(&grad_of(&g, &x), &[1.0, 1.0], 1e-6);
}

#[test]
fn t06_3_gradcheck_binary_ops_with_broadcasting() {
    let (a, row, col) = (randn(&[2, 3], 1), randn(&[3], 2), randn(&[2, 1], 3));
    let positive_row = uniform(&[3], 0.5, 2.0, 4);
    let positive_col = uniform(&[2, 1], 0.5, 2.0, 5);
    gradcheck(|x| x[0].sub(&x[1]), &[a.clone(), row.clone()]);
    gradcheck(|x| x[1].sub(&x[0]), &[a.clone(), col.clone()]);
    gradcheck(|x| x[0].mul(&x[1]), &[a.clone(), row.clone()]);
    gradcheck(|x| x[0].mul(&x[1]), &[col.clone(), row.reshape(&[1, 3])]);
    gradcheck(|x| x[0].div(&x[1]), &[a.clone(), positive_row]);
    gradcheck(|x| x[0].div(&x[1]), &[a.clone(), positive_col]);
    gradcheck(|x| x[0].add(&x[1]).mul(&x[0]), &[a, row]);
}

#[test]
fn t06_3_gradcheck_unary_and_scalar_ops() {
    let x = randn(&[2, 3], 6);
    let positive = uniform(&[2, 3], 0.5, 2.0, 7);
    gradcheck1(|x| x.exp(), &x);
    gradcheck1(|x| x.log(), &positive);
    gradcheck1(|x| x.sqrt(), &positive);
    gradcheck1(|x| x.powf(2.5), &positive);
    gradcheck1(|x| x.powf(-1.5), &positive);
    // Values at least 0.1 from the bounds ±0.6, so that x ± eps stays on one side.
    let spread = t(&[-1.5, -0.4, 0.0, 0.3, 0.9, 2.0], &[2, 3]);
    gradcheck1(|x| x.clamp(-0.6, 0.6).mul(x), &spread);
    gradcheck1(
        |x| x.neg().add_scalar(0.5).mul_scalar(3.0).mul(x).exp(),
        &x.mul_scalar(0.5),
    );
}

#[test]
fn t06_3_mse_and_bce_gradients() {
    // MSE = mean((p - t)²): dp = 2(p - t)/N = 2·[1, 0, -2]/3.
    let p = leaf(&[1.0, 2.0, 3.0], &[3]);
    let target = t(&[0.0, 2.0, 5.0], &[3]);
    let grads = backward(&mse_loss(&p, &target, Reduction::Mean)).unwrap();
    assert_slice_close(&grad_of(&grads, &p), &[2.0 / 3.0, 0.0, -4.0 / 3.0], 1e-6);
    // BCE = -mean(t ln p + (1 - t) ln(1 - p)): dp = (p - t) / (p(1 - p)N).
    // p = [0.25, 0.5], t = [1, 0], N = 2: [(-0.75)/(0.1875·2), 0.5/(0.25·2)] = [-2, 1].
    let p = leaf(&[0.25, 0.5], &[2]);
    let grads = backward(&binary_cross_entropy(
        &p,
        &t(&[1.0, 0.0], &[2]),
        Reduction::Mean,
    ))
    .unwrap();
    assert_slice_close(&grad_of(&grads, &p), &[-2.0, 1.0], 1e-5);
}

// ---- 06.4 matmul and shape ops ---------------------------------------------------------

#[test]
fn t06_4_matmul_backward_by_hand() {
    // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]], upstream G = [[1, 0], [0, 2]].
    // dA = G @ Bᵀ = [[1, 0], [0, 2]] @ [[5, 7], [6, 8]] = [[5, 7], [12, 16]].
    // dB = Aᵀ @ G = [[1, 3], [2, 4]] @ [[1, 0], [0, 2]] = [[1, 6], [2, 8]].
    let a = leaf(&[1.0, 2.0, 3.0, 4.0], &[2, 2]);
    let b = leaf(&[5.0, 6.0, 7.0, 8.0], &[2, 2]);
    let seed = t(&[1.0, 0.0, 0.0, 2.0], &[2, 2]);
    let grads = backward_with(&a.matmul(&b), &seed).unwrap();
    assert_close(
        grads.get(&a).unwrap(),
        &[2, 2],
        &[5.0, 7.0, 12.0, 16.0],
        1e-6,
    );
    assert_close(grads.get(&b).unwrap(), &[2, 2], &[1.0, 6.0, 2.0, 8.0], 1e-6);
}

#[test]
fn t06_4_linear_layer_gradients() {
    // y = x @ W + b, x: [2, 2] = [[1, 2], [3, 4]], W: [2, 1], b: [1], seed ones [2, 1].
    // dW = xᵀ @ ones = column sums of x = [4, 6]; db = Σ over the batch = 2.
    let w = t(&[0.5, -0.5], &[2, 1]);
    let layer = Linear::from_parameters(w, Some(t(&[0.1], &[1]))).unwrap();
    let x = t(&[1.0, 2.0, 3.0, 4.0], &[2, 2]);
    let y = layer.forward(&x);
    let grads = backward_with(&y, &Tensor::ones(&[2, 1])).unwrap();
    assert_close(
        grads.for_parameter(layer.weight()).unwrap(),
        &[2, 1],
        &[4.0, 6.0],
        1e-6,
    );
    assert_close(
        grads.for_parameter(layer.bias().unwrap()).unwrap(),
        &[1],
        &[2.0],
        1e-6,
    );
    assert!(
        grads.get(&x).is_none(),
        "the data needs no gradient, and none is computed"
    );
}

#[test]
fn t06_4_gradcheck_matmul_shapes() {
    // 2-D, non-square: [2, 3] @ [3, 4].
    gradcheck(
        |x| x[0].matmul(&x[1]),
        &[randn(&[2, 3], 10), randn(&[3, 4], 11)],
    );
    // A batch against one shared matrix: [2, 2, 3] @ [3, 2] (the weight's gradient sums
    // over the batch).
    gradcheck(
        |x| x[0].matmul(&x[1]),
        &[randn(&[2, 2, 3], 12), randn(&[3, 2], 13)],
    );
    // Broadcast batch axes on both sides: [2, 1, 2, 3] @ [3, 3, 2] -> [2, 3, 2, 2].
    gradcheck(
        |x| x[0].matmul(&x[1]),
        &[randn(&[2, 1, 2, 3], 14), randn(&[3, 3, 2], 15)],
    );
    // A vector on either side (module 01 reshapes it to a matrix and back).
    gradcheck(
        |x| x[0].matmul(&x[1]),
        &[randn(&[3], 16), randn(&[3, 2], 17)],
    );
    gradcheck(
        |x| x[0].matmul(&x[1]),
        &[randn(&[2, 3], 18), randn(&[3], 19)],
    );
}

#[test]
fn t06_4_reshape_and_permute_by_hand() {
    // reshape [2, 3] -> [3, 2]: the seed 0..6 lands back in the same row-major order.
    let x = leaf(&[0.0; 6], &[2, 3]);
    let seed = Tensor::arange(0.0, 6.0, 1.0).reshape(&[3, 2]);
    let grads = backward_with(&x.reshape(&[3, 2]), &seed).unwrap();
    assert_close(
        grads.get(&x).unwrap(),
        &[2, 3],
        &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        0.0,
    );
    // permute [1, 2, 3] by [2, 0, 1] -> [3, 1, 2]: y[i, j, k] = x[j, k, i], so
    // dx[0, k, i] = seed[i, 0, k] = 2i + k: row-major over (k, i): [0, 2, 4, 1, 3, 5].
    let x = leaf(&[0.0; 6], &[1, 2, 3]);
    let seed = Tensor::arange(0.0, 6.0, 1.0).reshape(&[3, 1, 2]);
    let grads = backward_with(&x.permute(&[2, 0, 1]), &seed).unwrap();
    assert_close(
        grads.get(&x).unwrap(),
        &[1, 2, 3],
        &[0.0, 2.0, 4.0, 1.0, 3.0, 5.0],
        0.0,
    );
}

#[test]
fn t06_4_gradcheck_shape_ops() {
    let x = randn(&[2, 3, 4], 20);
    gradcheck1(|x| x.reshape(&[4, 6]), &x);
    gradcheck1(|x| x.permute(&[2, 0, 1]), &x);
    gradcheck1(|x| x.permute(&[1, 2, 0]), &x);
    gradcheck1(|x| x.transpose(0, 2).reshape(&[24]), &x);
    gradcheck1(|x| x.t().matmul(x), &randn(&[3, 2], 21));
}

// ---- 06.5 reductions -------------------------------------------------------------------

#[test]
fn t06_5_sum_sends_the_gradient_to_every_element() {
    let x = leaf(&[0.0; 9], &[3, 3]);
    // Row sums (axis 1, dropped): seed [1, 2, 3] goes to every element of its row.
    let grads = backward_with(&x.sum(1, false), &t(&[1.0, 2.0, 3.0], &[3])).unwrap();
    assert_eq!(
        grad_of(&grads, &x),
        vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0]
    );
    // Column sums (axis 0, kept): seed [[1, 2, 3]] goes to every element of its column.
    let grads = backward_with(&x.sum(0, true), &t(&[1.0, 2.0, 3.0], &[1, 3])).unwrap();
    assert_eq!(
        grad_of(&grads, &x),
        vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0]
    );
    // Everything: ones.
    let grads = backward(&x.sum_all()).unwrap();
    assert_eq!(grad_of(&grads, &x), vec![1.0; 9]);
}

#[test]
fn t06_5_mean_divides_by_the_count() {
    // mean over axis 1 of [2, 4]: each element counts 1/4; seed [1, 2] -> 0.25 and 0.5.
    let x = leaf(&[0.0; 8], &[2, 4]);
    let grads = backward_with(&x.mean(1, false), &t(&[1.0, 2.0], &[2])).unwrap();
    assert_eq!(
        grad_of(&grads, &x),
        vec![0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.5, 0.5]
    );
    // mean of all 8 elements: 1/8 each.
    let grads = backward(&x.mean_all()).unwrap();
    assert_eq!(grad_of(&grads, &x), vec![0.125; 8]);
}

#[test]
fn t06_5_max_sends_the_gradient_to_the_winner() {
    // Row maxima of [[1, 5, 2], [7, 0, 3]] are 5 (column 1) and 7 (column 0).
    let x = leaf(&[1.0, 5.0, 2.0, 7.0, 0.0, 3.0], &[2, 3]);
    let grads = backward_with(&x.max(1, false), &t(&[1.0, 2.0], &[2])).unwrap();
    assert_eq!(grad_of(&grads, &x), vec![0.0, 1.0, 0.0, 2.0, 0.0, 0.0]);
    let grads = backward_with(&x.max(0, true), &t(&[1.0, 2.0, 3.0], &[1, 3])).unwrap();
    assert_eq!(grad_of(&grads, &x), vec![0.0, 2.0, 0.0, 1.0, 0.0, 3.0]);
    // A tie splits the gradient evenly between the winners.
    let x = leaf(&[1.0, 3.0, 3.0], &[3]);
    let grads = backward(&x.max_all()).unwrap();
    assert_eq!(grad_of(&grads, &x), vec![0.0, 0.5, 0.5]);
}

#[test]
fn t06_5_gradcheck_reductions() {
    let x = randn(&[2, 3, 4], 30);
    for axis in [0, 1, 2] {
        for keepdim in [false, true] {
            gradcheck1(|x| x.sum(axis, keepdim), &x);
            gradcheck1(|x| x.mean(axis, keepdim), &x);
            gradcheck1(|x| x.max(axis, keepdim), &distinct(&[2, 3, 4]));
        }
    }
    gradcheck1(|x| x.sum_all(), &x);
    gradcheck1(|x| x.mean_all(), &x);
    gradcheck1(|x| x.max_all(), &distinct(&[2, 3, 4]));
    // The classic normalization: x - mean(x) over the last axis, kept for broadcasting.
    gradcheck1(|x| x.sub(&x.mean(-1, true)), &x);
}

// ---- 06.6 activations and losses -------------------------------------------------------

#[test]
fn t06_6_relu_has_slope_0_at_its_kink() {
    // At x = 0 exactly (and -0.0) the slope is 0, as in PyTorch: `x > 0`, not `x >= 0`.
    let x = leaf(&[0.0, -0.0, 1e-30, -1e-30], &[4]);
    let g = backward_with(&relu(&x), &Tensor::ones(&[4])).unwrap();
    assert_eq!(grad_of(&g, &x), vec![0.0, 0.0, 1.0, 0.0]);
}

#[test]
fn t06_6_pointwise_activations_by_hand() {
    let ones = |n: usize| Tensor::ones(&[n]);
    // ReLU: slope 1 for x > 0, 0 otherwise.
    let x = leaf(&[-1.0, 0.5, 2.0, -0.1], &[4]);
    let g = backward_with(&relu(&x), &ones(4)).unwrap();
    assert_eq!(grad_of(&g, &x), vec![0.0, 1.0, 1.0, 0.0]);
    // Sigmoid: σ(0) = 1/2 -> 1/4; σ(ln 3) = 3/4 -> 3/4·1/4 = 0.1875.
    let x = leaf(&[0.0, 3f32.ln()], &[2]);
    let g = backward_with(&sigmoid(&x), &ones(2)).unwrap();
    assert_slice_close(&grad_of(&g, &x), &[0.25, 0.1875], 1e-6);
    // Tanh: tanh(0) = 0 -> 1; tanh(atanh 0.5) = 0.5 -> 1 - 0.25 = 0.75.
    let x = leaf(&[0.0, 0.5f32.atanh()], &[2]);
    let g = backward_with(&tanh(&x), &ones(2)).unwrap();
    assert_slice_close(&grad_of(&g, &x), &[1.0, 0.75], 1e-6);
    // GELU (tanh form): GELU'(0) = 1/2; GELU'(1) = 0.5(1 + t) + 0.5(1 - t²)·c·(1 + 3·0.044715)
    // with c = √(2/π), t = tanh(c·1.044715) = 0.6829: 1.0829641. GELU(x) - GELU(-x) = x,
    // so GELU'(-1) = 1 - GELU'(1) = -0.0829641.
    let x = leaf(&[0.0, 1.0, -1.0], &[3]);
    let g = backward_with(&gelu(&x), &ones(3)).unwrap();
    assert_slice_close(&grad_of(&g, &x), &[0.5, 1.082_964_1, -0.082_964_1], 1e-5);
}

#[test]
fn t06_6_softmax_backward_with_a_non_uniform_upstream() {
    // x = [0, 0, ln 2] -> s = [1/4, 1/4, 1/2]. Upstream g = [1, 2, 3]: Σ g·s = 2.25, and
    // dx = s·(g - 2.25) = [0.25·(-1.25), 0.25·(-0.25), 0.5·0.75] = [-0.3125, -0.0625, 0.375].
    // (A uniform upstream would give zero whatever the rule: softmax sums to 1.)
    let x = leaf(&[0.0, 0.0, 2f32.ln()], &[1, 3]);
    let g = backward_with(&softmax(&x, -1), &t(&[1.0, 2.0, 3.0], &[1, 3])).unwrap();
    assert_close(
        g.get(&x).unwrap(),
        &[1, 3],
        &[-0.3125, -0.0625, 0.375],
        1e-6,
    );
    // log-softmax, same x and g: dx = g - s·Σg = [1, 2, 3] - 6·[0.25, 0.25, 0.5] = [-0.5, 0.5, 0].
    let g = backward_with(&log_softmax(&x, -1), &t(&[1.0, 2.0, 3.0], &[1, 3])).unwrap();
    assert_close(g.get(&x).unwrap(), &[1, 3], &[-0.5, 0.5, 0.0], 1e-6);
}

#[test]
fn t06_6_cross_entropy_gradient_is_softmax_minus_onehot_over_batch() {
    // Row 0: logits [0, 0, ln 2] -> softmax [1/4, 1/4, 1/2], target 2: [1/4, 1/4, -1/2].
    // Row 1: logits [ln 3, 0, 0] -> softmax [3/5, 1/5, 1/5], target 0: [-2/5, 1/5, 1/5].
    // Mean over B = 2 halves both rows.
    let logits = leaf(&[0.0, 0.0, 2f32.ln(), 3f32.ln(), 0.0, 0.0], &[2, 3]);
    let loss = cross_entropy(&logits, &[2, 0], Reduction::Mean).unwrap();
    let grads = backward(&loss).unwrap();
    let expected = [0.125, 0.125, -0.25, -0.2, 0.1, 0.1];
    assert_close(grads.get(&logits).unwrap(), &[2, 3], &expected, 1e-6);
    // Summed instead of averaged: twice as large.
    let loss = cross_entropy(&logits, &[2, 0], Reduction::Sum).unwrap();
    let grads = backward(&loss).unwrap();
    let doubled: Vec<f32> = expected.iter().map(|v| 2.0 * v).collect();
    assert_close(grads.get(&logits).unwrap(), &[2, 3], &doubled, 1e-6);
}

#[test]
fn t06_6_gradcheck_activations() {
    let x = randn(&[2, 4], 40);
    // ReLU away from its kink at 0.
    let away_from_zero = t(&[-1.5, -0.3, 0.2, 0.7, 1.1, -0.8, 0.4, -2.0], &[2, 4]);
    gradcheck1(relu, &away_from_zero);
    gradcheck1(sigmoid, &x);
    gradcheck1(tanh, &x);
    gradcheck1(gelu, &x.mul_scalar(2.0));
    for axis in [0, 1] {
        gradcheck1(|x| softmax(x, axis), &x);
        gradcheck1(|x| log_softmax(x, axis), &x);
    }
    // Softmax along the middle axis of a 3-D tensor (attention scores look like this).
    gradcheck1(|x| softmax(x, 1), &randn(&[2, 3, 2], 41));
}

#[test]
fn t06_6_gradcheck_cross_entropy() {
    let logits = randn(&[4, 5], 50);
    let targets = [0, 4, 2, 2];
    for reduction in [Reduction::None, Reduction::Mean, Reduction::Sum] {
        gradcheck1(|x| cross_entropy(x, &targets, reduction).unwrap(), &logits);
    }
}

#[test]
fn t06_6_gradcheck_a_whole_mlp() {
    // loss = CE(relu(x @ W1 + b1) @ W2 + b2): every parameter checked at once.
    let x = randn(&[3, 4], 60);
    let params = [
        randn(&[4, 5], 61),
        randn(&[5], 62),
        randn(&[5, 3], 63),
        randn(&[3], 64),
    ];
    let mlp = |p: &[Tensor]| {
        let hidden = relu(&x.matmul(&p[0]).add(&p[1]));
        let logits = hidden.matmul(&p[2]).add(&p[3]);
        cross_entropy(&logits, &[0, 2, 1], Reduction::Mean).unwrap()
    };
    let report =
        check_gradients(mlp, &params, GradCheck::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.elements, 20 + 5 + 15 + 3);
}

//! Ungraded tests of the shared code: shape panics, input validation and its messages,
//! the kernel enum. (They pass on the stubs too, so they are not graded.)

use ndarray::{Array2, array};
use tinytorch_acceleration::{
    AccelError, Activation, FusedLinear, Kernel, batched_forward, linear_bias_act, matmul_ndarray,
    thread_pool, unfused_scaled_masked_softmax,
};
use tinytorch_layers::{Linear, Module};
use tinytorch_tensor::{Tensor, seeded_rng};

#[test]
#[should_panic(expected = "matmul_naive: inner sizes differ: a is [2, 3] and b is [4, 5]")]
fn naive_names_both_shapes() {
    Kernel::Naive.run(Array2::zeros((2, 3)).view(), Array2::zeros((4, 5)).view());
}

#[test]
#[should_panic(expected = "matmul_blocked: the block size must be at least 1")]
fn blocked_rejects_block_zero() {
    Kernel::Blocked(0).run(Array2::zeros((2, 2)).view(), Array2::zeros((2, 2)).view());
}

#[test]
#[should_panic(expected = "linear_bias_act: bias has 2 entries but the output has 3 columns")]
fn fused_linear_checks_the_bias() {
    let x = Array2::<f32>::zeros((1, 2));
    let w = Array2::<f32>::zeros((2, 3));
    linear_bias_act(
        x.view(),
        w.view(),
        array![0.0_f32, 0.0].view(),
        Activation::Relu,
    );
}

#[test]
#[should_panic(expected = "does not broadcast to the scores [2, 3]")]
fn softmax_checks_the_mask() {
    let s = Array2::<f32>::zeros((2, 3)).into_dyn();
    let mask = Array2::<f32>::zeros((2, 2)).into_dyn();
    unfused_scaled_masked_softmax(s.view(), 1.0, Some(mask.view()));
}

#[test]
fn unfused_softmax_fully_masked_row_is_zeros() {
    let inf = f32::NEG_INFINITY;
    let s = array![[1.0_f32, 2.0], [0.0, 0.0]].into_dyn();
    let mask = array![[inf, inf], [0.0, 0.0]].into_dyn();
    let p = unfused_scaled_masked_softmax(s.view(), 1.0, Some(mask.view()));
    assert_eq!(p, array![[0.0_f32, 0.0], [0.5, 0.5]].into_dyn());
}

#[test]
fn ndarray_kernel_and_names() {
    let (a, b) = (array![[1.0_f32, 2.0]], array![[3.0_f32], [4.0]]);
    assert_eq!(matmul_ndarray(a.view(), b.view()), array![[11.0_f32]]);
    assert_eq!(Kernel::Blocked(64).to_string(), "blocked 64x64");
    assert_eq!(Kernel::Parallel(2).to_string(), "parallel, 2 row chunks");
}

#[test]
fn thread_pool_validates_the_count() {
    assert_eq!(thread_pool(0).unwrap_err(), AccelError::ZeroThreads);
    assert_eq!(thread_pool(2).unwrap().current_num_threads(), 2);
    let msg = AccelError::ZeroThreads.to_string();
    assert!(msg.contains("at least 1 thread"), "{msg}");
}

#[test]
fn batched_forward_validates_its_input() {
    let model = Linear::new(3, 2, &mut seeded_rng(0));
    let samples = vec![Tensor::ones(&[3]), Tensor::ones(&[3]), Tensor::ones(&[4])];
    assert_eq!(
        batched_forward(&model, &samples[..1], 0).unwrap_err(),
        AccelError::ZeroBatchSize
    );
    let err = batched_forward(&model, &samples, 2).unwrap_err();
    assert_eq!(
        err,
        AccelError::SampleShape {
            index: 2,
            expected: vec![3],
            found: vec![4]
        }
    );
    assert!(
        err.to_string()
            .contains("sample 2 has shape [4] but sample 0 has [3]")
    );
}

#[test]
fn fused_linear_name_and_parameters() {
    let linear = Linear::new(4, 3, &mut seeded_rng(0));
    let fused = FusedLinear::new(linear.clone(), Activation::Gelu);
    assert_eq!(fused.name(), "FusedLinear(4 -> 3, gelu)");
    assert_eq!(fused.num_parameters(), linear.num_parameters());
    assert!(fused.parameters()[0].ptr_eq(&linear.parameters()[0]));
    assert_eq!(fused.activation(), Activation::Gelu);
}

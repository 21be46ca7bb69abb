//! Course infrastructure (not graded): a very deep graph is dropped without recursion.

use tinytorch_tensor::{Op, Tensor};

#[test]
fn dropping_a_100k_deep_graph_does_not_overflow_the_stack() {
    let mut x = Tensor::scalar(1.0).with_requires_grad(true);
    for _ in 0..100_000 {
        let data = x.data().mapv(|v| -v);
        let input = x.clone();
        x = Tensor::from_op(data, &[&input], || Op::Neg(input.clone()));
    }
    assert_eq!(x.op().map(Op::name), Some("neg"));
    drop(x); // recursive drop would overflow the 2 MiB test-thread stack here
}

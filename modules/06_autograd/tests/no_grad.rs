//! Course infrastructure (not graded): freezing parameters gives a graph-free inference path.

use tinytorch_activations::Relu;
use tinytorch_autograd::{backward, no_grad, set_requires_grad};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_tensor::{Tensor, seeded_rng};

#[test]
fn a_frozen_model_records_nothing_and_no_grad_restores_the_flags() {
    let mut rng = seeded_rng(1);
    let model = Sequential::new()
        .add(Linear::new(4, 3, &mut rng))
        .add(Relu)
        .add(Linear::new(3, 2, &mut rng));
    let x = Tensor::ones(&[2, 4]);
    assert!(
        model.forward(&x).op().is_some(),
        "trainable parameters are recorded"
    );
    let out = no_grad(&model, |m| m.forward(&x));
    assert!(out.op().is_none(), "frozen parameters record nothing");
    assert!(model.parameters().iter().all(|p| p.get().requires_grad()));
}

#[test]
fn only_unfrozen_layers_get_gradients() {
    let mut rng = seeded_rng(2);
    let first = Linear::new(4, 3, &mut rng);
    let second = Linear::new(3, 1, &mut rng);
    set_requires_grad(&first.parameters(), false);
    let loss = second
        .forward(&first.forward(&Tensor::ones(&[2, 4])))
        .sum_all();
    let grads = backward(&loss).expect("the second layer requires grad");
    assert!(grads.for_parameter(first.weight()).is_none());
    assert!(grads.for_parameter(second.weight()).is_some());
}

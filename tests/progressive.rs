//! Progressive integration: modules 01–07 used together through the umbrella crate, the
//! way a student's chain is used by the milestones. A network learns XOR, which no linear
//! model can: this only passes if tensors, activations, layers, losses, autograd and the
//! optimizer all work together.

use tinytorch::activations::Tanh;
use tinytorch::autograd::{backward, no_grad};
use tinytorch::layers::{Linear, Module, Sequential};
use tinytorch::losses::{Reduction, cross_entropy};
use tinytorch::optimizers::{Adam, AdamConfig, Optimizer};
use tinytorch::tensor::{Tensor, seeded_rng};

#[test]
fn an_mlp_learns_xor_end_to_end() {
    let mut rng = seeded_rng(1986);
    let model = Sequential::new()
        .add(Linear::new(2, 8, &mut rng))
        .add(Tanh)
        .add(Linear::new(8, 2, &mut rng));
    let inputs = Tensor::from_vec(vec![0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0], &[4, 2]).unwrap();
    let labels = [0, 1, 1, 0];
    let mut optimizer = Adam::new(model.parameters(), AdamConfig::default().lr(0.05)).unwrap();

    let mut first_loss = None;
    let mut last_loss = f32::NAN;
    for _ in 0..300 {
        let loss = cross_entropy(&model.forward(&inputs), &labels, Reduction::Mean).unwrap();
        last_loss = loss.item();
        first_loss.get_or_insert(last_loss);
        let grads = backward(&loss).unwrap();
        optimizer.step(&grads);
    }
    // ln 2 = 0.693 is the loss of a network that has learned nothing.
    assert!((first_loss.unwrap() - std::f32::consts::LN_2).abs() < 0.3);
    assert!(last_loss < 0.05, "XOR loss after training: {last_loss}");

    let logits = no_grad(&model, |m| m.forward(&inputs));
    assert!(logits.op().is_none(), "inference records no graph");
    let predictions: Vec<usize> = (0..4)
        .map(|i| {
            let row = &logits.to_vec()[2 * i..2 * i + 2];
            usize::from(row[1] > row[0])
        })
        .collect();
    assert_eq!(predictions, labels);
}

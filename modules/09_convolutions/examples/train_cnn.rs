//! Trains the 666-parameter SimpleCNN on the shipped 8x8 digits with Adam and reports the
//! test accuracy after every epoch.
//!
//! ```text
//! cargo run --release -p tinytorch-convolutions --example train_cnn [epochs] [seed] [lr]
//! ```

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;
use tinytorch_autograd::{backward, no_grad};
use tinytorch_convolutions::simple_cnn;
use tinytorch_dataloader::{DataLoader, Dataset, default_digits_path, load_digits};
use tinytorch_layers::Module;
use tinytorch_losses::{Reduction, cross_entropy};
use tinytorch_optimizers::{Adam, AdamConfig, Optimizer};
use tinytorch_tensor::Tensor;

/// `[B, 64]` flattened digits as `[B, 1, 8, 8]` images.
fn as_images(inputs: &Tensor) -> Tensor {
    inputs.reshape(&[inputs.shape()[0], 1, 8, 8])
}

/// The fraction of rows of `logits` whose largest entry is at the label (first on ties).
fn accuracy(logits: &Tensor, labels: &[usize]) -> f32 {
    let classes = logits.shape()[1];
    let values = logits.to_vec();
    let correct = values
        .chunks(classes)
        .zip(labels)
        .filter(|(row, label)| {
            let best = (0..classes).fold(0, |b, i| if row[i] > row[b] { i } else { b });
            best == **label
        })
        .count();
    correct as f32 / labels.len() as f32
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let epochs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(30);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let lr: f32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0.01);
    let digits = match load_digits(&default_digits_path()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let model = simple_cnn(seed);
    let config = AdamConfig::default().lr(lr);
    let mut adam = Adam::new(model.parameters(), config).expect("a valid Adam configuration");
    let loader = DataLoader::new(Arc::new(digits.train.clone()), 32).shuffle(seed);
    let test_x = as_images(digits.test.inputs());
    println!(
        "SimpleCNN ({} parameters), seed {seed}, {} training / {} test digits",
        model.num_parameters(),
        digits.train.len(),
        digits.test.len()
    );
    let start = Instant::now();
    for epoch in 0..epochs {
        // Cosine decay per epoch: large steps first, small ones to settle at the end.
        let progress = epoch as f32 / epochs as f32;
        adam.set_learning_rate(lr * 0.5 * (1.0 + (std::f32::consts::PI * progress).cos()));
        let mut loss_sum = 0.0;
        for batch in loader.epoch(epoch) {
            let logits = model.forward(&as_images(&batch.inputs));
            let loss = cross_entropy(&logits, &batch.labels, Reduction::Mean)
                .expect("labels are digits 0..=9");
            loss_sum += loss.item() * batch.len() as f32;
            adam.step(&backward(&loss).expect("the loss is a scalar"));
        }
        let test_logits = no_grad(&model, |m| m.forward(&test_x));
        println!(
            "epoch {:>2}: train loss {:.4}, test accuracy {:.2}%  ({:.2}s)",
            epoch + 1,
            loss_sum / digits.train.len() as f32,
            100.0 * accuracy(&test_logits, digits.test.labels()),
            start.elapsed().as_secs_f64()
        );
    }
    ExitCode::SUCCESS
}

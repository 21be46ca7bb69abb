//! Profiles the course's three networks: counts from the math, then measured per-layer
//! times. Run with `cargo run --release -p tinytorch-profiling --example profile_networks`
//! (threads are pinned to 1 by `.cargo/config.toml`).

use tinytorch_convolutions::simple_cnn;
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_profiling::{ProfileError, ProfileReport, REPORT_GPT, profile_forward_time};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_transformers::Gpt;

fn main() -> Result<(), ProfileError> {
    let mut rng = seeded_rng(0);
    // the digit MLP of module 08: 64 -> 32 -> 10
    let mlp = Sequential::new()
        .add(Linear::new(64, 32, &mut rng))
        .add(tinytorch_activations::Relu)
        .add(Linear::new(32, 10, &mut rng));
    let cnn = simple_cnn(0);
    let gpt = Gpt::new(REPORT_GPT).expect("a valid config");

    for batch in [1, 64] {
        let timed = |model: &dyn Module, shape: &[usize]| -> Result<String, ProfileError> {
            let report = ProfileReport::new(model, shape)?;
            let input = Tensor::zeros(shape);
            Ok(report
                .with_timing(profile_forward_time(model, &input, 10, 50))
                .to_table())
        };
        println!("{}", timed(&mlp, &[batch, 64])?);
        println!("{}", timed(&cnn, &[batch, 1, 8, 8])?);
        println!("{}", timed(&gpt, &[batch.min(8), 32])?);
    }
    Ok(())
}

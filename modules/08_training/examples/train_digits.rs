//! Trains the digit MLP on the shipped 8x8 digits, reports the test accuracy, and checks
//! that a checkpoint round trip gives the same predictions.
//!
//! ```text
//! cargo run --release -p tinytorch-training --example train_digits [-- --json]
//! ```
//!
//! Progress (one line per epoch) goes to stderr; the summary to stdout, then the history
//! as JSON with `--json`.

use std::error::Error;
use std::process::ExitCode;
use tinytorch_autograd::no_grad;
use tinytorch_dataloader::{Digits, default_digits_path, load_digits};
use tinytorch_layers::{Module, Sequential};
use tinytorch_training::{
    DIGITS_SEED, accuracy, digit_mlp, load_checkpoint, save_checkpoint, train_digit_mlp,
};

fn main() -> ExitCode {
    match run(std::env::args().any(|a| a == "--json")) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(json: bool) -> Result<(), Box<dyn Error>> {
    let digits = load_digits(&default_digits_path())?;
    let run = train_digit_mlp(&digits, DIGITS_SEED, false)?;
    let history = &run.history;
    let seconds = history.total_seconds();
    println!(
        "digit MLP ({} parameters), seed {DIGITS_SEED}: {} epochs in {seconds:.3}s ({:.1} ms/epoch)",
        run.model.num_parameters(),
        history.len(),
        1e3 * seconds / history.len().max(1) as f64
    );
    if let Some(last) = history.last() {
        println!(
            "last epoch: train loss {:.4}, train accuracy {:.2}%",
            last.train_loss,
            100.0 * last.train_accuracy
        );
    }
    println!(
        "test: loss {:.4}, accuracy {:.2}% ({} of {})",
        run.test.loss,
        100.0 * run.test.accuracy,
        (run.test.accuracy * run.test.samples as f32).round(),
        run.test.samples
    );

    // Save, reload into a differently initialized model, and compare predictions.
    let path = std::env::temp_dir().join(format!("digit-mlp-{}.safetensors", std::process::id()));
    save_checkpoint(&run.model, &path)?;
    let bytes = std::fs::metadata(&path)?.len();
    let mut reloaded = digit_mlp(DIGITS_SEED + 1);
    load_checkpoint(&reloaded, &path)?;
    std::fs::remove_file(&path)?;
    let mut trained = run.model;
    let (before, after) = (
        test_logits(&mut trained, &digits),
        test_logits(&mut reloaded, &digits),
    );
    println!(
        "checkpoint: {bytes} bytes ({} of weights); reloaded model: test accuracy {:.2}%, logits {}",
        4 * trained.num_parameters(),
        100.0 * accuracy(&after, digits.test.labels()),
        if before.to_vec() == after.to_vec() {
            "bit-identical"
        } else {
            "DIFFERENT"
        }
    );

    if json {
        println!("{}", serde_json::to_string_pretty(history)?);
    }
    Ok(())
}

/// The model's logits for the whole test set, in eval mode, without recording a graph.
fn test_logits(model: &mut Sequential, digits: &Digits) -> tinytorch_tensor::Tensor {
    model.eval();
    let logits = no_grad(&*model, |m| m.forward(digits.test.inputs()));
    model.train();
    logits
}

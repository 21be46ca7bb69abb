//! Trains the digit MLP on the shipped 8x8 digits and reports the test accuracy.
//!
//! ```text
//! cargo run --release -p tinytorch-training --example train_digits
//! ```
//!
//! Progress (one line per epoch) goes to stderr; the summary to stdout, then the history
//! as JSON with `--json`.

use std::process::ExitCode;
use tinytorch_dataloader::{default_digits_path, load_digits};
use tinytorch_layers::Module;
use tinytorch_training::{DIGITS_SEED, train_digit_mlp};

fn main() -> ExitCode {
    let json = std::env::args().any(|a| a == "--json");
    let digits = match load_digits(&default_digits_path()) {
        Ok(digits) => digits,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let run = match train_digit_mlp(&digits, DIGITS_SEED, false) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let history = &run.history;
    println!(
        "digit MLP ({} parameters), seed {DIGITS_SEED}: {} epochs in {:.2}s ({:.1} ms/epoch)",
        run.model.num_parameters(),
        history.len(),
        history.total_seconds(),
        1e3 * history.total_seconds() / history.len().max(1) as f64
    );
    if let Some(last) = history.last() {
        println!(
            "final train loss {:.4}, train accuracy {:.2}%",
            last.train_loss,
            100.0 * last.train_accuracy
        );
    }
    println!(
        "test loss {:.4}, test accuracy {:.2}% ({} of {})",
        run.test.loss,
        100.0 * run.test.accuracy,
        (run.test.accuracy * run.test.samples as f32).round(),
        run.test.samples
    );
    if json {
        match serde_json::to_string_pretty(history) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

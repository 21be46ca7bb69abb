//! Trains the course's digit MLP (module 08), writes the f32 baseline and the optimized
//! entry of task 20.5 (and an FP16 one for comparison) as submissions in a folder, and
//! prints what each measured and in which events the optimized entry beats the baseline.
//!
//! ```text
//! cargo run --release -p tinytorch-capstone --example make_entries -- OUT_DIR
//! cargo run --release -p tinytorch-capstone --bin leaderboard -- OUT_DIR --html OUT_DIR/board.html
//! ```

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use tinytorch_capstone::{
    Margins, MeasureConfig, Rules, beats, optimized_model, save_baseline, submit,
};
use tinytorch_dataloader::{default_digits_path, load_digits};
use tinytorch_training::{DIGITS_SEED, train_digit_mlp};

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: make_entries OUT_DIR");
        return ExitCode::from(2);
    };
    match run(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: PathBuf) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(&dir)?;
    let digits = load_digits(&default_digits_path())?;
    let trained = train_digit_mlp(&digits, DIGITS_SEED, true)?;
    let config = MeasureConfig::standard();

    save_baseline(&trained.model, &dir.join("baseline-f32.safetensors"))?;
    let (baseline, _) = submit(
        &dir,
        "baseline-f32",
        "baseline-f32.safetensors",
        &digits.test,
        &config,
    )?;
    tinytorch_quantization::save_f16(&trained.model, &dir.join("mlp-fp16.safetensors"))?;
    let (fp16, _) = submit(
        &dir,
        "mlp-fp16",
        "mlp-fp16.safetensors",
        &digits.test,
        &config,
    )?;
    optimized_model(&trained.model, &digits, &dir.join("optimized.safetensors"))?;
    let (optimized, _) = submit(
        &dir,
        "optimized",
        "optimized.safetensors",
        &digits.test,
        &config,
    )?;

    println!(
        "{:<14} {:>9} {:>8} {:>10}",
        "entry", "accuracy", "p90 us", "bytes"
    );
    for s in [&baseline, &fp16, &optimized] {
        let m = &s.measured;
        println!(
            "{:<14} {:>8.2}% {:>8.2} {:>10}",
            s.name,
            100.0 * m.accuracy,
            1e3 * m.latency_p90_ms,
            m.size_bytes
        );
    }
    let won = beats(
        &optimized.measured,
        &baseline.measured,
        &Rules::standard(),
        &Margins::standard(),
    );
    println!("the optimized entry beats the baseline by the margins in: {won:?}");
    Ok(())
}

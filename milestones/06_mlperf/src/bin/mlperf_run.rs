//! Milestone 06, the MLPerf run: the baseline and the optimized version of each network
//! through module 19's harness, one table in MLPerf's shape, the ratios, the gates.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin mlperf_run -- [--dir CHECKPOINTS]
//!     [--json PATH] [--quiet] [--repeats N] [--only mlp|cnn|gpt-reversal]...
//! ```
//!
//! Exit code 0: every gate holds; 1: a gate fails (named, e.g. an accuracy gate); 2: bad
//! input or a failed run. `--json` writes the whole report, whose `summary` lines carry
//! the field names of MLPerf's submission checker.

use clap::Parser;
use std::process::ExitCode;
use tinytorch_mlperf::{
    CommonArgs, MLPERF_NETWORKS, MlperfError, RunSettings, exit_code, run_mlperf, select_networks,
};

/// Run the MLPerf part of milestone 06.
#[derive(Parser, Debug)]
#[command(name = "mlperf_run", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// Interleaved repeats of every scenario (the result is their median).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    repeats: u16,
    /// Benchmark only these networks (mlp, cnn, gpt-reversal); default: all three.
    #[arg(long, value_name = "NETWORK")]
    only: Vec<String>,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let networks = match args.only.is_empty() {
        true => MLPERF_NETWORKS.to_vec(),
        false => select_networks(&args.only)?,
    };
    let settings = RunSettings {
        repeats: usize::from(args.repeats),
        ..RunSettings::default()
    };
    let (dir, progress) = (args.common.checkpoints(), args.common.progress());
    let report = run_mlperf(&networks, &dir, &settings, progress)?;
    print!("{}", report.to_text());
    let passed = report.scorecard.passed();
    println!(
        "\nMLPerf run: {} in {:.0}s",
        if passed { "PASSED" } else { "NOT PASSED" },
        report.seconds
    );
    args.common.write_report(&report)?;
    Ok(passed)
}

//! Milestone 06, part 1: the optimization olympics on the digit networks.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin 01_optimization_olympics -- [--only mlp|cnn]
//!     [--dir CHECKPOINTS] [--out DIR] [--repeats N] [--json PATH] [--quiet]
//! ```
//!
//! Profiles the digit MLP and the SimpleCNN (module 14), runs them on module 15's INT8
//! kernel, prunes them (module 16) with masked fine-tuning, writes INT8, pruned and
//! pruned + INT8 files, re-loads each into a fresh model and measures it, then checks the
//! gates. Exit code 0: every gate holds; 1: a gate fails (named); 2: bad input or a
//! failed run. Missing or stale checkpoints are trained first.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tinytorch_mlperf::{
    CommonArgs, MlperfError, Network, exit_code, run_olympics, select_networks,
};

/// Profile, quantize and prune the digit networks; check the gates.
#[derive(Parser, Debug)]
#[command(name = "01_optimization_olympics", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// Only these networks: mlp, cnn (default: both).
    #[arg(long, value_delimiter = ',', value_name = "NETWORK")]
    only: Vec<String>,
    /// Where the compressed files are written (default: <checkpoints>/compressed).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Timed repeats per latency measurement.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    repeats: u32,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let digit_networks = [Network::DigitMlp, Network::SimpleCnn];
    let networks = match args.only.is_empty() {
        true => digit_networks.to_vec(),
        false => select_networks(&args.only)?,
    };
    if let Some(other) = networks.iter().find(|n| !digit_networks.contains(n)) {
        return Err(MlperfError::UnknownNetwork {
            given: format!("{other} (the olympics runs mlp and cnn)"),
        });
    }
    let c = &args.common;
    let out = c.compressed_dir(args.out.as_deref());
    let report = run_olympics(
        &networks,
        &c.checkpoints(),
        &out,
        args.repeats as usize,
        c.progress(),
    )?;
    print!("{}", report.to_text());
    c.write_report(&report)?;
    Ok(report.scorecard.passed())
}

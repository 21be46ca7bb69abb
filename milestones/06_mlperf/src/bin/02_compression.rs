//! Milestone 06, part 2: quantization and pruning swept on every trained network.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin 02_compression -- [--only mlp|cnn|gpt|...]
//!     [--dir CHECKPOINTS] [--out DIR] [--plot PATH] [--json PATH] [--quiet]
//! ```
//!
//! Every variant is written to a file, re-loaded into a fresh model and measured; the
//! table marks the Pareto frontier, and the accuracy-versus-size curves are written as an
//! SVG plot. Exit code 0: the gates hold; 1: a gate fails; 2: bad input or a failed run.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tinytorch_mlperf::{
    CommonArgs, MilestoneError, MlperfError, exit_code, run_sweep, select_networks, svg,
};

/// Sweep quantization and pruning on the trained networks; plot accuracy against size.
#[derive(Parser, Debug)]
#[command(name = "02_compression", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// Only these networks: mlp, cnn, gpt (both GPTs), gpt-reversal, gpt-tinytalk.
    #[arg(long, value_delimiter = ',', value_name = "NETWORK")]
    only: Vec<String>,
    /// Where the compressed files are written (default: <checkpoints>/compressed).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The SVG plot (default: <out>/compression.svg).
    #[arg(long, value_name = "PATH")]
    plot: Option<PathBuf>,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let networks = select_networks(&args.only)?;
    let c = &args.common;
    let out = c.compressed_dir(args.out.as_deref());
    let report = run_sweep(&networks, &c.checkpoints(), &out, c.progress())?;
    print!("{}", report.to_text());
    let plot = args
        .plot
        .clone()
        .unwrap_or_else(|| out.join("compression.svg"));
    std::fs::write(&plot, svg(&report.panels())).map_err(|e| MilestoneError::Io {
        path: plot.clone(),
        message: format!("cannot write the plot: {e}; pass a writable --plot path"),
    })?;
    println!("plot: {}", plot.display());
    c.write_report(&report)?;
    Ok(report.scorecard.passed() || report.scorecard.gates.is_empty())
}

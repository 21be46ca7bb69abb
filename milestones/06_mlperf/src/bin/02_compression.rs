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
    MlperfError, Network, Progress, default_checkpoint_dir, run_sweep, svg, write_json,
};

/// Sweep quantization and pruning on the trained networks; plot accuracy against size.
#[derive(Parser, Debug)]
#[command(name = "02_compression", version)]
struct Args {
    /// Only these networks: mlp, cnn, gpt (both GPTs), gpt-reversal, gpt-tinytalk.
    #[arg(long, value_delimiter = ',', value_name = "NETWORK")]
    only: Vec<String>,
    /// The checkpoint directory (default: checkpoints/ at the workspace root).
    #[arg(long, value_name = "PATH")]
    dir: Option<PathBuf>,
    /// Where the compressed files are written (default: <checkpoints>/compressed).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The SVG plot (default: <out>/compression.svg).
    #[arg(long, value_name = "PATH")]
    plot: Option<PathBuf>,
    /// Also write the full report as JSON to this file.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// No progress output on stderr.
    #[arg(long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let mut networks = Vec::new();
    for name in &args.only {
        networks.extend(Network::parse_selection(name)?);
    }
    if networks.is_empty() {
        networks = Network::ALL.to_vec();
    }
    networks.sort();
    networks.dedup();
    let dir = args.dir.clone().unwrap_or_else(default_checkpoint_dir);
    let out = args.out.clone().unwrap_or_else(|| dir.join("compressed"));
    let progress = if args.quiet {
        Progress::Quiet
    } else {
        Progress::Lines
    };
    let report = run_sweep(&networks, &dir, &out, progress)?;
    print!("{}", report.to_text());
    let plot = args
        .plot
        .clone()
        .unwrap_or_else(|| out.join("compression.svg"));
    std::fs::write(&plot, svg(&report.panels())).map_err(|e| MlperfError::Io {
        path: plot.clone(),
        message: format!("cannot write the plot: {e}; pass a writable --plot path"),
    })?;
    println!("plot: {}", plot.display());
    if let Some(path) = &args.json {
        write_json(path, &report)?;
    }
    Ok(report.scorecard.passed() || report.scorecard.gates.is_empty())
}

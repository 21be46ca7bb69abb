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
use tinytorch_mlperf::{MlperfError, Network, Progress, default_checkpoint_dir, run_olympics};

/// Profile, quantize and prune the digit networks; check the gates.
#[derive(Parser, Debug)]
#[command(name = "01_optimization_olympics", version)]
struct Args {
    /// Only these networks: mlp, cnn (default: both).
    #[arg(long, value_delimiter = ',', value_name = "NETWORK")]
    only: Vec<String>,
    /// The checkpoint directory (default: checkpoints/ at the workspace root).
    #[arg(long, value_name = "PATH")]
    dir: Option<PathBuf>,
    /// Where the compressed files are written (default: <checkpoints>/compressed).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Timed repeats per latency measurement.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    repeats: u32,
    /// Also write the full report as JSON to this file.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// No progress output on stderr (the report is still printed).
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
        for n in Network::parse_selection(name)? {
            if !matches!(n, Network::DigitMlp | Network::SimpleCnn) {
                return Err(MlperfError::UnknownNetwork {
                    given: format!("{name} (the olympics runs mlp and cnn)"),
                });
            }
            networks.push(n);
        }
    }
    if networks.is_empty() {
        networks = vec![Network::DigitMlp, Network::SimpleCnn];
    }
    let dir = args.dir.clone().unwrap_or_else(default_checkpoint_dir);
    let out = args.out.clone().unwrap_or_else(|| dir.join("compressed"));
    let progress = if args.quiet {
        Progress::Quiet
    } else {
        Progress::Lines
    };
    let report = run_olympics(&networks, &dir, &out, args.repeats as usize, progress)?;
    print!("{}", report.to_text());
    if let Some(path) = &args.json {
        tinytorch_mlperf::write_json(path, &report)?;
    }
    Ok(report.scorecard.passed())
}

//! Milestone 06: KV cache, batching and early stopping on the trained GPT.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin 03_generation_opts -- [--dir CHECKPOINTS]
//!     [--tokens N] [--repeats N] [--json PATH] [--quiet]
//! ```
//!
//! Serves 16 requests: without a cache one at a time (the baseline), with module 18's
//! cache at batch 1, 4 and 16, and at batch 16 stopping each sequence at its end of line.
//! Prints tokens per second and the speedup of each. Exit code 0: every gate holds;
//! 1: a gate fails; 2: bad input or a failed run.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tinytorch_mlperf::{
    GenerationSetup, MlperfError, Progress, default_checkpoint_dir, measure_opts, write_json,
};

/// KV cache + batching + early stopping against the uncached batch-1 baseline.
#[derive(Parser, Debug)]
#[command(name = "03_generation_opts", version)]
struct Args {
    /// The checkpoint directory (default: checkpoints/ at the workspace root).
    #[arg(long, value_name = "PATH")]
    dir: Option<PathBuf>,
    /// New tokens per request (capped by the context).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    tokens: u32,
    /// Interleaved timed repeats of each path.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    repeats: u32,
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
    let dir = args.dir.clone().unwrap_or_else(default_checkpoint_dir);
    let progress = if args.quiet {
        Progress::Quiet
    } else {
        Progress::Lines
    };
    let setup = GenerationSetup::load(&dir, progress)?;
    let report = measure_opts(&setup, args.tokens as usize, args.repeats as usize)?;
    println!("{}", tinytorch_mlperf::editions_line());
    print!("{}", report.to_text());
    if let Some(path) = &args.json {
        write_json(path, &report)?;
    }
    Ok(report.scorecard.passed())
}

//! Milestone 06: the trained GPT's generation with and without module 18's KV cache.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin 02_generation_speedup -- [--dir CHECKPOINTS]
//!     [--tokens N] [--repeats N] [--json PATH] [--quiet]
//! ```
//!
//! Checks that both paths produce identical greedy tokens and logits within 1e-4, then
//! times them (interleaved repeats, medians), counts their multiply-adds, and prints the
//! cost per position. Exit code 0: every gate holds; 1: a gate fails; 2: bad input or a
//! failed run.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tinytorch_mlperf::{
    GenerationSetup, MlperfError, Progress, default_checkpoint_dir, measure_speedup, write_json,
};

/// Cached against uncached generation on the trained GPT.
#[derive(Parser, Debug)]
#[command(name = "02_generation_speedup", version)]
struct Args {
    /// The checkpoint directory (default: checkpoints/ at the workspace root).
    #[arg(long, value_name = "PATH")]
    dir: Option<PathBuf>,
    /// New tokens to generate (capped by the context).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    tokens: u32,
    /// Interleaved timed repeats of each path.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
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
    let report = measure_speedup(&setup, args.tokens as usize, args.repeats as usize)?;
    println!("{}", tinytorch_mlperf::editions_line());
    print!("{}", report.to_text());
    if let Some(path) = &args.json {
        write_json(path, &report)?;
    }
    Ok(report.scorecard.passed())
}

//! Milestone 06: the trained TinyTalk GPT profiled per layer before any optimization.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin 01_baseline_profile -- [--dir CHECKPOINTS]
//!     [--repeats N] [--tokens N] [--json PATH] [--quiet]
//! ```
//!
//! Module 14's counts (parameters, FLOPs, bytes per layer), each part's measured time
//! share, the bottleneck, and tokens per second. Exit code 0, or 2 on bad input or a
//! failed run.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tinytorch_mlperf::{MlperfError, Progress, default_checkpoint_dir, profile_gpt, write_json};

/// Profile the trained GPT layer by layer.
#[derive(Parser, Debug)]
#[command(name = "01_baseline_profile", version)]
struct Args {
    /// The checkpoint directory (default: checkpoints/ at the workspace root).
    #[arg(long, value_name = "PATH")]
    dir: Option<PathBuf>,
    /// Timed repeats per measurement.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    repeats: u32,
    /// New tokens for the generation throughput (at most the context minus the prompt).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    tokens: u32,
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
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), MlperfError> {
    let dir = args.dir.clone().unwrap_or_else(default_checkpoint_dir);
    let progress = if args.quiet {
        Progress::Quiet
    } else {
        Progress::Lines
    };
    let report = profile_gpt(&dir, args.repeats as usize, args.tokens as usize, progress)?;
    print!("{}", report.to_text());
    if let Some(path) = &args.json {
        write_json(path, &report)?;
    }
    Ok(())
}

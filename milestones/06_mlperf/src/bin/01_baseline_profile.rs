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
use std::process::ExitCode;
use tinytorch_mlperf::{CommonArgs, MlperfError, exit_code, profile_gpt};

/// Profile the trained GPT layer by layer.
#[derive(Parser, Debug)]
#[command(name = "01_baseline_profile", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// Timed repeats per measurement.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    repeats: u32,
    /// New tokens for the generation throughput (at most the context minus the prompt).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    tokens: u32,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let c = &args.common;
    let report = profile_gpt(
        &c.checkpoints(),
        args.repeats as usize,
        args.tokens as usize,
        c.progress(),
    )?;
    print!("{}", report.to_text());
    c.write_report(&report)?;
    Ok(true)
}

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
use std::process::ExitCode;
use tinytorch_mlperf::{CommonArgs, GenerationSetup, MlperfError, exit_code, measure_opts};

/// KV cache + batching + early stopping against the uncached batch-1 baseline.
#[derive(Parser, Debug)]
#[command(name = "03_generation_opts", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// New tokens per request (capped by the context).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    tokens: u32,
    /// Timed repeats of each configuration.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    repeats: u32,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let c = &args.common;
    let setup = GenerationSetup::load(&c.checkpoints(), c.progress())?;
    let report = measure_opts(&setup, args.tokens as usize, args.repeats as usize)?;
    println!("{}", tinytorch_mlperf::editions_line());
    print!("{}", report.to_text());
    c.write_report(&report)?;
    Ok(report.scorecard.passed())
}

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
use std::process::ExitCode;
use tinytorch_mlperf::{CommonArgs, GenerationSetup, MlperfError, exit_code, measure_speedup};

/// Cached against uncached generation on the trained GPT.
#[derive(Parser, Debug)]
#[command(name = "02_generation_speedup", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// New tokens to generate (capped by the context).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    tokens: u32,
    /// Interleaved timed repeats of each path.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    repeats: u32,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let c = &args.common;
    let setup = GenerationSetup::load(&c.checkpoints(), c.progress())?;
    let report = measure_speedup(&setup, args.tokens as usize, args.repeats as usize)?;
    println!("{}", tinytorch_mlperf::editions_line());
    print!("{}", report.to_text());
    c.write_report(&report)?;
    Ok(report.scorecard.passed())
}

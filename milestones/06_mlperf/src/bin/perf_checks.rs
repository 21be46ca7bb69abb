//! The performance checks `cargo grade perf` runs: ratios measured in one process, with
//! bounds far enough below what the reference reaches that a noisy 2-core machine does
//! not flake them.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin perf_checks -- [--dir CHECKPOINTS] [--json PATH] [--quiet]
//! ```
//!
//! - KV cache: greedy generation of 100 tokens, cached against uncached on the same
//!   kernels, interleaved repeats, ratio of the medians >= 6x; the counted multiply-adds
//!   >= 6x fewer (deterministic).
//! - Batching: 16 requests at batch 16 with the cache >= 12x the tokens/s of the uncached
//!   batch-1 baseline.
//! - Compression of the digit MLP, from the written files: INT8 >= 3.9x, pruning 75% +
//!   INT8 >= 8x, each within its accuracy budget.
//!
//! Exit code 0: every check holds; 1: one fails (named); 2: bad input or a failed run.

use clap::Parser;
use std::process::ExitCode;
use tinytorch_mlperf::{
    COMBINED_MAX_DROP, CommonArgs, Gate, GenerationSetup, INT8_MAX_DROP, MlperfError, Network,
    Retrain, Scorecard, Variant, WeightFormat, compress_network, editions_line, exit_code,
    measure_opts, measure_speedup, train_or_load,
};

/// Run the performance checks.
#[derive(Parser, Debug)]
#[command(name = "perf_checks", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let (dir, progress) = (args.common.checkpoints(), args.common.progress());
    let mut card = Scorecard::default();
    let setup = GenerationSetup::load(&dir, progress)?;
    let speedup = measure_speedup(&setup, 100, 5)?;
    card.gates.extend(speedup.scorecard.gates.iter().cloned());
    let opts = measure_opts(&setup, 100, 3)?;
    card.gates.extend(opts.scorecard.gates.iter().cloned());
    let mlp = train_or_load(Network::DigitMlp, &dir, Retrain::IfNeeded, progress)?;
    let variants = [
        Variant::dense(WeightFormat::Int8),
        Variant::pruned(0.75, WeightFormat::Int8),
    ];
    let files = compress_network(&mlp, &variants, &dir.join("perf"), progress)?;
    card.push(Gate::at_least(
        "digit_mlp INT8 file ratio",
        files[0].ratio,
        3.9,
        "x",
    ));
    card.push(Gate::at_most(
        "digit_mlp INT8 accuracy drop",
        files[0].quality_drop,
        INT8_MAX_DROP,
        " pt",
    ));
    card.push(Gate::at_least(
        "digit_mlp prune 75% + INT8 file ratio",
        files[1].ratio,
        8.0,
        "x",
    ));
    card.push(Gate::at_most(
        "digit_mlp prune 75% + INT8 accuracy drop",
        files[1].quality_drop,
        COMBINED_MAX_DROP,
        " pt",
    ));
    println!("{}", editions_line());
    print!("{}", card.to_table());
    args.common.write_report(&serde_json::json!({
        "editions": editions_line(),
        "passed": card.passed(),
        "checks": card.gates,
    }))?;
    Ok(card.passed())
}

//! Trains (or loads) the networks of milestone 06 and reports them.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin train_networks -- [--retrain | --no-retrain]
//!     [--only mlp|cnn|gpt|gpt-reversal|gpt-tinytalk] [--dir PATH] [--json PATH] [--quiet]
//! ```
//!
//! Progress goes to stderr, the table to stdout. Exit code 0: every network meets its
//! quality floor; 1: at least one does not; 2: bad input (arguments, data, a checkpoint
//! directory, an unusable checkpoint with `--no-retrain`) or a failed run.

use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;
use tinytorch_mlperf::{
    CommonArgs, MlperfError, NetworkReport, RetrainArgs, exit_code, select_networks, table,
    train_or_load,
};

/// Train or load the networks of milestone 06 (seeded, checkpointed with safetensors).
#[derive(Parser, Debug)]
#[command(name = "train_networks", version)]
struct Args {
    #[command(flatten)]
    retrain: RetrainArgs,
    /// Only these networks: mlp, cnn, gpt (both GPTs), gpt-reversal, gpt-tinytalk
    /// (repeat or separate with commas). Default: all.
    #[arg(long, value_delimiter = ',', value_name = "NETWORK")]
    only: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
}

fn main() -> ExitCode {
    // clap exits with code 2 on a usage error, as documented.
    exit_code(run(&Args::parse()))
}

/// Runs the selected networks; `Ok(passed)` says whether every floor was met.
fn run(args: &Args) -> Result<bool, MlperfError> {
    let networks = select_networks(&args.only)?;
    let common = &args.common;
    common.check_json_path()?;
    let dir = common.checkpoints();
    let retrain = args.retrain.policy();
    let progress = common.progress();
    let start = Instant::now();
    let mut reports = Vec::new();
    for network in networks {
        let trained = train_or_load(network, &dir, retrain, progress)?;
        let report = NetworkReport::of(&trained);
        if !common.quiet {
            eprintln!(
                "{network}: {} {} ({}){}",
                report.evaluation.metric,
                report.evaluation.display_value(),
                report.evaluation.detail,
                if report.passed {
                    ""
                } else {
                    "  BELOW THE FLOOR"
                }
            );
        }
        reports.push(report);
    }
    let seconds = start.elapsed().as_secs_f64();
    print!("{}", table(&reports));
    println!("checkpoints in {}; {seconds:.1}s in all", dir.display());
    common.write_report(&serde_json::json!({
        "editions": tinytorch_mlperf::editions_line(),
        "seconds": seconds,
        "passed": reports.iter().all(|r| r.passed),
        "networks": reports,
    }))?;
    Ok(reports.iter().all(|r| r.passed))
}

//! Milestone 02 (XOR crisis, 1969): no single layer solves XOR, however long it trains.
//!
//! ```text
//! cargo run --release -p tinytorch-milestone-xor --bin xor -- [--seed N] [--seeds N]
//!     [--lr R,R,...] [--epochs N] [--svg PATH] [--json PATH] [--quiet]
//! ```
//!
//! Prints which code ran (`course-edition: ...`), the story, the runs and the gates; writes
//! the picture of XOR's failed lines beside AND's and OR's learned ones. Exit code 0:
//! achieved; 1: a gate failed (named); 2: bad input.

use clap::Parser;
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;
use tinytorch_milestone_kit::{CommonArgs, MilestoneError, MilestoneRun, PictureArgs, exit_code};
use tinytorch_milestone_xor::{Options, Outcome, editions, run, to_text};

/// Run milestone 02: the XOR crisis.
#[derive(Parser, Debug)]
#[command(name = "xor", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// The first seed of the initial weights.
    #[arg(long, default_value_t = 1969)]
    seed: u64,
    /// Seeds per learning rate and rule (1 to 100).
    #[arg(long, default_value_t = 5)]
    seeds: u64,
    /// The learning rates tried (positive, comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = [0.01, 0.1, 1.0])]
    lr: Vec<f32>,
    /// Passes (Rosenblatt) or steps (gradient descent) of every run (1 to 100000).
    #[arg(long, default_value_t = 10_000)]
    epochs: usize,
    #[command(flatten)]
    picture: PictureArgs,
}

/// The milestone's own fields of the `--json` report (a struct, not a JSON value, so that
/// every f32 keeps its shortest form).
#[derive(Serialize)]
struct Details<'a> {
    title: &'static str,
    picture: &'a Path,
    outcome: &'a Outcome,
}

fn main() -> ExitCode {
    exit_code(run_cli(&Args::parse()))
}

fn run_cli(args: &Args) -> Result<bool, MilestoneError> {
    let options = Options {
        seeds: args.seeds,
        seed: args.seed,
        learning_rates: args.lr.clone(),
        epochs: args.epochs,
    };
    options.validate()?;
    let frame = MilestoneRun::start("02", &args.common, &editions())?;
    args.common
        .progress()
        .note("milestone 02: training single layers on AND, OR and XOR ...");
    let outcome = run(options);
    println!("{}", to_text(&outcome));
    let picture = args.picture.path(&args.common, "02_xor.svg");
    frame.picture(
        &picture,
        &outcome.svg,
        "XOR's failed lines, AND's and OR's learned ones",
    )?;
    let details = Details {
        title: "XOR crisis (1969)",
        picture: &picture,
        outcome: &outcome,
    };
    frame.finish(outcome.parts(), details)
}

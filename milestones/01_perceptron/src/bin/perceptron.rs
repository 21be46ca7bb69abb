//! Milestone 01 (Perceptron, 1958): Rosenblatt's rule on your Linear learns a line.
//!
//! ```text
//! cargo run --release -p tinytorch-milestone-perceptron --bin perceptron -- [--seed N]
//!     [--points N] [--margin D] [--lr R] [--max-epochs N] [--svg PATH] [--json PATH] [--quiet]
//! ```
//!
//! Prints which code ran (`course-edition: ...`), the story, the run and the gates; writes
//! the picture of the data and the learned boundary. Exit code 0: achieved; 1: a gate
//! failed (named); 2: bad input.

use clap::Parser;
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;
use tinytorch_milestone_kit::{CommonArgs, MilestoneError, MilestoneRun, PictureArgs, exit_code};
use tinytorch_milestone_perceptron::{Options, Outcome, editions, run, to_text};

/// Run milestone 01: the perceptron learns a separating line.
#[derive(Parser, Debug)]
#[command(name = "perceptron", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// Seeds the data and the initial weights.
    #[arg(long, default_value_t = 1958)]
    seed: u64,
    /// How many points to generate (1 to 100000).
    #[arg(long, default_value_t = 100)]
    points: usize,
    /// No point closer than this to the hidden line, in [0, 0.5).
    #[arg(long, default_value_t = 0.1)]
    margin: f32,
    /// The rule's learning rate (positive).
    #[arg(long, default_value_t = 0.1)]
    lr: f32,
    /// Passes over the data at most (1 to 100000).
    #[arg(long, default_value_t = 100)]
    max_epochs: usize,
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
        seed: args.seed,
        points: args.points,
        margin: args.margin,
        learning_rate: args.lr,
        max_epochs: args.max_epochs,
    };
    options.validate()?;
    let frame = MilestoneRun::start("01", &args.common, &editions())?;
    args.common
        .progress()
        .note("milestone 01: training the perceptron ...");
    let outcome = run(options);
    println!("{}", to_text(&outcome));
    let picture = args.picture.path(&args.common, "01_perceptron.svg");
    frame.picture(&picture, &outcome.svg, "the data and the learned boundary")?;
    let details = Details {
        title: "Perceptron (1958)",
        picture: &picture,
        outcome: &outcome,
    };
    frame.finish(outcome.parts(), details)
}

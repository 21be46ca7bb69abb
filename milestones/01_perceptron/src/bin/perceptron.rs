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
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use tinytorch_milestone_kit::{
    CommonArgs, MilestoneError, Part, editions_line, exit_code, verdict_text, write_text,
};
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
    /// Where to write the picture (default: beside the --json report, with its name and
    /// .svg, else checkpoints/01_perceptron.svg).
    #[arg(long, value_name = "PATH")]
    svg: Option<PathBuf>,
}

/// The `--json` report: what the grader reads (`editions`, `achieved`, `parts`, `seconds`)
/// and everything the run measured.
#[derive(Serialize)]
struct Report<'a> {
    milestone: &'static str,
    title: &'static str,
    editions: String,
    achieved: bool,
    seconds: f64,
    parts: Vec<Part>,
    picture: PathBuf,
    outcome: &'a Outcome,
}

fn main() -> ExitCode {
    exit_code(run_cli(&Args::parse()))
}

fn run_cli(args: &Args) -> Result<bool, MilestoneError> {
    let started = Instant::now();
    let options = Options {
        seed: args.seed,
        points: args.points,
        margin: args.margin,
        learning_rate: args.lr,
        max_epochs: args.max_epochs,
    };
    options.validate()?;
    args.common.check_json_path()?;
    let editions = editions_line(&editions());
    println!("{editions}\n");
    args.common
        .progress()
        .note("milestone 01: training the perceptron ...");
    let outcome = run(options);
    print!("{}", to_text(&outcome));
    let picture = picture_path(args);
    write_text(&picture, &outcome.svg)?;
    println!(
        "\npicture: {} (the data and the learned boundary)\n",
        picture.display()
    );
    let parts = outcome.parts();
    let seconds = started.elapsed().as_secs_f64();
    let (text, achieved) = verdict_text("01", &parts, seconds);
    print!("{text}");
    args.common.write_report(&Report {
        milestone: "01",
        title: "Perceptron (1958)",
        editions,
        achieved,
        seconds,
        parts,
        picture,
        outcome: &outcome,
    })?;
    Ok(achieved)
}

/// `--svg`, else the kit's place for pictures: beside the `--json` report (same name,
/// `.svg`), else `<checkpoints>/01_perceptron.svg`.
fn picture_path(args: &Args) -> PathBuf {
    args.svg
        .clone()
        .unwrap_or_else(|| args.common.picture_path("01_perceptron.svg"))
}

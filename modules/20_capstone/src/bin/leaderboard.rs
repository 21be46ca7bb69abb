//! The instructors' leaderboard: re-measures every submission in a folder on this machine
//! and ranks every event.
//!
//! ```text
//! cargo run --release -p tinytorch-capstone --bin leaderboard -- DIR [--html OUT] [--json OUT]
//! ```
//!
//! Exit status: 0 when the leaderboard was written (whatever the entries' status), 1 when
//! the folder or the digits cannot be read or a page cannot be written, 2 for bad arguments.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tinytorch_capstone::{CapstoneError, Leaderboard, MeasureConfig, Rules, Tolerance};
use tinytorch_dataloader::{default_digits_path, load_digits};

/// Re-measure and rank the capstone submissions in DIR (`*.json` files beside their model
/// files, in DIR or in its immediate subfolders).
#[derive(Parser, Debug)]
#[command(name = "leaderboard")]
struct Args {
    /// Folder of submissions.
    dir: PathBuf,
    /// Also write the leaderboard as a self-contained HTML page here.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Also write the leaderboard as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// The digits CSV (default: the course's data/digits/digits.csv).
    #[arg(long)]
    digits: Option<PathBuf>,
    /// Accuracy floor of Fastest, Smallest and All-around (a fraction).
    #[arg(long)]
    floor: Option<f64>,
    /// p90 latency budget of Most accurate and All-around, ms.
    #[arg(long)]
    latency_ms: Option<f64>,
    /// Model file size budget of Most accurate and All-around, bytes.
    #[arg(long)]
    size_bytes: Option<u64>,
    /// How many times faster than re-measured a reported latency may be (default 2).
    #[arg(long)]
    latency_factor: Option<f64>,
    /// Short latency runs (tests and smoke checks): 300 queries per run instead of 2,000
    /// and 0.3 s.
    #[arg(long)]
    quick: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(if matches!(e, Failure::Usage(_)) { 2 } else { 1 })
        }
    }
}

/// Why the leaderboard could not be written.
#[derive(Debug)]
enum Failure {
    Usage(String),
    Capstone(CapstoneError),
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Other(m) => f.write_str(m),
            Failure::Capstone(e) => write!(f, "{e}"),
        }
    }
}

fn rules(args: &Args) -> Result<Rules, Failure> {
    let mut rules = Rules::standard();
    if let Some(floor) = args.floor {
        if !(0.0..=1.0).contains(&floor) {
            return Err(Failure::Usage(format!(
                "--floor {floor}: give a fraction in [0, 1], e.g. 0.94"
            )));
        }
        rules.accuracy_floor = floor;
    }
    if let Some(ms) = args.latency_ms {
        if !(ms.is_finite() && ms > 0.0) {
            return Err(Failure::Usage(format!(
                "--latency-ms {ms}: give a number of ms > 0"
            )));
        }
        rules.latency_budget_ms = ms;
    }
    if let Some(bytes) = args.size_bytes {
        rules.size_budget_bytes = bytes;
    }
    Ok(rules)
}

fn run(args: &Args) -> Result<(), Failure> {
    let rules = rules(args)?;
    if !args.dir.is_dir() {
        return Err(Failure::Usage(format!(
            "{} is not a folder: give the folder holding the submissions",
            args.dir.display()
        )));
    }
    let digits_path = args.digits.clone().unwrap_or_else(default_digits_path);
    let digits = load_digits(&digits_path).map_err(|e| Failure::Other(e.to_string()))?;
    let config = match args.quick {
        true => MeasureConfig::quick(),
        false => MeasureConfig::standard(),
    };
    let mut tolerance = Tolerance::standard();
    if let Some(factor) = args.latency_factor {
        if !(factor.is_finite() && factor >= 1.0) {
            return Err(Failure::Usage(format!(
                "--latency-factor {factor}: give a number >= 1, e.g. 2"
            )));
        }
        tolerance.latency_factor = factor;
    }
    let board = Leaderboard::build(&args.dir, &digits.test, &config, rules, tolerance)
        .map_err(Failure::Capstone)?;
    print!("{}", board.to_table());
    let write = |path: &PathBuf, text: String| {
        std::fs::write(path, text)
            .map_err(|e| Failure::Other(format!("could not write {}: {e}", path.display())))
    };
    if let Some(path) = &args.html {
        write(path, board.to_html())?;
        println!("\nwrote {}", path.display());
    }
    if let Some(path) = &args.json {
        write(path, board.to_json())?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

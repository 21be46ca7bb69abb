//! Milestone 05 (2017): a GPT learns to reverse sequences and to write TinyTalk.
//!
//! ```text
//! cargo run --release -p tinytorch-milestone-transformer --bin transformer -- [--dir PATH] [--json PATH]
//!     [--quiet] [--retrain | --no-retrain]
//! ```
//!
//! Exit code 0: achieved; 1: a gate failed (named); 2: bad input or a failed run.

use std::process::ExitCode;
use tinytorch_milestone_kit::{TrainingArgs, exit_code};
use tinytorch_milestone_transformer::run;

fn main() -> ExitCode {
    let about = "Milestone 05 (2017): a GPT learns reversal and TinyTalk";
    exit_code(run(&TrainingArgs::parse_as("transformer", about)))
}

//! Milestone 03 (1986): backpropagation solves XOR and learns the digits.
//!
//! ```text
//! cargo run --release -p tinytorch-milestone-mlp --bin mlp -- [--dir PATH] [--json PATH]
//!     [--quiet] [--retrain | --no-retrain]
//! ```
//!
//! Exit code 0: achieved; 1: a gate failed (named); 2: bad input or a failed run.

use std::process::ExitCode;
use tinytorch_milestone_kit::{TrainingArgs, exit_code};
use tinytorch_milestone_mlp::run;

fn main() -> ExitCode {
    let about = "Milestone 03 (1986): backpropagation solves XOR and learns the digits";
    exit_code(run(&TrainingArgs::parse_as("mlp", about)))
}

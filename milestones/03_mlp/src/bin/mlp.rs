//! Milestone 03 (1986): backpropagation solves XOR and learns the digits.
//!
//! ```text
//! cargo run --release -p tinytorch-milestone-mlp --bin mlp -- [--dir PATH] [--json PATH]
//!     [--quiet] [--retrain | --no-retrain]
//! ```
//!
//! Exit code 0: achieved; 1: a gate failed (named); 2: bad input or a failed run.

use clap::Parser;
use std::process::ExitCode;
use tinytorch_milestone_kit::exit_code;
use tinytorch_milestone_mlp::{Args, run};

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

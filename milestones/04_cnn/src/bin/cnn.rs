//! Milestone 04 (1998): a convolutional network learns the digits with 3.6x fewer parameters than the MLP.
//!
//! ```text
//! cargo run --release -p tinytorch-milestone-cnn --bin cnn -- [--dir PATH] [--json PATH]
//!     [--quiet] [--retrain | --no-retrain]
//! ```
//!
//! Exit code 0: achieved; 1: a gate failed (named); 2: bad input or a failed run.

use std::process::ExitCode;
use tinytorch_milestone_cnn::run;
use tinytorch_milestone_kit::{TrainingArgs, exit_code};

fn main() -> ExitCode {
    let about =
        "Milestone 04 (1998): a CNN learns the digits with 3.6x fewer parameters than the MLP";
    exit_code(run(&TrainingArgs::parse_as("cnn", about)))
}

//! `grader`: the course grader binary, run as `cargo grade <command>`.

use clap::Parser;
use std::process::ExitCode;
use tinytorch_grader::commands::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

//! `grader`: the course grader binary, run as `cargo grade <command>`.

use std::process::ExitCode;
use tinytorch_grader::commands;

fn main() -> ExitCode {
    let cli = commands::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

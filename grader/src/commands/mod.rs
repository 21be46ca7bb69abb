//! The command line: `grader stubs | test | status | hint | verify | release | report |
//! reset | doctor | milestone | perf`, parsed here and dispatched to one file per command.
//! The commands are the top layer: they call [`crate::grading`], get values back, and
//! print them through [`crate::output`].

mod doctor;
mod hint;
mod milestone;
mod perf;
mod release;
mod report;
mod reset;
mod status;
mod stubs;
mod test;
mod verify;

use crate::course::manifest::{self, Course};
use crate::grading::grade::RunOptions;
use crate::grading::hidden;
use crate::output::report_formats::Format;
use crate::util::error::Result;
use crate::util::term::Style;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The course grader. It reads course.toml and drives cargo; it never links the modules it grades.
#[derive(Debug, Parser)]
#[command(name = "grader", bin_name = "cargo grade", version, about, long_about = None)]
pub struct Cli {
    /// The course workspace (default: the nearest directory holding course.toml, upward from here).
    #[arg(long, global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Show cargo's output while it runs.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Instructor: the hidden-test directory (NN/*.rs) to grade with (default: hidden/ in
    /// the workspace, when it exists).
    #[arg(long, global = true, value_name = "DIR")]
    pub hidden_tests: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Regenerate every module's src/student/ from src/reference/ (existing files are backed up).
    Stubs {
        /// Write nothing; exit 1 if a student file is out of date, missing or extra.
        #[arg(long)]
        check: bool,
        /// Only this module (number, name or directory name).
        #[arg(long, value_name = "NN")]
        module: Option<String>,
    },
    /// Grade one module: your code over the reference of earlier modules.
    Test {
        /// Module number, name or directory name: 03, 3, layers, 03_layers.
        module: String,
        /// Grade the reference implementation instead of your code (instructors).
        #[arg(long)]
        reference: bool,
    },
    /// Progress over every module and milestone (locked / unlocked / achieved).
    Status {
        /// Print the JSON report (docs/REPORT_SCHEMA.md) instead of tables.
        #[arg(long)]
        json: bool,
        /// Grade only these modules (repeatable); the others show as "not graded".
        #[arg(long = "module", value_name = "NN")]
        modules: Vec<String>,
    },
    /// Show the hints for a task, one at a time.
    Hint {
        /// Task id, e.g. 01.2.
        task: String,
        /// Which hint (1 = the mildest; default 1).
        level: Option<usize>,
        /// Show every hint of the task.
        #[arg(long, conflicts_with = "level")]
        all: bool,
    },
    /// The CI gate: manifest, stubs in sync, reference passes, stubs fail, knockouts caught.
    Verify {
        /// Only these modules (number, name or directory name; repeatable). The manifest
        /// and stub checks still cover the whole course.
        #[arg(long = "module")]
        modules: Vec<String>,
    },
    /// Instructor: write the student edition (no reference code) into DIR.
    Release {
        /// Where to write it: a new or empty directory outside this workspace.
        dir: PathBuf,
        /// Replace the contents of a non-empty DIR (a .git directory in it is kept).
        #[arg(long)]
        force: bool,
    },
    /// Grade and write a report: points per task and module, and which code was tested.
    Report {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Grade only these modules (repeatable); the others show as "not graded".
        #[arg(long = "module", value_name = "NN", conflicts_with = "from")]
        modules: Vec<String>,
        /// Grade nothing: convert a saved JSON report to --format.
        #[arg(long, value_name = "JSON_FILE")]
        from: Option<PathBuf>,
    },
    /// Put a module's original stubs back (your files are backed up first).
    Reset {
        /// Module number, name or directory name.
        module: String,
        /// Overwrite files that differ from the stubs (without it: only list them).
        #[arg(long)]
        yes: bool,
    },
    /// Check the toolchain, offline readiness, disk space and this workspace.
    Doctor,
    /// Run a milestone on your whole chain (every module as your code) and check its gates.
    Milestone {
        /// Milestone id, e.g. 06.
        id: String,
        /// Run on the reference of every module instead (instructors; records nothing).
        #[arg(long)]
        reference: bool,
        /// Run even when a required module is not complete yet.
        #[arg(long)]
        skip_check: bool,
        /// Extra arguments for the milestone's program, e.g. --skip-sweep for 06 (skips
        /// its compression sweep); a run with extra arguments is not recorded.
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },
    /// The performance checks: KV-cache and batching speedups, compression ratios.
    Perf {
        /// Run on the reference of every module instead of your code.
        #[arg(long)]
        reference: bool,
    },
}

/// Runs the parsed command line; `Ok` carries the exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let style = Style::detect();
    // These two work without a loadable course.toml.
    match &cli.command {
        Command::Doctor => return Ok(doctor::run(cli.workspace.as_deref(), style)),
        Command::Report {
            from: Some(file),
            format,
            output,
            ..
        } => return report::convert(file, *format, output.as_deref(), style),
        _ => {}
    }
    let workspace = manifest::find_workspace(cli.workspace.as_deref())?;
    let course = Course::load(&workspace)?;
    let hidden = hidden::locate(&workspace, cli.hidden_tests.as_deref())?;
    let opts = RunOptions {
        hidden: hidden.clone(),
        ..RunOptions::new(&workspace, cli.verbose)
    };
    let ws = &workspace;
    match cli.command {
        Command::Stubs { check, module } => stubs::run(ws, &course, check, module.as_deref()),
        Command::Test { module, reference } => {
            test::run(ws, &course, &module, reference, &opts, style)
        }
        Command::Status { json, modules } => status::run(ws, &course, &opts, &modules, json, style),
        Command::Hint { task, level, all } => hint::run(&course, &task, level, all),
        Command::Verify { modules } => {
            verify::run(ws, &course, &modules, hidden.as_deref(), cli.verbose, style)
        }
        Command::Release { dir, force } => release::run(ws, &course, dir, force),
        Command::Report {
            format,
            output,
            modules,
            ..
        } => report::run(
            ws,
            &course,
            &opts,
            &modules,
            format,
            output.as_deref(),
            style,
        ),
        Command::Reset { module, yes } => reset::run(ws, &course, &module, yes),
        Command::Doctor => Ok(doctor::run(Some(ws), style)),
        Command::Milestone {
            id,
            reference,
            skip_check,
            args,
        } => milestone::run(ws, &course, &id, reference, skip_check, args, cli.verbose),
        Command::Perf { reference } => perf::run(ws, &course, reference, cli.verbose),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(args: &[&str]) -> (bool, Vec<String>) {
        let cli = Cli::try_parse_from([&["grader", "milestone"], args].concat()).unwrap();
        match cli.command {
            Command::Milestone {
                reference, args, ..
            } => (reference, args),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn milestone_arguments_pass_through_after_the_id() {
        assert_eq!(milestone(&["06"]), (false, vec![]));
        assert_eq!(milestone(&["06", "--reference"]), (true, vec![]));
        assert_eq!(
            milestone(&["06", "--skip-sweep", "--seed", "3"]),
            (
                false,
                ["--skip-sweep", "--seed", "3"].map(String::from).to_vec()
            )
        );
    }
}

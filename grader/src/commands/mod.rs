//! The command line, parsed here and dispatched to one file per command: the student's
//! `status | test | watch | hint | milestone | perf | reset | doctor` (and a bare
//! `cargo grade`: where you stand and what to do next), then the instructor's
//! `dev verify | stubs | release | report`.
//! The commands are the top layer: they call [`crate::grading`], get values back, and
//! print them through [`crate::output`].

mod doctor;
mod hint;
mod leaderboard;
mod milestone;
mod mutants;
mod perf;
mod progress;
mod release;
mod report;
mod reset;
mod status;
mod stubs;
mod submissions;
mod test;
mod verify;
mod verify_milestones;
mod watch;

use crate::course::manifest::{self, Course};
use crate::grading::grade::RunOptions;
use crate::grading::hidden;
use crate::output::report_formats::Format;
use crate::util::error::Result;
use crate::util::term::Style;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::{Path, PathBuf};
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
    /// What to do (nothing: where you stand and what to do next, as `status`).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The student's commands, in the order a student meets them; the instructor's are under
/// [`Command::Dev`], listed last (and hidden in a student edition's help, see [`cli`]).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Progress over every module and milestone (locked / unlocked / achieved).
    Status {
        /// Print the JSON report (docs/REPORT_SCHEMA.md) instead of tables.
        #[arg(long)]
        json: bool,
        /// Grade only these modules (repeatable); the others show as "not graded".
        #[arg(long = "module", value_name = "NN")]
        modules: Vec<String>,
    },
    /// Grade one module: your code over the reference of earlier modules.
    Test {
        /// Module number, name or directory name: 03, 3, layers, 03_layers.
        module: String,
        /// Grade the reference implementation instead of your code (instructors).
        #[arg(long)]
        reference: bool,
    },
    /// Re-grade a module on every save: task table, first failing assertion, and keys
    /// (h hint, n next task, s status, q quit).
    Watch {
        /// Module number, name or directory name (default: the one your next task is in).
        module: Option<String>,
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
    /// Instructor and course-author commands: verify, verify-milestones, leaderboard, stubs,
    /// release, report, submissions, mutants.
    #[command(subcommand)]
    Dev(DevCommand),
}

/// `cargo grade dev ...`: what instructors and course authors run.
#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// The CI gate: manifest, stubs in sync, reference passes, stubs fail, knockouts caught.
    Verify {
        /// Only these modules (number, name or directory name; repeatable). The manifest
        /// and stub checks still cover the whole course.
        #[arg(long = "module")]
        modules: Vec<String>,
    },
    /// CI: every milestone fails a named gate under each knockout course.toml
    /// lists for it (the knocked-out module as the student's code, release builds).
    VerifyMilestones {
        /// Only these milestones (default: every built milestone that lists knockouts).
        ids: Vec<String>,
        /// Stop one milestone run after this many seconds (it is then reported broken).
        #[arg(long, default_value_t = 900, value_name = "SECS")]
        timeout_secs: u64,
    },
    /// Re-measure the capstone submissions in DIR on this machine and rank
    /// every event (terminal tables and a self-contained HTML page).
    Leaderboard {
        /// The folder of submissions (*.json beside their model files, or one subfolder each).
        dir: PathBuf,
        /// Where to write the HTML page (default: DIR/leaderboard.html).
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Extra arguments for the leaderboard program, e.g. --quick or --floor 0.95.
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },
    /// Mutation testing (cargo-mutants) of the solution regions against the graded tests:
    /// the score per module and every surviving mutant (slow: minutes per module).
    Mutants {
        /// Modules to run, one after the other (default: every built module).
        modules: Vec<String>,
        /// Mutants built and tested in parallel (each job beyond one copies the workspace).
        #[arg(long, default_value_t = 1, value_name = "J")]
        jobs: usize,
        /// Stop a mutant's test run after this many seconds (default: cargo-mutants
        /// derives it from the unmutated run).
        #[arg(long, value_name = "SECS")]
        timeout: Option<u64>,
    },
    /// Regenerate every module's src/student/ from src/reference/ (existing files are backed up).
    Stubs {
        /// Write nothing; exit 1 if a student file is out of date, missing or extra.
        #[arg(long)]
        check: bool,
        /// Only this module (number, name or directory name).
        #[arg(long, value_name = "NN")]
        module: Option<String>,
    },
    /// Write the student edition (no reference code) into DIR.
    Release {
        /// Where to write it: a new or empty directory outside this workspace.
        dir: PathBuf,
        /// Replace the contents of a non-empty DIR (a .git directory in it is kept).
        #[arg(long)]
        force: bool,
    },
    /// Grade and write a report for a class: points per task and module, and which code
    /// was tested (always recomputed, never from the cache).
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
    /// Grade a class: each submission's src/student/ files on a pristine copy of the
    /// course, module N over the reference of the modules below it (docs/RELEASE.md).
    Submissions {
        /// The instructor's workspace the edition was released from (default: this one).
        #[arg(long, value_name = "DIR")]
        release: Option<PathBuf>,
        /// Where the reports go (default: target/submissions/reports).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also run these milestones on each submission's whole chain (its code in every
        /// module; release builds, minutes each: 05 and 06 train networks).
        #[arg(long, value_name = "ID,...", value_delimiter = ',')]
        milestones: Vec<String>,
        /// Student repositories, or folders of them.
        #[arg(required = true, value_name = "SUBMISSION")]
        paths: Vec<PathBuf>,
    },
}

/// The clap command, with `dev` hidden from the help when `student_edition` (the
/// commands still run: a class's autograding calls `cargo grade dev report`).
pub fn cli(student_edition: bool) -> clap::Command {
    let cmd = Cli::command();
    if student_edition {
        cmd.mut_subcommand("dev", |dev| dev.hide(true))
    } else {
        cmd
    }
}

/// Parses the process's arguments; `dev` is hidden in a student edition's help.
pub fn parse() -> Cli {
    let student = manifest::find_workspace(None)
        .ok()
        .and_then(|ws| Course::load(&ws).ok().map(|c| c.is_student_edition(&ws)))
        .unwrap_or(false);
    let matches = cli(student).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Runs the parsed command line; `Ok` carries the exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let style = Style::detect();
    // These two work without a loadable course.toml.
    match &cli.command {
        Some(Command::Doctor) => return Ok(doctor::run(cli.workspace.as_deref(), style)),
        Some(Command::Dev(DevCommand::Report {
            from: Some(file),
            format,
            output,
            ..
        })) => return report::convert(file, *format, output.as_deref(), style),
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
    let Some(command) = cli.command else {
        return status::summary(ws, &course, &opts, style);
    };
    match command {
        Command::Status { json, modules } => status::run(ws, &course, &opts, &modules, json, style),
        Command::Test { module, reference } => {
            test::run(ws, &course, &module, reference, &opts, style)
        }
        Command::Watch { module } => watch::run(ws, &course, module.as_deref(), &opts, style),
        Command::Hint { task, level, all } => hint::run(&course, &task, level, all),
        Command::Milestone {
            id,
            reference,
            skip_check,
            args,
        } => milestone::run(ws, &course, &id, reference, skip_check, args, cli.verbose),
        Command::Perf { reference } => perf::run(ws, &course, reference, cli.verbose),
        Command::Reset { module, yes } => reset::run(ws, &course, &module, yes),
        Command::Doctor => Ok(doctor::run(Some(ws), style)),
        Command::Dev(dev) => run_dev(ws, &course, dev, &opts, hidden.as_deref(), style),
    }
}

/// `cargo grade dev ...`.
fn run_dev(
    ws: &Path,
    course: &Course,
    command: DevCommand,
    opts: &RunOptions,
    hidden: Option<&Path>,
    style: Style,
) -> Result<ExitCode> {
    match command {
        DevCommand::Verify { modules } => {
            verify::run(ws, course, &modules, hidden, opts.verbose, style)
        }
        DevCommand::VerifyMilestones { ids, timeout_secs } => {
            verify_milestones::run(ws, course, &ids, timeout_secs, opts.verbose, style)
        }
        DevCommand::Leaderboard { dir, html, args } => {
            leaderboard::run(ws, course, &dir, html.as_deref(), &args, opts.verbose)
        }
        DevCommand::Mutants {
            modules,
            jobs,
            timeout,
        } => {
            let opts = crate::grading::mutants::Options {
                jobs,
                timeout,
                hidden: hidden.map(Path::to_path_buf),
            };
            mutants::run(ws, course, &modules, &opts, style)
        }
        DevCommand::Stubs { check, module } => stubs::run(ws, course, check, module.as_deref()),
        DevCommand::Release { dir, force } => release::run(ws, course, dir, force),
        DevCommand::Report {
            format,
            output,
            modules,
            ..
        } => report::run(ws, course, opts, &modules, format, output.as_deref(), style),
        DevCommand::Submissions {
            release,
            out,
            milestones,
            paths,
        } => submissions::run(
            ws,
            &submissions::Request {
                release: release.as_deref(),
                out: out.as_deref(),
                milestones: &milestones,
                paths: &paths,
                hidden_tests: hidden,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(args: &[&str]) -> (bool, Vec<String>) {
        let cli = Cli::try_parse_from([&["grader", "milestone"], args].concat()).unwrap();
        match cli.command {
            Some(Command::Milestone {
                reference, args, ..
            }) => (reference, args),
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

    fn help(student_edition: bool) -> String {
        cli(student_edition).render_help().to_string()
    }

    #[test]
    fn student_commands_come_first_and_dev_last() {
        let text = help(false);
        let at = |name: &str| {
            text.find(&format!("\n  {name} "))
                .unwrap_or_else(|| panic!("{name} missing from:\n{text}"))
        };
        for student in [
            "status",
            "test",
            "watch",
            "hint",
            "milestone",
            "reset",
            "doctor",
        ] {
            assert!(at(student) < at("dev"), "{student} after dev:\n{text}");
        }
        // The instructor's commands are not at the top level.
        assert!(!text.contains("\n  verify "), "{text}");
        let dev = Cli::command()
            .find_subcommand_mut("dev")
            .unwrap()
            .render_help()
            .to_string();
        for name in ["verify", "stubs", "release", "report"] {
            assert!(
                dev.contains(&format!("\n  {name} ")),
                "{name} missing:\n{dev}"
            );
        }
    }

    #[test]
    fn a_student_edition_help_hides_dev_but_still_runs_it() {
        assert!(help(false).contains("\n  dev "));
        assert!(!help(true).contains("\n  dev "), "{}", help(true));
        let m = cli(true)
            .try_get_matches_from(["grader", "dev", "report", "--format", "json"])
            .unwrap();
        let parsed = Cli::from_arg_matches(&m).unwrap();
        assert!(matches!(
            parsed.command,
            Some(Command::Dev(DevCommand::Report { .. }))
        ));
    }

    #[test]
    fn a_bare_cargo_grade_parses_to_no_command() {
        let cli = Cli::try_parse_from(["grader"]).unwrap();
        assert!(cli.command.is_none());
    }
}

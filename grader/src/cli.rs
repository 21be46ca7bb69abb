//! The command line: `grader stubs | test | status | hint | verify | release | report |
//! reset | doctor | milestone | perf`. The newer commands' handlers live in [`crate::commands`].

use crate::commands;
use crate::error::Result;
use crate::grade::{self, GradeState, RunOptions};
use crate::manifest::{self, BuildStatus, Course};
use crate::milestone::{self, MilestoneOptions};
use crate::report::{self, Style};
use crate::report_formats::Format;
use crate::{bail, hidden, hint, stub_files, verify};
use clap::{Parser, Subcommand};
use std::io::Write;
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
        /// Skip the compression sweep (its GPT fine-tuning takes a few minutes).
        #[arg(long)]
        skip_sweep: bool,
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
        Command::Doctor => return Ok(commands::doctor(cli.workspace.as_deref(), style)),
        Command::Report {
            from: Some(file),
            format,
            output,
            ..
        } => return commands::convert_report(file, *format, output.as_deref(), style),
        _ => {}
    }
    let workspace = manifest::find_workspace(cli.workspace.as_deref())?;
    let course = Course::load(&workspace)?;
    let hidden = hidden::locate(&workspace, cli.hidden_tests.as_deref())?;
    let opts = RunOptions {
        hidden: hidden.clone(),
        ..RunOptions::new(&workspace, cli.verbose)
    };
    match cli.command {
        Command::Stubs { check, module } => stubs(&workspace, &course, check, module.as_deref()),
        Command::Test { module, reference } => {
            test(&workspace, &course, &module, reference, &opts, style)
        }
        Command::Status { json, modules } => {
            commands::status(&workspace, &course, &opts, &modules, json, style)
        }
        Command::Hint { task, level, all } => {
            emit(&hint::hint_text(&course, &task, level, all)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { modules } => Ok(exit(
            verify::run(
                &workspace,
                &course,
                &modules,
                hidden.as_deref(),
                cli.verbose,
                style,
            )?,
            1,
        )),
        Command::Release { dir, force } => commands::release(&workspace, &course, dir, force),
        Command::Report {
            format,
            output,
            modules,
            ..
        } => commands::report(
            &workspace,
            &course,
            &opts,
            &modules,
            format,
            output.as_deref(),
            style,
        ),
        Command::Reset { module, yes } => commands::reset(&workspace, &course, &module, yes),
        Command::Doctor => Ok(commands::doctor(Some(&workspace), style)),
        Command::Milestone {
            id,
            reference,
            skip_check,
            skip_sweep,
        } => {
            let opts = MilestoneOptions {
                reference,
                skip_check,
                skip_sweep,
                verbose: cli.verbose,
            };
            Ok(exit(
                milestone::run_milestone(&workspace, &course, &id, opts)?,
                1,
            ))
        }
        Command::Perf { reference } => {
            let opts = MilestoneOptions {
                reference,
                skip_check: true,
                skip_sweep: true,
                verbose: cli.verbose,
            };
            Ok(exit(milestone::run_perf(&workspace, &course, opts)?, 1))
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`cargo grade status | head` must not panic).
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// `SUCCESS` when `ok`, else exit code `code`.
pub fn exit(ok: bool, code: u8) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(code)
    }
}

fn stubs(workspace: &Path, course: &Course, check: bool, module: Option<&str>) -> Result<ExitCode> {
    let only = module.map(|q| course.find_module(q)).transpose()?;
    if let Some(m) = only
        && m.status == BuildStatus::Planned
    {
        bail!("module {} is planned: not built yet", m.label());
    }
    let plan = stub_files::plan(workspace, course, only)?;
    let mut out = String::new();
    for note in &plan.skipped {
        out.push_str(&format!("note: {note}\n"));
    }
    if check {
        for c in &plan.changes {
            out.push_str(&format!("{}: {}\n", c.drift.label(), c.path));
        }
        if plan.changes.is_empty() {
            out.push_str(&format!("stubs in sync ({} student files)\n", plan.in_sync));
        } else {
            out.push_str(&format!(
                "{} student file(s) out of sync with src/reference: run `cargo grade stubs`\n",
                plan.changes.len()
            ));
        }
        emit(&out);
        return Ok(exit(plan.changes.is_empty(), 1));
    }
    let applied = stub_files::apply(workspace, &plan.changes)?;
    for a in &applied {
        let verb = match a.drift {
            stub_files::Drift::Missing => "created",
            stub_files::Drift::OutOfDate => "updated",
            stub_files::Drift::Extra => "removed",
        };
        out.push_str(&format!("{verb} {}\n", a.path));
        if let Some(b) = &a.backup {
            out.push_str(&format!("  previous version saved to {}\n", b.display()));
        }
    }
    out.push_str(&format!(
        "{} file(s) written, {} already in sync\n",
        applied.len(),
        plan.in_sync
    ));
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

fn test(
    workspace: &Path,
    course: &Course,
    query: &str,
    reference: bool,
    opts: &RunOptions,
    style: Style,
) -> Result<ExitCode> {
    let module = course.find_module(query)?;
    if module.status == BuildStatus::Planned {
        bail!("module {} is planned: not built yet", module.label());
    }
    if reference && !module.has_reference(workspace) && module.dir(workspace).is_dir() {
        bail!(
            "module {} has no reference code here (student edition): grade your own code without --reference",
            module.label()
        );
    }
    if let Some(reason) = grade::unavailable(workspace, module) {
        bail!("{reason}");
    }
    let whose = if reference {
        "the reference"
    } else {
        "your code"
    };
    eprintln!(
        "grading module {} ({whose}): cargo test -p {} ...",
        module.label(),
        module.crate_name
    );
    let g = grade::grade_module(workspace, course, module, reference, opts)?;
    let readme = format!("{}/README.md", module.path);
    emit(&report::module_report(&g, &readme, style));
    let code = match g.state {
        GradeState::Graded if g.edition_problem.is_none() => exit(g.complete(), 1),
        _ => ExitCode::from(2),
    };
    Ok(code)
}

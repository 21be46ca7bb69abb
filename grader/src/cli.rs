//! The command line: `grader stubs | test | status | hint | verify`.

use crate::error::{Context, Result};
use crate::grade::{self, GradeState, RunOptions};
use crate::manifest::{self, BuildStatus, Course};
use crate::report::{self, Style};
use crate::{bail, hint, status, stub_files, verify};
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
    /// Progress over every module and milestone.
    Status {
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
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
}

/// Runs the parsed command line; `Ok` carries the exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let workspace = manifest::find_workspace(cli.workspace.as_deref())?;
    let course = Course::load(&workspace)?;
    let style = Style::detect();
    match cli.command {
        Command::Stubs { check, module } => stubs(&workspace, &course, check, module.as_deref()),
        Command::Test { module, reference } => {
            test(&workspace, &course, &module, reference, cli.verbose, style)
        }
        Command::Status { json } => status_cmd(&workspace, &course, json, cli.verbose, style),
        Command::Hint { task, level, all } => {
            emit(&hint::hint_text(&course, &task, level, all)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { modules } => Ok(exit(
            verify::run(&workspace, &course, &modules, cli.verbose, style)?,
            1,
        )),
    }
}

/// Writes to stdout, ignoring a closed pipe (`cargo grade status | head` must not panic).
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

fn exit(ok: bool, code: u8) -> ExitCode {
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

fn run_options(workspace: &Path, verbose: bool) -> RunOptions {
    RunOptions {
        cwd: workspace.to_path_buf(),
        target_dir: None,
        verbose,
        graded_only: false,
    }
}

fn test(
    workspace: &Path,
    course: &Course,
    query: &str,
    reference: bool,
    verbose: bool,
    style: Style,
) -> Result<ExitCode> {
    let module = course.find_module(query)?;
    if module.status == BuildStatus::Planned {
        bail!("module {} is planned: not built yet", module.label());
    }
    if let Some(reason) = grade::unavailable(workspace, module) {
        bail!("{reason}");
    }
    if reference && !module.has_reference(workspace) && module.dir(workspace).is_dir() {
        bail!(
            "module {} has no reference code here (student edition): grade your own code without --reference",
            module.label()
        );
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
    let g = grade::grade_module(
        workspace,
        course,
        module,
        reference,
        &run_options(workspace, verbose),
    )?;
    let readme = format!("{}/README.md", module.path);
    emit(&report::module_report(&g, &readme, style));
    let code = match g.state {
        GradeState::Graded if g.edition_problem.is_none() => exit(g.complete(), 1),
        _ => ExitCode::from(2),
    };
    Ok(code)
}

fn status_cmd(
    workspace: &Path,
    course: &Course,
    json: bool,
    verbose: bool,
    style: Style,
) -> Result<ExitCode> {
    if course.built().next().is_none() && !json {
        emit(&format!(
            "{}: no module is built yet ({} planned in course.toml). Nothing to grade; check back soon.\n",
            course.course.name,
            course.modules.len()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let opts = run_options(workspace, verbose);
    let view = status::collect(workspace, course, &opts, &mut |m| {
        eprintln!("grading module {} ...", m.label())
    })?;
    if json {
        let text = serde_json::to_string_pretty(&view).context("cannot write JSON")?;
        emit(&format!("{text}\n"));
    } else {
        emit(&status::render(&view, style));
    }
    Ok(ExitCode::SUCCESS)
}

//! `cargo grade leaderboard DIR`: the capstone's leaderboard, run on the reference.
//!
//! The grader never links module code: it runs the binary course.toml's `[leaderboard]`
//! table names (in that module's package) through cargo, every module compiled as the
//! reference, as `<bin> DIR --html OUT [ARGS...]`. The binary re-measures every submission
//! in DIR on this machine, prints the entries and one ranking per event, and writes the
//! same as a self-contained HTML page.

use crate::bail;
use crate::cargo::{self, Invocation};
use crate::course::edition::{self, Edition};
use crate::course::manifest::{BuildStatus, Course};
use crate::util::error::{Context, Result};
use std::path::{Path, PathBuf};

/// The HTML page's name in DIR when `--html` is not given.
pub const DEFAULT_PAGE: &str = "leaderboard.html";

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderboardRun {
    /// The submissions folder (absolute).
    pub dir: PathBuf,
    /// The HTML page.
    pub html: PathBuf,
}

/// Runs the leaderboard over `dir`; `html` defaults to `dir/leaderboard.html`; `extra`
/// goes to the binary after them (e.g. `--quick`, `--floor 0.95`).
///
/// # Errors
/// No `[leaderboard]` table, its module not built or without its reference (a student
/// edition), a missing `dir`, or a leaderboard that fails (its message is above).
pub fn run(
    workspace: &Path,
    course: &Course,
    dir: &Path,
    html: Option<&Path>,
    extra: &[String],
    verbose: bool,
) -> Result<LeaderboardRun> {
    let Some(board) = &course.leaderboard else {
        bail!(
            "course.toml has no [leaderboard] table (module = \"NN\", bin = \"...\"): this course has no leaderboard"
        );
    };
    let module = course.find_module(&board.module)?;
    if module.status != BuildStatus::Built || !module.has_reference(workspace) {
        bail!(
            "the leaderboard runs module {}'s reference, which this workspace does not have: run it in the instructor's workspace",
            module.number
        );
    }
    if !dir.is_dir() {
        bail!(
            "{} is not a folder: give the folder holding the submissions (*.json beside their model files)",
            dir.display()
        );
    }
    let dir = dir
        .canonicalize()
        .context(format!("cannot open {}", dir.display()))?;
    let html = match html {
        Some(p) => std::path::absolute(p).context(format!("bad path {}", p.display()))?,
        None => dir.join(DEFAULT_PAGE),
    };
    let mut args: Vec<String> = ["run", "--release", "--quiet", "-p"]
        .map(String::from)
        .to_vec();
    args.extend([module.crate_name.clone(), "--bin".into(), board.bin.clone()]);
    args.extend(["--".into(), dir.display().to_string()]);
    args.extend(["--html".into(), html.display().to_string()]);
    args.extend(extra.iter().cloned());
    let inv = Invocation {
        cwd: workspace.to_path_buf(),
        args,
        editions: edition::plan_all(workspace, course.built(), Edition::Reference),
        target_dir: None,
        // The tables are the point: show them as they are written.
        verbose: true,
    };
    if verbose {
        eprintln!("running: {}", cargo::display(&inv));
    }
    let output = cargo::run(&inv)?;
    if !output.success || !html.is_file() {
        bail!("the leaderboard did not finish: read its message above");
    }
    Ok(LeaderboardRun { dir, html })
}

//! `cargo grade leaderboard DIR [--html OUT] [ARGS...]` (instructors): re-measure and
//! rank the capstone submissions in DIR.

use crate::course::manifest::Course;
use crate::grading::leaderboard;
use crate::output::emit;
use crate::util::error::Result;
use std::path::Path;
use std::process::ExitCode;

/// Runs the leaderboard (its tables stream to the terminal) and names the page written.
pub fn run(
    workspace: &Path,
    course: &Course,
    dir: &Path,
    html: Option<&Path>,
    extra: &[String],
    verbose: bool,
) -> Result<ExitCode> {
    let run = leaderboard::run(workspace, course, dir, html, extra, verbose)?;
    emit(&format!(
        "leaderboard of {} written to {}\n",
        run.dir.display(),
        run.html.display()
    ));
    Ok(ExitCode::SUCCESS)
}

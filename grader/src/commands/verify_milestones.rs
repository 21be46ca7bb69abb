//! `cargo grade verify-milestones [ID...]` (instructors, CI): every milestone fails a
//! named gate under each knockout course.toml lists for it.

use crate::course::manifest::Course;
use crate::grading::milestone_knockouts::{self, Options};
use crate::output::milestone_knockouts::render;
use crate::output::{emit, exit};
use crate::util::error::Result;
use crate::util::term::Style;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Runs the knockouts of the milestones `ids` (all with knockouts when empty) and prints
/// the table; exit 1 when one is not caught or cannot be judged.
pub fn run(
    workspace: &Path,
    course: &Course,
    ids: &[String],
    timeout_secs: u64,
    verbose: bool,
    style: Style,
) -> Result<ExitCode> {
    let milestones = milestone_knockouts::select(course, ids)?;
    let opts = Options {
        verbose,
        time_limit: Duration::from_secs(timeout_secs),
    };
    let rows = milestone_knockouts::run_all(workspace, course, &milestones, &opts, &mut |_| {})?;
    emit(&render(&rows, style));
    Ok(exit(rows.iter().all(|r| r.caught()), 1))
}

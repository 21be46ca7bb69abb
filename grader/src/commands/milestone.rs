//! `cargo grade milestone NN [--reference] [--skip-check] [ARGS...]`: run a milestone on
//! the student's whole chain.

use crate::course::manifest::Course;
use crate::grading::milestone::{self, MilestoneOptions};
use crate::output::milestone::render_milestone;
use crate::output::{emit, exit};
use crate::util::error::Result;
use std::path::Path;
use std::process::ExitCode;

/// Runs milestone `id` and prints its verdict; exit 1 when not achieved.
pub fn run(
    workspace: &Path,
    course: &Course,
    id: &str,
    reference: bool,
    skip_check: bool,
    extra: Vec<String>,
    verbose: bool,
) -> Result<ExitCode> {
    let opts = MilestoneOptions {
        reference,
        skip_check,
        extra,
        verbose,
        target_dir: None,
    };
    let outcome = milestone::run_milestone(workspace, course, id, &opts)?;
    emit(&render_milestone(&outcome));
    Ok(exit(outcome.achieved(), 1))
}

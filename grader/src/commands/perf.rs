//! `cargo grade perf [--reference]`: the performance checks of course.toml's `[perf]`.

use crate::course::manifest::Course;
use crate::grading::milestone::{self, MilestoneOptions};
use crate::output::milestone::render_perf;
use crate::output::{emit, exit};
use crate::util::error::Result;
use std::path::Path;
use std::process::ExitCode;

/// Runs the checks and prints one line each; exit 1 when one fails.
pub fn run(workspace: &Path, course: &Course, reference: bool, verbose: bool) -> Result<ExitCode> {
    let opts = MilestoneOptions {
        reference,
        skip_check: true,
        verbose,
        ..MilestoneOptions::default()
    };
    let run = milestone::run_perf(workspace, course, &opts)?;
    emit(&render_perf(&run));
    Ok(exit(run.passed, 1))
}

//! `cargo grade dev verify [--module NN]...`: the CI gate, printed step by step.

use crate::course::manifest::Course;
use crate::grading::verify;
use crate::output::verify::{render_step, render_summary};
use crate::output::{emit, exit};
use crate::util::error::Result;
use crate::util::term::Style;
use std::path::Path;
use std::process::ExitCode;

/// Runs every step, printing each as it finishes, then the table and the verdict.
pub fn run(
    workspace: &Path,
    course: &Course,
    modules: &[String],
    hidden: Option<&Path>,
    verbose: bool,
    style: Style,
) -> Result<ExitCode> {
    let mut print_step = |step: &_| emit(&render_step(step, style));
    let v = verify::run(workspace, course, modules, hidden, verbose, &mut print_step)?;
    emit(&render_summary(&v, style));
    Ok(exit(v.passed(), 1))
}

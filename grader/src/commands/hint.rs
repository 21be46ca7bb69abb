//! `cargo grade hint NN.k [LEVEL | --all]`: the hints of a task, one at a time.

use crate::course::manifest::Course;
use crate::grading::hint;
use crate::output::emit;
use crate::util::error::Result;
use std::process::ExitCode;

/// Prints hint `level` (or all hints) of task `task`.
pub fn run(course: &Course, task: &str, level: Option<usize>, all: bool) -> Result<ExitCode> {
    emit(&hint::hint_text(course, task, level, all)?);
    Ok(ExitCode::SUCCESS)
}

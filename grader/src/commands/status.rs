//! `cargo grade status [--json] [--module NN]...`: progress over every module and milestone.

use crate::bail;
use crate::commands::progress::BuildLine;
use crate::course::manifest::{BuildStatus, Course, Module};
use crate::grading::cache::Policy;
use crate::grading::grade::RunOptions;
use crate::grading::report_schema::Report;
use crate::grading::status::{self, CourseStatus};
use crate::output::report_formats::{self, Format};
use crate::output::{self, emit};
use crate::util::error::Result;
use crate::util::fsutil;
use crate::util::term::Style;
use std::path::Path;
use std::process::ExitCode;

/// `cargo grade status [--json] [--module NN]...`.
pub fn run(
    workspace: &Path,
    course: &Course,
    opts: &RunOptions,
    modules: &[String],
    json: bool,
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
    let view = collect(workspace, course, opts, modules, Policy::Use)?;
    if json {
        let report = to_report(&view, workspace, course);
        emit(&report_formats::render(&report, Format::Json, style)?);
    } else {
        emit(&output::status::render(&view, style));
    }
    Ok(ExitCode::SUCCESS)
}

/// A bare `cargo grade`: the status (unchanged modules from the cache, so it is quick)
/// and how to go on.
pub fn summary(
    workspace: &Path,
    course: &Course,
    opts: &RunOptions,
    style: Style,
) -> Result<ExitCode> {
    let code = run(workspace, course, opts, &[], false, style)?;
    emit(
        "\n`cargo grade watch` re-grades your current module on every save; `cargo grade --help` lists every command.\n",
    );
    Ok(code)
}

/// Grades the selected modules (all built ones when `modules` is empty); `policy` says
/// whether unchanged modules may answer from the result cache.
pub(super) fn collect(
    workspace: &Path,
    course: &Course,
    opts: &RunOptions,
    modules: &[String],
    policy: Policy,
) -> Result<CourseStatus> {
    let only = selected(course, modules)?;
    let mut line = BuildLine::new(workspace);
    status::collect(workspace, course, opts, &only, policy, &mut |p| {
        line.report(p)
    })
}

/// The numbers of the modules named by `--module` (each must be built).
fn selected(course: &Course, queries: &[String]) -> Result<Vec<String>> {
    let mut numbers = Vec::new();
    for q in queries {
        let m: &Module = course.find_module(q)?;
        if m.status == BuildStatus::Planned {
            bail!("module {} is planned: not built yet", m.label());
        }
        numbers.push(m.number.clone());
    }
    Ok(numbers)
}

pub(super) fn to_report(view: &CourseStatus, workspace: &Path, course: &Course) -> Report {
    Report::from_status(
        view,
        course,
        course.is_student_edition(workspace),
        fsutil::unix_seconds(),
    )
}

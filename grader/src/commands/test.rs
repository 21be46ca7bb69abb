//! `cargo grade test NN [--reference]`: grade one module and print its report.

use crate::bail;
use crate::commands::progress::BuildLine;
use crate::course::manifest::{BuildStatus, Course};
use crate::grading::grade::{self, GradeState, RunOptions};
use crate::grading::status::Progress;
use crate::output::module_report::module_report;
use crate::output::{emit, exit};
use crate::util::error::Result;
use crate::util::term::Style;
use std::path::Path;
use std::process::ExitCode;

/// Grades module `query` (the student's code, or the reference) and prints the report.
pub fn run(
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
    let mut line = BuildLine::new(workspace);
    let g = grade::grade_module_with(workspace, course, module, reference, opts, &mut |e| {
        line.report(Progress::Build(e))
    })?;
    drop(line);
    let readme = format!("{}/README.md", module.path);
    emit(&module_report(&g, &readme, style));
    let code = match g.state {
        GradeState::Graded if g.edition_problem.is_none() => exit(g.complete(), 1),
        _ => ExitCode::from(2),
    };
    Ok(code)
}

//! `cargo grade doctor`: the toolchain, offline readiness, disk space and the workspace.

use crate::grading::doctor::{self, Level};
use crate::output::{emit, exit};
use crate::util::term::Style;
use std::path::Path;
use std::process::ExitCode;

/// `cargo grade doctor`: exit 0 without problems, 1 with.
pub fn run(workspace: Option<&Path>, style: Style) -> ExitCode {
    let findings = doctor::run(workspace);
    emit(&doctor::render(&findings, style));
    exit(!findings.iter().any(|f| f.level == Level::Problem), 1)
}

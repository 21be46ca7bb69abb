//! `cargo grade dev stubs [--check] [--module NN]`: regenerate (or check) every `src/student/`.

use crate::bail;
use crate::course::manifest::{BuildStatus, Course};
use crate::course::stub_files;
use crate::output::{emit, exit};
use crate::util::error::Result;
use std::path::Path;
use std::process::ExitCode;

/// Regenerates the student files, or with `check` only compares them.
pub fn run(
    workspace: &Path,
    course: &Course,
    check: bool,
    module: Option<&str>,
) -> Result<ExitCode> {
    let only = module.map(|q| course.find_module(q)).transpose()?;
    if let Some(m) = only
        && m.status == BuildStatus::Planned
    {
        bail!("module {} is planned: not built yet", m.label());
    }
    let plan = stub_files::plan(workspace, course, only)?;
    let mut out = String::new();
    for note in &plan.skipped {
        out.push_str(&format!("note: {note}\n"));
    }
    if check {
        for c in &plan.changes {
            out.push_str(&format!("{}: {}\n", c.drift.label(), c.path));
        }
        if plan.changes.is_empty() {
            out.push_str(&format!("stubs in sync ({} student files)\n", plan.in_sync));
        } else {
            out.push_str(&format!(
                "{} student file(s) out of sync with src/reference: run `cargo grade dev stubs`\n",
                plan.changes.len()
            ));
        }
        emit(&out);
        return Ok(exit(plan.changes.is_empty(), 1));
    }
    let applied = stub_files::apply(workspace, &plan.changes)?;
    for a in &applied {
        let verb = match a.drift {
            stub_files::Drift::Missing => "created",
            stub_files::Drift::OutOfDate => "updated",
            stub_files::Drift::Extra => "removed",
        };
        out.push_str(&format!("{verb} {}\n", a.path));
        if let Some(b) = &a.backup {
            out.push_str(&format!("  previous version saved to {}\n", b.display()));
        }
    }
    out.push_str(&format!(
        "{} file(s) written, {} already in sync\n",
        applied.len(),
        plan.in_sync
    ));
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

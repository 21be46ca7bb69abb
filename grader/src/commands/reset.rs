//! `cargo grade reset <module> [--yes]`: put a module's original stubs back.

use crate::course::manifest::Course;
use crate::course::stub_files::Drift;
use crate::grading::reset;
use crate::output::{emit, exit};
use crate::util::error::Result;
use crate::util::fsutil;
use std::path::Path;
use std::process::ExitCode;

/// `cargo grade reset <module> [--yes]`.
pub fn run(workspace: &Path, course: &Course, query: &str, yes: bool) -> Result<ExitCode> {
    let module = course.find_module(query)?;
    let plan = reset::plan(workspace, course, module)?;
    let source = match &plan.source {
        reset::Source::Reference => "generated from src/reference".to_string(),
        reset::Source::Snapshot(dir) => format!(
            "the edition's pristine copy in {}",
            fsutil::relative_slash(workspace, dir)
        ),
    };
    if plan.changes.is_empty() {
        emit(&format!(
            "module {}: every file already is its stub ({} files); nothing to do.\n",
            module.label(),
            plan.in_sync
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let overwrites: Vec<String> = plan
        .overwrites()
        .map(|c| format!("  {} ({})\n", c.path, verb(c.drift)))
        .collect();
    if !overwrites.is_empty() && !yes {
        emit(&format!(
            "module {}: resetting would replace {} of your file(s) with the stubs ({source}):\n{}Nothing was changed. Run `cargo grade reset {} --yes` to do it; your files are backed up first.\n",
            module.label(),
            overwrites.len(),
            overwrites.concat(),
            module.number
        ));
        return Ok(exit(false, 1));
    }
    let done = reset::apply(workspace, &plan)?;
    let mut out = format!("module {}: stubs restored ({source}).\n", module.label());
    for a in &done.applied {
        out.push_str(&format!("  {} {}\n", verb(a.drift), a.path));
    }
    if let Some(dir) = &done.backup_dir {
        out.push_str(&format!("Your previous files are in {}\n", dir.display()));
    }
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

fn verb(drift: Drift) -> &'static str {
    match drift {
        Drift::Missing => "created",
        Drift::OutOfDate => "overwritten",
        Drift::Extra => "removed",
    }
}

//! `cargo grade dev release DIR [--force]`: write the student edition.

use crate::course::manifest::Course;
use crate::grading::release::{self, ReleaseOptions};
use crate::grading::reset;
use crate::output::emit;
use crate::util::error::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `cargo grade dev release DIR [--force]`.
pub fn run(workspace: &Path, course: &Course, dir: PathBuf, force: bool) -> Result<ExitCode> {
    eprintln!("writing the student edition to {} ...", dir.display());
    let s = release::release(workspace, course, &ReleaseOptions { dir, force })?;
    let mut out = format!(
        "Student edition written to {} ({} files).\n",
        s.dir.display(),
        s.files
    );
    out.push_str(&format!("  modules: {}\n", s.modules.join(" ")));
    if !s.left_out.is_empty() {
        out.push_str(&format!(
            "  left out (planned in course.toml): {}\n",
            s.left_out.join(", ")
        ));
    }
    if let Some(w) = &s.lock_warning {
        out.push_str(&format!("  warning: {w}\n"));
    }
    out.push_str(&format!(
        "  removed: every module's src/reference/, {}; instructor-only: {}\n",
        release::MODULE_INSTRUCTOR_FILES.join(", "),
        release::INSTRUCTOR_ONLY.join(", ")
    ));
    out.push_str(&format!(
        "  added: README.md for students, {}, {}/ ({} stub files for `cargo grade reset`)\n",
        release::WORKFLOW_PATH,
        reset::SNAPSHOT_DIR,
        s.stub_files
    ));
    out.push_str(
        "  scan: no solution marker, reference directory, knockout list or hidden test in it\n",
    );
    out.push_str(&format!(
        "\nNext: cd {} && cargo test   (it builds; the graded tests fail with their todo!() messages)\n      then commit it and use it as the GitHub Classroom template repository (docs/RELEASE.md).\n",
        s.dir.display()
    ));
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

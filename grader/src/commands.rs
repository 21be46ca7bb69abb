//! Handlers of `cargo grade status | release | report | reset | doctor`: they turn the
//! library's results into text, files and exit codes. Nothing here asks on a terminal.

use crate::bail;
use crate::cli::{emit, exit};
use crate::doctor::{self, Level};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::grade::RunOptions;
use crate::manifest::{BuildStatus, Course, Module};
use crate::release::{self, ReleaseOptions};
use crate::report::Style;
use crate::report_formats::{self, Format};
use crate::report_schema::{self, Report};
use crate::reset;
use crate::status::{self, CourseStatus};
use crate::stub_files::Drift;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `cargo grade status [--json] [--module NN]...`.
pub fn status(
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
    let view = collect(workspace, course, opts, modules)?;
    if json {
        let report = to_report(&view, workspace, course);
        emit(&report_formats::render(&report, Format::Json, style)?);
    } else {
        emit(&status::render(&view, style));
    }
    Ok(ExitCode::SUCCESS)
}

/// Grades the selected modules (all built ones when `modules` is empty).
fn collect(
    workspace: &Path,
    course: &Course,
    opts: &RunOptions,
    modules: &[String],
) -> Result<CourseStatus> {
    let only = selected(course, modules)?;
    status::collect(workspace, course, opts, &only, &mut |m| {
        eprintln!("grading module {} ...", m.label())
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

fn to_report(view: &CourseStatus, workspace: &Path, course: &Course) -> Report {
    Report::from_status(
        view,
        course,
        course.is_student_edition(workspace),
        fsutil::unix_seconds(),
    )
}

/// `cargo grade report --format F [--output FILE] [--module NN]...`.
pub fn report(
    workspace: &Path,
    course: &Course,
    opts: &RunOptions,
    modules: &[String],
    format: Format,
    output: Option<&Path>,
    style: Style,
) -> Result<ExitCode> {
    let view = collect(workspace, course, opts, modules)?;
    let report = to_report(&view, workspace, course);
    deliver(&report, format, output, style)
}

/// `cargo grade report --from FILE --format F`: re-renders a saved JSON report.
pub fn convert_report(
    file: &Path,
    format: Format,
    output: Option<&Path>,
    style: Style,
) -> Result<ExitCode> {
    let text = fsutil::read(file)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::new(format!("{}: not JSON ({e})", file.display())))?;
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(report_schema::SCHEMA_VERSION)) {
        bail!(
            "{}: schema_version {} is not supported (this grader reads {}): write the report again with this grader",
            file.display(),
            version.map_or("missing".to_string(), |v| v.to_string()),
            report_schema::SCHEMA_VERSION
        );
    }
    let report: Report = serde_json::from_value(value).map_err(|e| {
        Error::new(format!(
            "{}: not a grade report ({e}); see docs/REPORT_SCHEMA.md",
            file.display()
        ))
    })?;
    deliver(&report, format, output, style)
}

fn deliver(
    report: &Report,
    format: Format,
    output: Option<&Path>,
    style: Style,
) -> Result<ExitCode> {
    let plain = if output.is_some() {
        Style::plain()
    } else {
        style
    };
    let text = report_formats::render(report, format, plain)?;
    match output {
        None => emit(&text),
        Some(path) => {
            if path.is_dir() {
                bail!(
                    "--output {} is a directory: name a file, e.g. {}/report.json",
                    path.display(),
                    path.display()
                );
            }
            fsutil::write_atomic(path, &text)?;
            eprintln!(
                "report written to {} ({}/{} points)",
                path.display(),
                report.points,
                report.max_points
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `cargo grade release DIR [--force]`.
pub fn release(workspace: &Path, course: &Course, dir: PathBuf, force: bool) -> Result<ExitCode> {
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

/// `cargo grade reset <module> [--yes]`.
pub fn reset(workspace: &Path, course: &Course, query: &str, yes: bool) -> Result<ExitCode> {
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

/// `cargo grade doctor`: exit 0 without problems, 1 with.
pub fn doctor(workspace: Option<&Path>, style: Style) -> ExitCode {
    let findings = doctor::run(workspace);
    emit(&doctor::render(&findings, style));
    exit(!findings.iter().any(|f| f.level == Level::Problem), 1)
}

//! `cargo grade dev report`: grade and write a report, or convert a saved JSON report (`--from`).

use super::status::{collect, to_report};
use crate::bail;
use crate::course::manifest::Course;
use crate::grading::cache::Policy;
use crate::grading::grade::RunOptions;
use crate::grading::integrity;
use crate::grading::report_schema::{self, Report};
use crate::output::emit;
use crate::output::report_formats::{self, Format};
use crate::util::error::{Error, Result};
use crate::util::fsutil;
use crate::util::term::Style;
use std::path::Path;
use std::process::ExitCode;

/// `cargo grade dev report --format F [--output FILE] [--module NN]...`.
pub fn run(
    workspace: &Path,
    course: &Course,
    opts: &RunOptions,
    modules: &[String],
    format: Format,
    output: Option<&Path>,
    style: Style,
) -> Result<ExitCode> {
    // Never from the cache: a grade handed in comes from a run.
    let view = collect(workspace, course, opts, modules, Policy::Refresh)?;
    let report = to_report(&view, workspace, course);
    let delivered = deliver(&report, format, output, style)?;
    // A report from a copy whose instructor files changed is written (so the problem is
    // on record) but must not pass as a grade: the Classroom step fails on it.
    match integrity::check(workspace)?.filter(|t| !t.is_empty()) {
        Some(tampering) => {
            eprintln!("{}", tampering.problem());
            Ok(ExitCode::FAILURE)
        }
        None => Ok(delivered),
    }
}

/// `cargo grade dev report --from FILE --format F`: re-renders a saved JSON report.
pub fn convert(
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

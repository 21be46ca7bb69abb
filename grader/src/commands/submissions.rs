//! `cargo grade dev submissions [--release DIR] [--out DIR] SUBMISSION...`: grade a class.

use crate::bail;
use crate::course::manifest::Course;
use crate::grading::class_milestones;
use crate::grading::hidden;
use crate::grading::submissions::{self, ClassOptions, ClassReport};
use crate::output::emit;
use crate::util::error::{Context, Result};
use crate::util::fsutil;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `cargo grade dev submissions` was asked.
pub struct Request<'a> {
    /// The instructor's workspace (default: this one).
    pub release: Option<&'a Path>,
    /// Where the reports go.
    pub out: Option<&'a Path>,
    /// Milestone ids to run on each submission's whole chain.
    pub milestones: &'a [String],
    /// Submissions, or folders of them.
    pub paths: &'a [PathBuf],
    /// The hidden-test directory, when given.
    pub hidden_tests: Option<&'a Path>,
}

/// Grades every submission against the instructor's course in `release` (default: this
/// workspace), writes one JSON report per submission and the class table (CSV and JSON)
/// into `out`, and prints the table.
pub fn run(workspace: &Path, request: &Request) -> Result<ExitCode> {
    let Request {
        release,
        out,
        milestones,
        paths,
        hidden_tests,
    } = *request;
    let course_dir = release.unwrap_or(workspace);
    let course = Course::load(course_dir)?;
    if course.is_student_edition(course_dir) {
        bail!(
            "{} is a student edition (no reference code): give --release the instructor's workspace, which grades module N over the reference of the modules below it",
            course_dir.display()
        );
    }
    let list = submissions::expand(paths)?;
    let opts = ClassOptions {
        hidden: hidden::locate(course_dir, hidden_tests)?,
        milestones: class_milestones::select(&course, milestones)?,
    };
    let out = out.map_or_else(
        || fsutil::target_base(course_dir).join("submissions/reports"),
        Path::to_path_buf,
    );
    std::fs::create_dir_all(&out).context(format!("cannot create {}", out.display()))?;
    let report = submissions::grade_all(course_dir, &course, &list, &opts, &mut |s| {
        eprintln!(
            "  {}: {}/{} points in {:.1} s{}",
            s.student,
            s.total,
            s.max_total,
            s.seconds,
            if s.problems.is_empty() {
                ""
            } else {
                " (problems, see the report)"
            }
        );
    })?;
    write_reports(&report, &out)?;
    emit(&submissions::class_csv(&report));
    eprintln!("reports written to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

fn write_reports(report: &ClassReport, out: &Path) -> Result<()> {
    for s in &report.submissions {
        let text = serde_json::to_string_pretty(s).context("cannot encode a report")?;
        fsutil::write(
            &out.join(format!("{}.json", s.student)),
            &format!("{text}\n"),
        )?;
    }
    let text = serde_json::to_string_pretty(report).context("cannot encode the class report")?;
    fsutil::write(&out.join("class.json"), &format!("{text}\n"))?;
    fsutil::write(&out.join("class.csv"), &submissions::class_csv(report))
}

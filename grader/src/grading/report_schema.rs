//! The machine-readable grade report (`cargo grade dev report`, `cargo grade status --json`):
//! one stable JSON document, documented in `docs/REPORT_SCHEMA.md`. Every other format
//! (table, JUnit, CSV, GitHub Classroom) is rendered from it, so `--from FILE` can turn
//! a saved report into any of them without grading again.
//!
//! Compatibility: fields are only ever added within a `schema_version`; renaming or
//! removing one, or changing its meaning, bumps the version.

use crate::course::manifest::Course;
use crate::grading::grade::{GradeState, ModuleGrade};
use crate::grading::status::{CourseStatus, MilestoneState, ModuleResult, ModuleStatus};
use crate::util::serde_name;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema version this grader writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Course name from course.toml.
    pub course: String,
    /// Version of the grader that wrote the report.
    pub grader_version: String,
    /// When it was written, seconds since the Unix epoch.
    pub generated_at_unix: u64,
    /// `instructor` (reference code present) or `student_edition`.
    pub workspace: String,
    /// Points earned over every module.
    pub points: u32,
    /// Points available over every module (planned modules count their tasks, if any).
    pub max_points: u32,
    /// Every module of course.toml, in course order.
    pub modules: Vec<ModuleReport>,
    /// Every milestone.
    pub milestones: Vec<MilestoneReport>,
}

/// One module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleReport {
    /// Two-digit number.
    pub number: String,
    /// Short name.
    pub name: String,
    /// Display title.
    pub title: String,
    /// complete, in_progress, not_started, build_failed, edition_not_proven, unavailable,
    /// planned, not_graded.
    pub result: ModuleResult,
    /// Which code was tested; absent when the module was not graded.
    pub edition: Option<EditionReport>,
    /// Points earned (0 unless the edition is proven).
    pub points: u32,
    /// Points available.
    pub max_points: u32,
    /// Graded tests that passed.
    pub tests_passed: usize,
    /// Graded tests that ran.
    pub tests_total: usize,
    /// How many of those came from hidden (instructor-only) test files.
    pub hidden_tests: usize,
    /// Every task of the module (status `not_graded` when the module was not graded).
    pub tasks: Vec<TaskReport>,
    /// Compiler errors, crashes, warnings: why points may be missing beyond the tasks.
    pub problems: Vec<String>,
}

/// Which code a module's tests ran on, from the module's edition probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionReport {
    /// Module number → `student` or `reference`: what the probe reported, or what the
    /// grader asked for when there is no proof.
    pub tested: BTreeMap<String, String>,
    /// True when the probe proved it (no points otherwise).
    pub proven: bool,
    /// e.g. `03=student (your code) over 01=reference 02=reference`.
    pub summary: String,
    /// Why it is not proven.
    pub problem: Option<String>,
}

/// One task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskReport {
    /// `NN.k`.
    pub id: String,
    /// Display title.
    pub title: String,
    /// done, todo, failing, no_tests, not_run, not_graded.
    pub status: String,
    /// Points earned (all or nothing).
    pub points: u32,
    /// Points available.
    pub max_points: u32,
    /// Tests of the task that passed.
    pub tests_passed: usize,
    /// Tests of the task.
    pub tests_total: usize,
    /// The tests that did not pass.
    pub failures: Vec<FailureReport>,
}

/// A test that did not pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureReport {
    /// Full test name.
    pub test: String,
    /// `todo` (reached a stub), `failed` or `ignored`.
    pub kind: String,
    /// First lines of the panic message.
    pub message: Vec<String>,
}

/// One milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneReport {
    /// Milestone id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// locked, unlocked or achieved.
    pub state: MilestoneState,
    /// False while course.toml marks it planned.
    pub built: bool,
    /// Required modules not complete.
    pub missing: Vec<String>,
    /// When its matching record was written (achieved only).
    pub achieved_at_unix: Option<u64>,
    /// What to know or do next.
    pub note: Option<String>,
}

impl Report {
    /// The report of a status view of `course`. `student_edition` says which kind of
    /// workspace it is.
    pub fn from_status(
        status: &CourseStatus,
        course: &Course,
        student_edition: bool,
        now_unix: u64,
    ) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            course: status.course.clone(),
            grader_version: env!("CARGO_PKG_VERSION").to_string(),
            generated_at_unix: now_unix,
            workspace: if student_edition {
                "student_edition"
            } else {
                "instructor"
            }
            .to_string(),
            points: status.points,
            max_points: status.max_points,
            modules: status
                .modules
                .iter()
                .map(|row| module_report(row, course))
                .collect(),
            milestones: status
                .milestones
                .iter()
                .map(|m| MilestoneReport {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    state: m.state,
                    built: m.built,
                    missing: m.missing.clone(),
                    achieved_at_unix: m.achieved_at_unix,
                    note: m.note.clone(),
                })
                .collect(),
        }
    }

    /// The modules that were graded (not planned, not left out).
    pub fn graded_modules(&self) -> impl Iterator<Item = &ModuleReport> {
        self.modules.iter().filter(|m| m.edition.is_some())
    }
}

fn module_report(row: &ModuleStatus, course: &Course) -> ModuleReport {
    let mut report = ModuleReport {
        number: row.number.clone(),
        name: row.name.clone(),
        title: row.title.clone(),
        result: row.result,
        edition: None,
        points: row.points,
        max_points: row.max_points,
        tests_passed: row.tests_passed,
        tests_total: row.tests_total,
        hidden_tests: 0,
        tasks: Vec::new(),
        problems: Vec::new(),
    };
    match &row.grade {
        Some(g) => fill_from_grade(&mut report, g),
        None => report.tasks = ungraded_tasks(course, &row.number),
    }
    report
}

fn ungraded_tasks(course: &Course, number: &str) -> Vec<TaskReport> {
    let tasks = course
        .modules
        .iter()
        .find(|m| m.number == number)
        .map(|m| m.tasks.as_slice())
        .unwrap_or_default();
    tasks
        .iter()
        .map(|t| TaskReport {
            id: t.id.clone(),
            title: t.title.clone(),
            status: "not_graded".to_string(),
            points: 0,
            max_points: t.points,
            tests_passed: 0,
            tests_total: 0,
            failures: Vec::new(),
        })
        .collect()
}

fn fill_from_grade(report: &mut ModuleReport, g: &ModuleGrade) {
    let tested = g.observed.as_ref().unwrap_or(&g.requested);
    report.edition = Some(EditionReport {
        tested: tested
            .iter()
            .map(|(n, e)| (n.clone(), e.as_str().to_string()))
            .collect(),
        proven: g.observed.is_some() && g.edition_problem.is_none(),
        summary: g.edition_summary(),
        problem: g.edition_problem.clone(),
    });
    report.hidden_tests = g.hidden_tests;
    let trusted = g.trusted();
    report.tasks = g
        .tasks
        .iter()
        .map(|t| TaskReport {
            id: t.id.clone(),
            title: t.title.clone(),
            status: serde_name(&t.status),
            points: if trusted { t.points } else { 0 },
            max_points: t.max_points,
            tests_passed: t.passed,
            tests_total: t.total,
            failures: t
                .failures
                .iter()
                .map(|f| FailureReport {
                    test: f.test.clone(),
                    kind: match (f.ignored, f.todo) {
                        (true, _) => "ignored",
                        (false, true) => "todo",
                        (false, false) => "failed",
                    }
                    .to_string(),
                    message: f.message.clone(),
                })
                .collect(),
        })
        .collect();
    match &g.state {
        GradeState::BuildFailed { errors } => report.problems.extend(errors.iter().cloned()),
        GradeState::Unavailable { reason } => report.problems.push(reason.clone()),
        GradeState::Graded => {}
    }
    report
        .problems
        .extend(g.crashed.iter().chain(&g.warnings).cloned());
}

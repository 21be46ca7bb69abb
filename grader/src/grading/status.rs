//! `cargo grade status`: every module graded in course order, milestones, total, next step.
//!
//! A module's grade comes from a run of its tests, or from the result cache when nothing
//! that decides it changed since ([`crate::grading::cache`]); a milestone's state is
//! recomputed from those grades and its record ([`crate::grading::milestone_record`]), so
//! the view cannot drift from the code.

use crate::course::edition::{Edition, Editions};
use crate::course::manifest::{BuildStatus, Course, Milestone, Module};
pub use crate::grading::cache::Progress;
use crate::grading::cache::{self, Fingerprinter, Policy};
use crate::grading::grade::{GradeState, ModuleGrade, RunOptions};
use crate::grading::milestone_record::{self, RecordState};
use crate::util::error::Result;
use crate::util::serde_name;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where a module stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModuleResult {
    /// Every task done, edition proven.
    Complete,
    /// Some graded tests pass.
    InProgress,
    /// No graded test passes yet.
    NotStarted,
    /// The code does not compile.
    BuildFailed,
    /// The tests ran but the probe did not prove which code ran: no points.
    EditionNotProven,
    /// The module cannot be graded (its crate is missing).
    Unavailable,
    /// Listed in course.toml, not built yet.
    Planned,
    /// Built, but left out of this run (`--module`).
    NotGraded,
}

impl ModuleResult {
    /// The words shown in tables.
    pub fn label(self) -> &'static str {
        match self {
            ModuleResult::Complete => "complete",
            ModuleResult::InProgress => "in progress",
            ModuleResult::NotStarted => "not started",
            ModuleResult::BuildFailed => "build failed",
            ModuleResult::EditionNotProven => "edition not proven",
            ModuleResult::Unavailable => "unavailable",
            ModuleResult::Planned => "planned",
            ModuleResult::NotGraded => "not graded",
        }
    }

    /// The snake_case name used in JSON and CSV, e.g. `in_progress`: its serde name,
    /// so the strings live in one place (the `rename_all` above).
    pub fn key(self) -> String {
        serde_name(&self)
    }
}

/// One module row of the status view.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleStatus {
    /// Two-digit number.
    pub number: String,
    /// Short name.
    pub name: String,
    /// Display title.
    pub title: String,
    /// Built (in course.toml) or not.
    pub built: bool,
    /// Where it stands.
    pub result: ModuleResult,
    /// e.g. "student over reference".
    pub edition_tested: String,
    /// Tasks done.
    pub tasks_done: usize,
    /// Tasks in the module.
    pub tasks_total: usize,
    /// Graded tests passed.
    pub tests_passed: usize,
    /// Graded tests run.
    pub tests_total: usize,
    /// Points earned.
    pub points: u32,
    /// Points available.
    pub max_points: u32,
    /// The full grade (absent when not graded).
    pub grade: Option<ModuleGrade>,
}

/// Where a milestone stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// Some required module is not complete.
    Locked,
    /// Every required module is complete; the milestone has not run successfully on
    /// this code yet.
    Unlocked,
    /// Unlocked, and a milestone record matches the current sources.
    Achieved,
}

impl MilestoneState {
    /// The word shown in tables.
    pub fn label(self) -> &'static str {
        match self {
            MilestoneState::Locked => "locked",
            MilestoneState::Unlocked => "unlocked",
            MilestoneState::Achieved => "achieved",
        }
    }
}

/// One milestone row.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneStatus {
    /// Milestone id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// The year of the result it recreates.
    pub year: Option<u32>,
    /// False while course.toml marks it planned (it cannot run yet).
    pub built: bool,
    /// Locked, unlocked or achieved.
    pub state: MilestoneState,
    /// The modules it needs, complete.
    pub requires: Vec<String>,
    /// Required modules not complete yet.
    pub missing: Vec<String>,
    /// When the matching record was written (achieved only).
    pub achieved_at_unix: Option<u64>,
    /// What to know or do next, e.g. why a record does not count.
    pub note: Option<String>,
}

/// The next thing to do.
#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    /// Module number (the milestone's last required module for a milestone step).
    pub module: String,
    /// Milestone id, when the next step is to run a milestone that just unlocked.
    pub milestone: Option<String>,
    /// Task id, if a task is next.
    pub task: Option<String>,
    /// What to run.
    pub command: String,
    /// One sentence.
    pub message: String,
}

/// The whole status view.
#[derive(Debug, Clone, Serialize)]
pub struct CourseStatus {
    /// Course name.
    pub course: String,
    /// Every module in course order.
    pub modules: Vec<ModuleStatus>,
    /// Every milestone.
    pub milestones: Vec<MilestoneStatus>,
    /// Points earned over all modules.
    pub points: u32,
    /// Points available over all modules.
    pub max_points: u32,
    /// The next step, or none when everything graded is complete.
    pub next_step: Option<NextStep>,
}

/// Grades every built module (one cargo run each, in order; only the modules numbered in
/// `only` when it is not empty) and assembles the view. With [`Policy::Use`] a module
/// whose inputs did not change since its last grading answers from the cache
/// ([`crate::grading::cache`]); `progress` is told which module is being graded (never
/// a cached one) and how its build goes.
pub fn collect(
    workspace: &Path,
    course: &Course,
    opts: &RunOptions,
    only: &[String],
    policy: Policy,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<CourseStatus> {
    let mut fp = Fingerprinter::new(workspace, course)?;
    let mut modules = Vec::new();
    for module in &course.modules {
        let row = match module.status {
            BuildStatus::Planned => ungraded_row(module, ModuleResult::Planned),
            BuildStatus::Built if !only.is_empty() && !only.contains(&module.number) => {
                ungraded_row(module, ModuleResult::NotGraded)
            }
            BuildStatus::Built => {
                let (g, _cached) = cache::grade_module(&mut fp, module, opts, policy, progress)?;
                graded_row(module, g)
            }
        };
        modules.push(row);
    }
    let milestones: Vec<MilestoneStatus> = course
        .milestones
        .iter()
        .map(|m| milestone_row(workspace, course, m, &modules))
        .collect();
    let points = modules.iter().map(|m| m.points).sum();
    let max_points = modules.iter().map(|m| m.max_points).sum();
    let next_step = milestone_step(&milestones).or_else(|| next_step(&modules));
    Ok(CourseStatus {
        course: course.course.name.clone(),
        modules,
        milestones,
        points,
        max_points,
        next_step,
    })
}

fn ungraded_row(module: &Module, result: ModuleResult) -> ModuleStatus {
    ModuleStatus {
        number: module.number.clone(),
        name: module.name.clone(),
        title: module.title.clone(),
        built: module.status == BuildStatus::Built,
        result,
        edition_tested: String::new(),
        tasks_done: 0,
        tasks_total: module.tasks.len(),
        tests_passed: 0,
        tests_total: 0,
        points: 0,
        max_points: module.max_points(),
        grade: None,
    }
}

fn graded_row(module: &Module, g: ModuleGrade) -> ModuleStatus {
    let (tests_passed, tests_total) = g.tests();
    let result = match &g.state {
        GradeState::Unavailable { .. } => ModuleResult::Unavailable,
        GradeState::BuildFailed { .. } => ModuleResult::BuildFailed,
        GradeState::Graded if g.edition_problem.is_some() => ModuleResult::EditionNotProven,
        GradeState::Graded if g.complete() => ModuleResult::Complete,
        GradeState::Graded if tests_passed == 0 => ModuleResult::NotStarted,
        GradeState::Graded => ModuleResult::InProgress,
    };
    ModuleStatus {
        number: module.number.clone(),
        name: module.name.clone(),
        title: module.title.clone(),
        built: true,
        result,
        edition_tested: compact_edition(
            g.observed.as_ref().unwrap_or(&g.requested),
            &g.number,
            g.observed.is_some(),
        ),
        tasks_done: g.tasks_done(),
        tasks_total: g.tasks.len(),
        tests_passed,
        tests_total,
        points: g.points(),
        max_points: module.max_points(),
        grade: Some(g),
    }
}

/// "student over reference", "student over yours", "reference", with "(unproven)".
pub fn compact_edition(editions: &Editions, number: &str, proven: bool) -> String {
    let Some(own) = editions.get(number) else {
        return "?".into();
    };
    let others: Vec<Edition> = editions
        .iter()
        .filter(|(n, _)| *n != number)
        .map(|(_, e)| *e)
        .collect();
    let base = if others.is_empty() {
        own.to_string()
    } else if others.iter().all(|e| *e == Edition::Reference) {
        format!("{own} over reference")
    } else if others.iter().all(|e| *e == Edition::Student) {
        format!("{own} over yours")
    } else {
        format!("{own} over mixed")
    };
    if proven {
        base
    } else {
        format!("{base} (unproven)")
    }
}

/// A milestone is unlocked when every required module is complete (graded just now),
/// and achieved when, in addition, its record matches the current sources.
fn milestone_row(
    workspace: &Path,
    course: &Course,
    m: &Milestone,
    modules: &[ModuleStatus],
) -> MilestoneStatus {
    let missing: Vec<String> = m
        .requires
        .iter()
        .filter(|n| {
            !modules
                .iter()
                .any(|row| &row.number == *n && row.result == ModuleResult::Complete)
        })
        .cloned()
        .collect();
    let built = m.status == BuildStatus::Built;
    let mut row = MilestoneStatus {
        id: m.id.clone(),
        title: m.title.clone(),
        year: m.year,
        built,
        state: MilestoneState::Locked,
        requires: m.requires.clone(),
        missing,
        achieved_at_unix: None,
        note: (!built).then(|| "not built yet (planned in course.toml)".to_string()),
    };
    if !row.missing.is_empty() {
        return row;
    }
    row.state = MilestoneState::Unlocked;
    let run = format!("run `cargo grade milestone {}`", m.id);
    match milestone_record::state(workspace, course, m) {
        RecordState::Current(record) => {
            row.state = MilestoneState::Achieved;
            row.achieved_at_unix = Some(record.achieved_at_unix);
            row.note = Some(record.summary);
        }
        RecordState::Stale(_) => {
            row.note = Some(format!(
                "its last successful run was on other code (your sources changed since): {run} again"
            ))
        }
        RecordState::Missing if built => row.note = Some(format!("{run} to achieve it")),
        RecordState::Missing => {}
        RecordState::Unreadable(why) => row.note = Some(why),
    }
    row
}

/// The first built milestone that is unlocked and not achieved: running it comes first,
/// the moment it unlocks.
fn milestone_step(milestones: &[MilestoneStatus]) -> Option<NextStep> {
    let m = milestones
        .iter()
        .find(|m| m.built && m.state == MilestoneState::Unlocked)?;
    let command = format!("cargo grade milestone {}", m.id);
    Some(NextStep {
        module: m.requires.last().cloned().unwrap_or_default(),
        milestone: Some(m.id.clone()),
        task: None,
        message: format!(
            "milestone {} ({}) is unlocked: run it on your own modules",
            m.id, m.title
        ),
        command,
    })
}

fn next_step(modules: &[ModuleStatus]) -> Option<NextStep> {
    let row = modules.iter().find(|m| {
        m.built && !matches!(m.result, ModuleResult::Complete | ModuleResult::NotGraded)
    })?;
    let g = row.grade.as_ref()?;
    let test_cmd = format!("cargo grade test {}", row.number);
    let step = match (&g.state, g.next_task()) {
        (GradeState::Graded, Some(task)) if g.edition_problem.is_none() => NextStep {
            module: row.number.clone(),
            milestone: None,
            task: Some(task.id.clone()),
            command: format!("cargo grade hint {}", task.id),
            message: format!(
                "task {} ({}) of module {}: `{test_cmd}` shows its tests",
                task.id, task.title, row.number
            ),
        },
        _ => NextStep {
            module: row.number.clone(),
            milestone: None,
            task: None,
            command: test_cmd.clone(),
            message: format!(
                "module {} is {}: `{test_cmd}` shows why",
                row.number,
                row.result.label()
            ),
        },
    };
    Some(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_edition_names() {
        let e: Editions = [
            ("01".to_string(), Edition::Reference),
            ("02".to_string(), Edition::Student),
        ]
        .into();
        assert_eq!(compact_edition(&e, "02", true), "student over reference");
        assert_eq!(
            compact_edition(&e, "01", false),
            "reference over yours (unproven)"
        );
        let single: Editions = [("01".to_string(), Edition::Student)].into();
        assert_eq!(compact_edition(&single, "01", true), "student");
    }

    fn course_toml() -> String {
        tinytorch_course::fixture::CourseToml::new("T")
            .module("01", "alpha", "built")
            .module("02", "beta", "built")
            .milestone("01", "First", "built", &["01", "02"])
            .text()
    }

    fn rows(course: &Course, complete: &[&str]) -> Vec<ModuleStatus> {
        course
            .modules
            .iter()
            .map(|m| {
                let result = if complete.contains(&m.number.as_str()) {
                    ModuleResult::Complete
                } else {
                    ModuleResult::InProgress
                };
                ungraded_row(m, result)
            })
            .collect()
    }

    #[test]
    fn milestones_unlock_on_complete_modules_and_need_a_matching_record() {
        use crate::grading::milestone_record::{MilestoneRecord, fingerprint, write_record};
        let ws = tinytorch_course::fixture::scratch_dir("grader-status-ms", "test");
        let student = ws.join("modules/01_alpha/src/student/a.rs");
        crate::util::fsutil::write(&student, "mine\n").unwrap();
        let course = Course::parse(&course_toml()).unwrap();
        let m = &course.milestones[0];

        let locked = milestone_row(&ws, &course, m, &rows(&course, &["01"]));
        assert_eq!(locked.state, MilestoneState::Locked);
        assert_eq!(locked.missing, vec!["02"]);

        let unlocked = milestone_row(&ws, &course, m, &rows(&course, &["01", "02"]));
        assert_eq!(unlocked.state, MilestoneState::Unlocked);
        assert!(unlocked.note.unwrap().contains("cargo grade milestone 01"));

        let record = MilestoneRecord::new("01", fingerprint(&ws, &course, m).unwrap(), "ran");
        write_record(&ws, &record).unwrap();
        let achieved = milestone_row(&ws, &course, m, &rows(&course, &["01", "02"]));
        assert_eq!(achieved.state, MilestoneState::Achieved);
        assert_eq!(achieved.achieved_at_unix, Some(record.achieved_at_unix));
        // A record never unlocks a milestone whose modules are not complete.
        let still_locked = milestone_row(&ws, &course, m, &rows(&course, &["02"]));
        assert_eq!(still_locked.state, MilestoneState::Locked);

        crate::util::fsutil::write(&student, "edited after the run\n").unwrap();
        let stale = milestone_row(&ws, &course, m, &rows(&course, &["01", "02"]));
        assert_eq!(stale.state, MilestoneState::Unlocked);
        assert!(stale.note.unwrap().contains("other code"));
        std::fs::remove_dir_all(&ws).unwrap();
    }
}

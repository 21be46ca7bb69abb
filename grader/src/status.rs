//! `cargo grade status`: every module graded in course order, milestones, total, next step.

use crate::edition::{Edition, Editions};
use crate::error::Result;
use crate::grade::{self, GradeState, ModuleGrade, RunOptions};
use crate::manifest::{BuildStatus, Course, Module};
use crate::report::{Style, Table, Tone, cell};
use serde::Serialize;
use std::path::Path;

/// One module row of the status view.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleStatus {
    /// Two-digit number.
    pub number: String,
    /// Short name.
    pub name: String,
    /// Display title.
    pub title: String,
    /// "built" or "planned".
    pub status: String,
    /// complete, in progress, build failed, edition not proven, unavailable, planned.
    pub result: String,
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
    /// The full grade (absent for planned modules).
    pub grade: Option<ModuleGrade>,
}

/// One milestone row.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneStatus {
    /// Milestone id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// "planned", "locked" or "unlocked".
    pub state: String,
    /// Required modules not complete yet.
    pub missing: Vec<String>,
}

/// The next thing to do.
#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    /// Module number.
    pub module: String,
    /// Task id, if a task is next.
    pub task: Option<String>,
    /// What to run.
    pub command: String,
    /// One sentence.
    pub message: String,
}

/// The whole status view (also the `--json` document).
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
    /// The next step, or none when everything built is complete.
    pub next_step: Option<NextStep>,
}

/// Grades every built module (one cargo run each, in order) and assembles the view.
/// `progress` is told which module is being graded.
pub fn collect(
    workspace: &Path,
    course: &Course,
    opts: &RunOptions,
    progress: &mut dyn FnMut(&Module),
) -> Result<CourseStatus> {
    let mut modules = Vec::new();
    for module in &course.modules {
        let row = match module.status {
            BuildStatus::Planned => planned_row(module),
            BuildStatus::Built => {
                progress(module);
                let g = grade::grade_module(workspace, course, module, false, opts)?;
                graded_row(module, g)
            }
        };
        modules.push(row);
    }
    let milestones = course
        .milestones
        .iter()
        .map(|m| milestone_row(m, &modules))
        .collect();
    let points = modules.iter().map(|m| m.points).sum();
    let max_points = modules.iter().map(|m| m.max_points).sum();
    let next_step = next_step(&modules);
    Ok(CourseStatus {
        course: course.course.name.clone(),
        modules,
        milestones,
        points,
        max_points,
        next_step,
    })
}

fn planned_row(module: &Module) -> ModuleStatus {
    ModuleStatus {
        number: module.number.clone(),
        name: module.name.clone(),
        title: module.title.clone(),
        status: "planned".into(),
        result: "planned".into(),
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
        GradeState::Unavailable { .. } => "unavailable",
        GradeState::BuildFailed { .. } => "build failed",
        GradeState::Graded if g.edition_problem.is_some() => "edition not proven",
        GradeState::Graded if g.complete() => "complete",
        GradeState::Graded if g.tests().0 == 0 => "not started",
        GradeState::Graded => "in progress",
    };
    ModuleStatus {
        number: module.number.clone(),
        name: module.name.clone(),
        title: module.title.clone(),
        status: "built".into(),
        result: result.into(),
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

fn milestone_row(m: &crate::manifest::Milestone, modules: &[ModuleStatus]) -> MilestoneStatus {
    let missing: Vec<String> = m
        .requires
        .iter()
        .filter(|n| {
            !modules
                .iter()
                .any(|row| &row.number == *n && row.result == "complete")
        })
        .cloned()
        .collect();
    let state = if m.status == BuildStatus::Planned {
        "planned"
    } else if missing.is_empty() {
        "unlocked"
    } else {
        "locked"
    };
    MilestoneStatus {
        id: m.id.clone(),
        title: m.title.clone(),
        state: state.into(),
        missing,
    }
}

fn next_step(modules: &[ModuleStatus]) -> Option<NextStep> {
    let row = modules
        .iter()
        .find(|m| m.status == "built" && m.result != "complete")?;
    let g = row.grade.as_ref()?;
    let test_cmd = format!("cargo grade test {}", row.number);
    let step = match (&g.state, g.next_task()) {
        (GradeState::Graded, Some(task)) if g.edition_problem.is_none() => NextStep {
            module: row.number.clone(),
            task: Some(task.id.clone()),
            command: format!("cargo grade hint {}", task.id),
            message: format!(
                "task {} ({}) of module {}: `{test_cmd}` shows its tests",
                task.id, task.title, row.number
            ),
        },
        _ => NextStep {
            module: row.number.clone(),
            task: None,
            command: test_cmd.clone(),
            message: format!(
                "module {} is {}: `{test_cmd}` shows why",
                row.number, row.result
            ),
        },
    };
    Some(step)
}

/// The status view as text.
pub fn render(status: &CourseStatus, style: Style) -> String {
    let mut out = format!("{} -- course status\n\n", status.course);
    let mut table = Table::new(&[
        "Module",
        "Title",
        "Edition tested",
        ">Tasks",
        ">Tests",
        ">Points",
        "Result",
    ]);
    for m in &status.modules {
        let planned = m.status == "planned";
        let tone = match m.result.as_str() {
            "complete" => Tone::Good,
            "in progress" | "not started" => Tone::Warn,
            "planned" => Tone::Dim,
            _ => Tone::Bad,
        };
        let blank_if = |cond: bool, s: String| if cond { String::new() } else { s };
        table.row(vec![
            m.number.clone().into(),
            m.title.clone().into(),
            m.edition_tested.clone().into(),
            blank_if(planned, format!("{}/{}", m.tasks_done, m.tasks_total)).into(),
            blank_if(planned, format!("{}/{}", m.tests_passed, m.tests_total)).into(),
            blank_if(planned, format!("{}/{}", m.points, m.max_points)).into(),
            cell(m.result.clone(), tone),
        ]);
    }
    out.push_str(&table.render(style));
    if !status.milestones.is_empty() {
        out.push_str("\nMilestones:\n");
        for m in &status.milestones {
            let state = match (m.state.as_str(), m.missing.is_empty()) {
                ("locked", false) => format!("locked (needs {})", m.missing.join(", ")),
                (s, _) => s.to_string(),
            };
            out.push_str(&format!("  {}  {}: {state}\n", m.id, m.title));
        }
    }
    out.push_str(&format!(
        "\nTotal: {}/{} points\n",
        status.points, status.max_points
    ));
    match &status.next_step {
        Some(step) => out.push_str(&format!(
            "Next step: {}; run `{}`.\n",
            step.message, step.command
        )),
        None => out.push_str("Next step: every built module is complete. Well done!\n"),
    }
    out
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
}

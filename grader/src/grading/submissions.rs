//! `cargo grade dev submissions`: grading a class.
//!
//! For each submission, only the student's files (each built module's `src/student/**`,
//! see [`integrity::is_student_owned`]) are copied into a pristine copy of the course, and
//! every built module is graded there as `cargo grade test` grades it in the instructor's
//! workspace: module N is the student's code over the REFERENCE of modules below N, so one
//! bug in module 01 does not cascade into every later module. The course is the
//! instructor's workspace (it has the reference and the hidden tests); the submission's own
//! tests, `course.toml` and grader are never used, and a changed instructor file in the
//! submission is reported as tampering. One submission that does not compile, crashes or
//! hangs costs only its own grades; the batch always finishes. All submissions share one
//! target directory, so third-party crates and the reference build once.
//!
//! With `--milestones`, the named milestones then run on the submission's whole chain
//! ([`class_milestones`]).

use crate::course::manifest::{Course, Milestone};
use crate::grading::class_milestones::{self, MilestoneScore};
use crate::grading::grade::{self, GradeState, ModuleGrade, RunOptions};
use crate::grading::integrity;
use crate::util::error::{Context, Result};
use crate::util::fsutil;
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The grade of one module of one submission.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleScore {
    /// Two-digit module number.
    pub number: String,
    /// Points earned.
    pub points: u32,
    /// Points available.
    pub max_points: u32,
    /// `graded`, `build_failed` or `unavailable`.
    pub state: String,
    /// Crashes, hangs, build errors and an unproven edition, in words.
    pub problems: Vec<String>,
}

/// One submission's result.
#[derive(Debug, Clone, Serialize)]
pub struct SubmissionResult {
    /// The submission's directory name.
    pub student: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Per module.
    pub modules: Vec<ModuleScore>,
    /// Points over all modules.
    pub total: u32,
    /// Points available.
    pub max_total: u32,
    /// The milestones asked for, each on the student's whole chain.
    pub milestones: Vec<MilestoneScore>,
    /// Instructor files the submission changed (graded with the released ones anyway).
    pub tampered: Vec<String>,
    /// Everything worth a look, one line each (`02: build failed`, `tampered: ...`).
    pub problems: Vec<String>,
    /// Wall-clock seconds this submission took.
    pub seconds: f64,
}

/// The whole batch.
#[derive(Debug, Clone, Serialize)]
pub struct ClassReport {
    /// The course graded against.
    pub course: String,
    /// One entry per submission, in the order given.
    pub submissions: Vec<SubmissionResult>,
}

/// The submission directories: each argument that is a student repository (it has a
/// `modules/` directory), or else every such directory inside it (a folder of submissions).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.join("modules").is_dir() {
            out.push(path.clone());
            continue;
        }
        if !path.is_dir() {
            crate::bail!(
                "{}: no such directory (give a student repository, or a folder of them)",
                path.display()
            );
        }
        let mut inner: Vec<PathBuf> = fs::read_dir(path)
            .context(format!("cannot list {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("modules").is_dir())
            .collect();
        if inner.is_empty() {
            crate::bail!(
                "{}: neither a student repository (no modules/) nor a folder of them",
                path.display()
            );
        }
        inner.sort();
        out.extend(inner);
    }
    Ok(out)
}

/// What to grade besides the modules, and with what.
#[derive(Debug, Clone, Default)]
pub struct ClassOptions<'c> {
    /// The instructor's hidden-test directory, if any.
    pub hidden: Option<PathBuf>,
    /// Milestones to run on each submission's whole chain (none by default: they train).
    pub milestones: Vec<&'c Milestone>,
}

/// Grades every submission against the course in `course_dir` (the instructor's
/// workspace). `on_done` hears of each submission as it finishes (for progress lines).
pub fn grade_all(
    course_dir: &Path,
    course: &Course,
    submissions: &[PathBuf],
    opts: &ClassOptions,
    on_done: &mut dyn FnMut(&SubmissionResult),
) -> Result<ClassReport> {
    let base = fsutil::target_base(course_dir).join("submissions");
    let mut results = Vec::new();
    for submission in submissions {
        let result = grade_one(course_dir, course, submission, opts, &base)?;
        on_done(&result);
        results.push(result);
    }
    Ok(ClassReport {
        course: course.course.name.clone(),
        submissions: results,
    })
}

fn grade_one(
    course_dir: &Path,
    course: &Course,
    submission: &Path,
    class: &ClassOptions,
    base: &Path,
) -> Result<SubmissionResult> {
    let started = Instant::now();
    let copy = base.join("ws");
    fsutil::copy_workspace(course_dir, &copy)?;
    let mut problems = Vec::new();
    let tampered = match integrity::check(submission) {
        Ok(Some(t)) => t.files(),
        Ok(None) => Vec::new(),
        Err(e) => vec![format!("its release manifest is unreadable: {e}")],
    };
    if !tampered.is_empty() {
        problems.push(format!(
            "tampered (graded with the released files): {}",
            tampered.join(", ")
        ));
    }
    let mut opts = RunOptions::new(&copy, false);
    opts.target_dir = Some(base.join("target"));
    opts.hidden = class.hidden.clone();
    let mut modules = Vec::new();
    for module in course.built() {
        let from = module.dir(submission).join("src/student");
        let to = module.dir(&copy).join("src/student");
        if let Err(e) = replace_dir(&from, &to) {
            problems.push(format!("{}: {e}", module.number));
        }
        let g = grade::grade_module(&copy, course, module, false, &opts)?;
        let score = score_of(&g);
        problems.extend(score.problems.iter().map(|p| format!("{}: {p}", g.number)));
        modules.push(score);
    }
    let milestones: Vec<MilestoneScore> = class
        .milestones
        .iter()
        .map(|m| class_milestones::run(&copy, course, m, &base.join("target")))
        .collect();
    for m in milestones.iter().filter(|m| !m.achieved) {
        problems.push(format!(
            "milestone {}",
            class_milestones::summary(std::slice::from_ref(m))
        ));
    }
    Ok(SubmissionResult {
        student: submission
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: submission.to_path_buf(),
        total: modules.iter().map(|m| m.points).sum(),
        max_total: modules.iter().map(|m| m.max_points).sum(),
        modules,
        milestones,
        tampered,
        problems,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Replaces `to` by the files of `from`; a missing `from` leaves the pristine stubs.
fn replace_dir(from: &Path, to: &Path) -> Result<()> {
    if !from.is_dir() {
        return Err(crate::util::error::Error::new(format!(
            "no {} in the submission: graded as the untouched stubs",
            from.display()
        )));
    }
    fsutil::copy_workspace(from, to).map(|_| ())
}

fn score_of(g: &ModuleGrade) -> ModuleScore {
    let mut problems: Vec<String> = Vec::new();
    let state = match &g.state {
        GradeState::Graded => "graded",
        GradeState::BuildFailed { errors } => {
            let first = errors.first().cloned().unwrap_or_default();
            problems.push(format!("does not compile: {first}"));
            "build_failed"
        }
        GradeState::Unavailable { reason } => {
            problems.push(reason.clone());
            "unavailable"
        }
    };
    if let Some(p) = &g.edition_problem
        && g.state == GradeState::Graded
    {
        problems.push(format!("not trusted: {p}"));
    }
    problems.extend(g.crashed.iter().cloned());
    ModuleScore {
        number: g.number.clone(),
        points: g.points(),
        max_points: g.max_points(),
        state: state.to_string(),
        problems,
    }
}

/// The class table as CSV: `student,NN...,total,max_total,milestones,seconds,problems`
/// (`milestones`: the ids achieved, space-separated).
pub fn class_csv(report: &ClassReport) -> String {
    let numbers: Vec<String> = report
        .submissions
        .first()
        .map(|s| s.modules.iter().map(|m| m.number.clone()).collect())
        .unwrap_or_default();
    let mut out = format!(
        "student,{},total,max_total,milestones,seconds,problems\n",
        numbers.join(",")
    );
    for s in &report.submissions {
        let points: Vec<String> = s.modules.iter().map(|m| m.points.to_string()).collect();
        let achieved: Vec<&str> = s
            .milestones
            .iter()
            .filter(|m| m.achieved)
            .map(|m| m.id.as_str())
            .collect();
        out.push_str(&format!(
            "{},{},{},{},{},{:.1},{}\n",
            csv_field(&s.student),
            points.join(","),
            s.total,
            s.max_total,
            achieved.join(" "),
            s.seconds,
            csv_field(&s.problems.join("; "))
        ));
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\"").replace('\n', " "))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_problems() {
        let report = ClassReport {
            course: "T".into(),
            submissions: vec![SubmissionResult {
                student: "ada".into(),
                path: PathBuf::from("/s/ada"),
                modules: vec![ModuleScore {
                    number: "01".into(),
                    points: 10,
                    max_points: 20,
                    state: "graded".into(),
                    problems: vec![],
                }],
                total: 10,
                max_total: 20,
                milestones: vec![
                    MilestoneScore {
                        id: "01".into(),
                        achieved: true,
                        failing: vec![],
                        problem: None,
                    },
                    MilestoneScore {
                        id: "02".into(),
                        achieved: false,
                        failing: vec!["crisis: xor".into()],
                        problem: None,
                    },
                ],
                tampered: vec![],
                problems: vec!["01: a, b".into()],
                seconds: 1.25,
            }],
        };
        assert_eq!(
            class_csv(&report),
            "student,01,total,max_total,milestones,seconds,problems\nada,10,10,20,01,1.2,\"01: a, b\"\n"
        );
    }
}

//! `cargo grade milestone NN` and `cargo grade perf`: a milestone's binary runs on the
//! student's whole chain (every module compiled as the student's code), its JSON report
//! is read back, the editions proven, the failing gates named; an achieved FULL run leaves
//! a record (see [`crate::grading::milestone_record`]) that `status` shows as long as the
//! sources do not change.
//!
//! Milestones are data: which package, binary and arguments to run comes from the
//! milestone's `[[milestones]]` entry in course.toml (`perf` from the `[perf]` table); no
//! milestone id, package or binary name is written here. The binary is run as
//! `cargo run --release -p <package> --bin <bin> -- --json <file> <args...> <extra...>`
//! and writes `{"achieved", "seconds", "editions", "parts": [{"name", "passed",
//! "failing"}]}` to `<file>` (docs/AUTHORING.md, "Adding a milestone").

use crate::bail;
use crate::cargo::{self, Invocation};
use crate::course::edition::{self, Edition};
use crate::course::manifest::{BuildStatus, Course, Milestone};
use crate::grading::cache;
use crate::grading::grade::RunOptions;
use crate::grading::milestone_record::{self, MilestoneRecord};
use crate::grading::status::{self, ModuleResult};
use crate::util::error::{Context, Result};
use crate::util::fsutil;
use std::path::{Path, PathBuf};

/// What to run and how.
#[derive(Debug, Clone, Default)]
pub struct MilestoneOptions {
    /// Run on the reference of every module instead of the student's code.
    pub reference: bool,
    /// Skip the module-completion pre-check (run on unfinished code anyway).
    pub skip_check: bool,
    /// Arguments passed through after the manifest's `args` (e.g. `--skip-sweep`); a run
    /// with any is not a full run and records nothing.
    pub extra: Vec<String>,
    /// Echo cargo's build output.
    pub verbose: bool,
    /// `CARGO_TARGET_DIR` for the build (default: the workspace's).
    pub target_dir: Option<PathBuf>,
}

/// A required module that is not complete yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    /// Module number.
    pub number: String,
    /// Display title.
    pub title: String,
    /// Where it stands, e.g. "in progress".
    pub result: String,
    /// Tasks done and in the module.
    pub tasks: (usize, usize),
    /// `"NN.k title"` of each task not done.
    pub missing: Vec<String>,
}

/// One part of a milestone's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// e.g. "optimization olympics".
    pub name: String,
    /// Every gate of the part held.
    pub passed: bool,
    /// The gates that did not.
    pub failing: Vec<String>,
}

/// The result of `cargo grade milestone NN`.
#[derive(Debug, Clone, PartialEq)]
pub enum MilestoneOutcome {
    /// A required module is not complete: nothing ran.
    NotReady {
        /// Milestone id.
        id: String,
        /// The incomplete modules.
        incomplete: Vec<Incomplete>,
    },
    /// The binary ran.
    Ran(MilestoneRun),
}

impl MilestoneOutcome {
    /// True when the milestone ran and every gate held.
    pub fn achieved(&self) -> bool {
        matches!(self, MilestoneOutcome::Ran(r) if r.achieved)
    }
}

/// A milestone run that produced a report.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneRun {
    /// Milestone id.
    pub id: String,
    /// On the reference instead of the student's code.
    pub reference: bool,
    /// Every gate held.
    pub achieved: bool,
    /// The parts of the report, in order.
    pub parts: Vec<Part>,
    /// Run with exactly the manifest's args (only such a run is recorded).
    pub full_run: bool,
    /// The record written (achieved full run on the student's code).
    pub recorded: Option<PathBuf>,
}

/// Runs milestone `query`.
///
/// # Errors
/// A milestone that is unknown or planned, required modules not built, cargo failing
/// to start, or a binary that writes no readable report.
pub fn run_milestone(
    workspace: &Path,
    course: &Course,
    query: &str,
    opts: &MilestoneOptions,
) -> Result<MilestoneOutcome> {
    let milestone = course.find_milestone(query)?;
    check_buildable(course, milestone)?;
    if !opts.reference && !opts.skip_check {
        let incomplete = incomplete_modules(workspace, course, milestone, opts.verbose)?;
        if !incomplete.is_empty() {
            return Ok(MilestoneOutcome::NotReady {
                id: milestone.id.clone(),
                incomplete,
            });
        }
    }
    let full_run = opts.extra.is_empty();
    let fingerprint = match opts.reference || !full_run {
        true => None,
        false => Some(milestone_record::fingerprint(workspace, course, milestone)?),
    };
    let mut args = milestone.args.clone();
    args.extend(opts.extra.iter().cloned());
    let report = run_binary(workspace, course, milestone, &milestone.bin, &args, opts)?;
    let achieved = report["achieved"].as_bool() == Some(true);
    let parts = report["parts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|part| Part {
            name: part["name"].as_str().unwrap_or("?").to_string(),
            passed: part["passed"].as_bool() == Some(true),
            failing: part["failing"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|g| g.as_str().unwrap_or("?").to_string())
                .collect(),
        })
        .collect();
    let mut recorded = None;
    if let (true, Some(fingerprint)) = (achieved, fingerprint) {
        let summary = format!(
            "every gate held on your code in {:.0}s",
            report["seconds"].as_f64().unwrap_or(0.0)
        );
        let mut record = MilestoneRecord::new(&milestone.id, fingerprint, summary);
        record.details = report["parts"].clone();
        recorded = Some(milestone_record::write_record(workspace, &record)?);
    }
    Ok(MilestoneOutcome::Ran(MilestoneRun {
        id: milestone.id.clone(),
        reference: opts.reference,
        achieved,
        parts,
        full_run,
        recorded,
    }))
}

/// One performance check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerfCheck {
    /// What is measured.
    pub name: String,
    /// The bound held.
    pub passed: bool,
    /// The measured value, as the binary wrote it.
    pub measured: String,
    /// The bound it must meet.
    pub bound: String,
}

/// The result of `cargo grade perf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerfRun {
    /// On the reference instead of the student's code.
    pub reference: bool,
    /// Every check held.
    pub passed: bool,
    /// The checks in order.
    pub checks: Vec<PerfCheck>,
}

/// Runs the performance checks: the `[perf]` binary of course.toml, in its milestone's package.
///
/// # Errors
/// As [`run_milestone`], and a course.toml without a `[perf]` table.
pub fn run_perf(workspace: &Path, course: &Course, opts: &MilestoneOptions) -> Result<PerfRun> {
    let Some(perf) = &course.perf else {
        bail!(
            "course.toml has no [perf] table (milestone = \"NN\", bin = \"...\"): this course has no performance checks"
        );
    };
    let milestone = course.find_milestone(&perf.milestone)?;
    check_buildable(course, milestone)?;
    let report = run_binary(workspace, course, milestone, &perf.bin, &[], opts)?;
    let checks = report["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| PerfCheck {
            name: c["name"].as_str().unwrap_or("?").to_string(),
            passed: c["passed"].as_bool() == Some(true),
            measured: c["measured"].as_str().unwrap_or("?").to_string(),
            bound: c["bound"].as_str().unwrap_or("?").to_string(),
        })
        .collect();
    Ok(PerfRun {
        reference: opts.reference,
        passed: report["passed"].as_bool() == Some(true),
        checks,
    })
}

/// The milestone must be built and every module it requires built.
fn check_buildable(course: &Course, milestone: &Milestone) -> Result<()> {
    if milestone.status != BuildStatus::Built {
        bail!("milestone {} is planned: not built yet", milestone.id);
    }
    let unbuilt: Vec<String> = milestone
        .requires
        .iter()
        .filter(|n| {
            course
                .find_module(n)
                .map_or(true, |m| m.status != BuildStatus::Built)
        })
        .cloned()
        .collect();
    if !unbuilt.is_empty() {
        bail!(
            "milestone {} needs modules {} that are not built in this course yet",
            milestone.id,
            unbuilt.join(", ")
        );
    }
    Ok(())
}

/// Grades every required module; returns the ones not complete.
fn incomplete_modules(
    workspace: &Path,
    course: &Course,
    milestone: &Milestone,
    verbose: bool,
) -> Result<Vec<Incomplete>> {
    eprintln!(
        "checking the {} modules milestone {} needs ...",
        milestone.requires.len(),
        milestone.id
    );
    let opts = RunOptions::new(workspace, verbose);
    let view = status::collect(
        workspace,
        course,
        &opts,
        &milestone.requires,
        cache::Policy::Use,
        &mut |p| {
            if let status::Progress::Grading(m) = p {
                eprintln!("  grading module {} ...", m.number);
            }
        },
    )?;
    let incomplete = view
        .modules
        .iter()
        .filter(|r| milestone.requires.contains(&r.number) && r.result != ModuleResult::Complete)
        .map(|row| Incomplete {
            number: row.number.clone(),
            title: row.title.clone(),
            result: row.result.label().to_string(),
            tasks: (row.tasks_done, row.tasks_total),
            missing: row
                .grade
                .iter()
                .flat_map(|g| g.tasks.iter())
                .filter(|t| t.passed < t.total || t.total == 0)
                .map(|t| format!("{} {}", t.id, t.title))
                .collect(),
        })
        .collect();
    Ok(incomplete)
}

/// Builds and runs one milestone binary (release) with every module in the wanted
/// edition, and returns its JSON report after checking the editions it reports.
fn run_binary(
    workspace: &Path,
    course: &Course,
    milestone: &Milestone,
    bin: &str,
    extra: &[String],
    opts: &MilestoneOptions,
) -> Result<serde_json::Value> {
    let wanted = if opts.reference {
        Edition::Reference
    } else {
        Edition::Student
    };
    let plan = edition::plan_all(workspace, course.built(), wanted);
    let json = json_path(workspace, &milestone.id, bin);
    if let Some(dir) = json.parent() {
        std::fs::create_dir_all(dir).context(format!("cannot create {}", dir.display()))?;
    }
    let _ = std::fs::remove_file(&json);
    let mut args: Vec<String> = ["run", "--release", "--quiet", "-p"]
        .map(String::from)
        .to_vec();
    args.extend([milestone.package.clone(), "--bin".into(), bin.to_string()]);
    args.extend(["--".into(), "--json".into(), json.display().to_string()]);
    args.extend(extra.iter().cloned());
    let inv = Invocation {
        cwd: workspace.to_path_buf(),
        args,
        editions: plan.clone(),
        target_dir: opts.target_dir.clone(),
        // The report is the point: show it while it runs.
        verbose: true,
    };
    eprintln!("running: {}", cargo::display(&inv));
    let output = cargo::run(&inv)?;
    if !json.is_file() {
        bail!(
            "the milestone binary {bin} stopped without a report ({}): read its output above; \
             a panic names the task to fix",
            if output.success {
                "no JSON written"
            } else {
                "it failed"
            }
        );
    }
    let text = std::fs::read_to_string(&json).context(format!("cannot read {}", json.display()))?;
    let report: serde_json::Value =
        serde_json::from_str(&text).context(format!("{} is not JSON", json.display()))?;
    let line = report["editions"].as_str().unwrap_or_default().to_string();
    // The milestone's first required module must be in the report (it is in every chain).
    let anchor = milestone
        .requires
        .first()
        .or_else(|| course.built().next().map(|m| &m.number))
        .map_or("", String::as_str);
    if let Err(problem) = edition::check_probes(&[line], &plan, anchor) {
        bail!("the milestone's editions are not proven: {problem}");
    }
    Ok(report)
}

/// `<target>/milestone/<id>/<bin>.json`.
fn json_path(workspace: &Path, id: &str, bin: &str) -> PathBuf {
    fsutil::target_base(workspace)
        .join("milestone")
        .join(id)
        .join(format!("{bin}.json"))
}

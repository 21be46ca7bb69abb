//! `cargo grade milestone 06` and `cargo grade perf`: the milestone's binaries run on the
//! student's whole chain (every module compiled as the student's code), their JSON report
//! read back, the editions proven, the failing gates named; an achieved milestone leaves a
//! record (see [`crate::milestone_record`]) that `status` shows as long as the sources do
//! not change.

use crate::bail;
use crate::cargo::{self, Invocation};
use crate::edition::{self, Edition};
use crate::error::{Context, Result};
use crate::grade::RunOptions;
use crate::manifest::{BuildStatus, Course, Milestone};
use crate::milestone_record::{self, MilestoneRecord};
use crate::status::{self, ModuleResult};
use std::path::{Path, PathBuf};

/// The package holding the milestone binaries.
const PACKAGE: &str = "tinytorch-mlperf";

/// What to run and how.
#[derive(Debug, Clone, Copy)]
pub struct MilestoneOptions {
    /// Run on the reference of every module instead of the student's code.
    pub reference: bool,
    /// Skip the module-completion pre-check (run on unfinished code anyway).
    pub skip_check: bool,
    /// Pass `--skip-sweep` to the milestone (the compression sweep takes minutes).
    pub skip_sweep: bool,
    /// Echo cargo's build output.
    pub verbose: bool,
}

/// Runs milestone `query`; returns whether it was achieved.
///
/// # Errors
/// A milestone that is unknown or planned, required modules not built, or cargo failing
/// to start.
pub fn run_milestone(
    workspace: &Path,
    course: &Course,
    query: &str,
    opts: MilestoneOptions,
) -> Result<bool> {
    let milestone = course.find_milestone(query)?;
    check_buildable(course, milestone)?;
    if !opts.reference
        && !opts.skip_check
        && !required_modules_complete(workspace, course, milestone, opts.verbose)?
    {
        return Ok(false);
    }
    let fingerprint = match opts.reference {
        true => None,
        false => Some(milestone_record::fingerprint(workspace, course, milestone)?),
    };
    let mut extra = Vec::new();
    if opts.skip_sweep {
        extra.push("--skip-sweep".to_string());
    }
    let report = run_binary(workspace, course, milestone, "mlperf", &extra, opts)?;
    let achieved = report["achieved"].as_bool() == Some(true);
    println!(
        "\nmilestone {} ({}): {}",
        milestone.id,
        whose(opts.reference),
        verdict(achieved)
    );
    for part in report["parts"].as_array().into_iter().flatten() {
        let passed = part["passed"].as_bool() == Some(true);
        println!(
            "  {:<28} {}",
            part["name"].as_str().unwrap_or("?"),
            if passed { "passed" } else { "NOT PASSED" }
        );
        for gate in part["failing"].as_array().into_iter().flatten() {
            println!("      failing gate: {}", gate.as_str().unwrap_or("?"));
        }
    }
    if let (true, Some(fingerprint)) = (achieved, fingerprint) {
        let summary = format!(
            "every gate held on your code in {:.0}s",
            report["seconds"].as_f64().unwrap_or(0.0)
        );
        let mut record = MilestoneRecord::new(&milestone.id, fingerprint, summary);
        record.details = report["parts"].clone();
        let path = milestone_record::write_record(workspace, &record)?;
        println!(
            "recorded: {} (`cargo grade status` shows the milestone as achieved)",
            path.display()
        );
    } else if !achieved {
        println!(
            "next step: fix the module behind the first failing gate, then run `cargo grade milestone {}` again",
            milestone.id
        );
    }
    Ok(achieved)
}

/// Runs the performance checks; returns whether every check holds.
///
/// # Errors
/// As [`run_milestone`].
pub fn run_perf(workspace: &Path, course: &Course, opts: MilestoneOptions) -> Result<bool> {
    let Some(milestone) = course
        .milestones
        .iter()
        .find(|m| m.path.ends_with("06_mlperf"))
    else {
        bail!("course.toml has no MLPerf milestone (path milestones/06_mlperf)");
    };
    check_buildable(course, milestone)?;
    let report = run_binary(workspace, course, milestone, "perf_checks", &[], opts)?;
    let passed = report["passed"].as_bool() == Some(true);
    println!(
        "\nperformance checks ({}): {}",
        whose(opts.reference),
        verdict(passed)
    );
    for check in report["checks"].as_array().into_iter().flatten() {
        let ok = check["passed"].as_bool() == Some(true);
        println!(
            "  {:<8} {:<46} measured {:>14}  needs {}",
            if ok { "pass" } else { "FAIL" },
            check["name"].as_str().unwrap_or("?"),
            check["measured"].as_str().unwrap_or("?"),
            check["bound"].as_str().unwrap_or("?")
        );
    }
    Ok(passed)
}

fn whose(reference: bool) -> &'static str {
    if reference { "reference" } else { "your code" }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ACHIEVED" } else { "NOT ACHIEVED" }
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

/// Grades every required module; prints what is missing. True when all are complete.
fn required_modules_complete(
    workspace: &Path,
    course: &Course,
    milestone: &Milestone,
    verbose: bool,
) -> Result<bool> {
    eprintln!(
        "checking the {} modules milestone {} needs ...",
        milestone.requires.len(),
        milestone.id
    );
    let opts = RunOptions::new(workspace, verbose);
    let view = status::collect(workspace, course, &opts, &milestone.requires, &mut |m| {
        eprintln!("  grading module {} ...", m.number);
    })?;
    let mut complete = true;
    for row in view
        .modules
        .iter()
        .filter(|r| milestone.requires.contains(&r.number))
    {
        if row.result == ModuleResult::Complete {
            continue;
        }
        complete = false;
        let missing: Vec<String> = row
            .grade
            .iter()
            .flat_map(|g| g.tasks.iter())
            .filter(|t| t.passed < t.total || t.total == 0)
            .map(|t| format!("{} {}", t.id, t.title))
            .collect();
        println!(
            "module {} {}: {:?}, {} of {} tasks; missing: {}",
            row.number,
            row.title,
            row.result,
            row.tasks_done,
            row.tasks_total,
            if missing.is_empty() {
                "see `cargo grade test NN`".to_string()
            } else {
                missing.join("; ")
            }
        );
    }
    if !complete {
        println!(
            "milestone {} runs on your whole chain: finish the tasks above first (`cargo grade test NN`), \
             or run it anyway with --skip-check, or on the reference with --reference",
            milestone.id
        );
    }
    Ok(complete)
}

/// Builds and runs one milestone binary (release) with every module in the wanted
/// edition, and returns its JSON report after checking the editions it reports.
fn run_binary(
    workspace: &Path,
    course: &Course,
    milestone: &Milestone,
    bin: &str,
    extra: &[String],
    opts: MilestoneOptions,
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
    let mut args: Vec<String> = [
        "run",
        "--release",
        "--quiet",
        "-p",
        PACKAGE,
        "--bin",
        bin,
        "--",
        "--json",
    ]
    .map(String::from)
    .to_vec();
    args.push(json.display().to_string());
    args.extend(extra.iter().cloned());
    let inv = Invocation {
        cwd: workspace.to_path_buf(),
        args,
        editions: plan.clone(),
        target_dir: None,
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
    if let Err(problem) = edition::check_probes(&[line], &plan, "01") {
        bail!("the milestone's editions are not proven: {problem}");
    }
    Ok(report)
}

/// `target/milestone/<id>/<bin>.json`.
fn json_path(workspace: &Path, id: &str, bin: &str) -> PathBuf {
    workspace
        .join("target")
        .join("milestone")
        .join(id)
        .join(format!("{bin}.json"))
}

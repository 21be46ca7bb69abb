//! `cargo grade verify-milestones`: every milestone fails under the knockouts course.toml
//! lists for it.
//!
//! A milestone's gates must compare with references computed without the module under
//! test, so a sabotaged module (a knockout of `modules/NN/knockouts.toml`, the same
//! sabotage `verify` step e uses on the graded tests) must make it fail a NAMED gate.
//! For each `knockouts = ["NN:id", ...]` entry of a milestone this writes the knocked-out
//! reference as module NN's student code in a scratch copy of the workspace, builds the
//! milestone's binary (release) with module NN as the student's code and every other
//! module as the reference, runs it, and reads its exit code and JSON report:
//! exit 1 with a failing gate = caught; exit 0 = not caught; anything else (exit 2, a
//! crash, no report, a build failure) = broken, reported with its reason.
//!
//! Every knockout builds into ONE target directory (`<target>/verify-milestones/target`),
//! so a knockout rebuilds only the knocked-out module and what depends on it. Milestones
//! are data: the package, binary and arguments come from course.toml.

use crate::bail;
use crate::cargo::{self, Invocation};
use crate::course::edition::{self, Edition, EditionPlan};
use crate::course::manifest::{BuildStatus, Course, Milestone, Module};
use crate::grading::knockouts::{self, Knockout};
use crate::util::error::{Context, Result};
use crate::util::fsutil;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one knockout did to one milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Exit 1 and these gates failed.
    Caught(Vec<String>),
    /// Exit 0: every gate held on the sabotaged module.
    NotCaught,
    /// The run could not judge the knockout (build failure, exit 2, crash, no report).
    Broken(String),
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct KnockoutRun {
    /// Milestone id.
    pub milestone: String,
    /// `"NN:knockout-id"` as course.toml writes it.
    pub knockout: String,
    /// The binary's exit code (`None`: it did not run, or a signal ended it).
    pub exit: Option<i32>,
    /// The judgement.
    pub verdict: Verdict,
    /// Build time (incremental: the knocked-out module and its dependents).
    pub build: Duration,
    /// The milestone's own run time.
    pub run: Duration,
    /// The run's combined output.
    pub log: Option<PathBuf>,
}

impl KnockoutRun {
    /// True when the knockout made the milestone fail a named gate.
    pub fn caught(&self) -> bool {
        matches!(self.verdict, Verdict::Caught(_))
    }
}

/// Options of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Echo cargo's build output.
    pub verbose: bool,
    /// How long one milestone run may take before it is stopped (and reported broken).
    pub time_limit: Duration,
}

/// The milestones `queries` names (every built milestone listing knockouts when empty).
///
/// # Errors
/// An unknown or planned milestone, or a named one that lists no knockout.
pub fn select<'a>(course: &'a Course, queries: &[String]) -> Result<Vec<&'a Milestone>> {
    if queries.is_empty() {
        return Ok(course
            .milestones
            .iter()
            .filter(|m| m.status == BuildStatus::Built && !m.knockouts.is_empty())
            .collect());
    }
    let mut out = Vec::new();
    for q in queries {
        let m = course.find_milestone(q)?;
        if m.status != BuildStatus::Built {
            bail!("milestone {} is planned: not built yet", m.id);
        }
        if m.knockouts.is_empty() {
            bail!(
                "milestone {} lists no knockouts in course.toml: add `knockouts = [\"NN:knockout-id\", ...]`",
                m.id
            );
        }
        out.push(m);
    }
    Ok(out)
}

/// Runs every knockout of every milestone in `milestones`, calling `on_row` after each.
///
/// # Errors
/// The scratch copy cannot be made. A single knockout's failure is a [`Verdict::Broken`]
/// row, never an error: the other knockouts still run.
pub fn run_all(
    workspace: &Path,
    course: &Course,
    milestones: &[&Milestone],
    opts: &Options,
    on_row: &mut dyn FnMut(&KnockoutRun),
) -> Result<Vec<KnockoutRun>> {
    let base = fsutil::target_base(workspace).join("verify-milestones");
    let copy = base.join("ws");
    let files = fsutil::copy_workspace(workspace, &copy)?;
    eprintln!("copied {files} files to {}", copy.display());
    let mut rows = Vec::new();
    for milestone in milestones {
        for reference in &milestone.knockouts {
            eprintln!("milestone {} under knockout {reference} ...", milestone.id);
            let scratch = Scratch {
                copy: &copy,
                base: &base,
                course,
                opts,
            };
            let row = run_one(&scratch, milestone, reference);
            on_row(&row);
            rows.push(row);
        }
    }
    Ok(rows)
}

/// Where a knockout runs: the scratch copy of the workspace, the folder holding it (and its
/// target and reports), the course and the options.
#[derive(Clone, Copy)]
struct Scratch<'a> {
    copy: &'a Path,
    base: &'a Path,
    course: &'a Course,
    opts: &'a Options,
}

fn run_one(scratch: &Scratch, milestone: &Milestone, reference: &str) -> KnockoutRun {
    let mut row = KnockoutRun {
        milestone: milestone.id.clone(),
        knockout: reference.to_string(),
        exit: None,
        verdict: Verdict::NotCaught,
        build: Duration::ZERO,
        run: Duration::ZERO,
        log: None,
    };
    if let Err(e) = try_run(scratch, milestone, reference, &mut row) {
        row.verdict = Verdict::Broken(e.to_string());
    }
    row
}

fn try_run(
    scratch: &Scratch,
    milestone: &Milestone,
    reference: &str,
    row: &mut KnockoutRun,
) -> Result<()> {
    let Scratch {
        copy,
        base,
        course,
        opts,
    } = *scratch;
    let (module, knockout) = find_knockout(copy, course, reference)?;
    write_knockout(copy, module, &knockout)?;
    // A checkpoint another build trained (the workspace's, or the previous knockout's)
    // would let a milestone skip the training the knockout sabotages.
    let checkpoints = copy.join("checkpoints");
    if checkpoints.exists() {
        std::fs::remove_dir_all(&checkpoints)
            .context(format!("cannot remove {}", checkpoints.display()))?;
    }
    let plan = knockout_plan(copy, course, module);
    let target = base.join("target");
    let started = Instant::now();
    let built = cargo::run(&Invocation {
        cwd: copy.to_path_buf(),
        args: ["build", "--release", "--quiet", "-p", &milestone.package]
            .into_iter()
            .chain(["--bin", &milestone.bin])
            .map(String::from)
            .collect(),
        editions: plan.clone(),
        target_dir: Some(target.clone()),
        verbose: opts.verbose,
    })?;
    row.build = started.elapsed();
    if !built.success {
        let first = built
            .text
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("see --verbose");
        bail!("the milestone does not build with this knockout: {first}");
    }
    let name = format!("{}-{}", milestone.id, reference.replace(':', "-"));
    let json = base.join("reports").join(format!("{name}.json"));
    let log = base.join("reports").join(format!("{name}.log"));
    let binary =
        target
            .join("release")
            .join(format!("{}{}", milestone.bin, std::env::consts::EXE_SUFFIX));
    let started = Instant::now();
    row.exit = run_binary(copy, &binary, milestone, &json, &log, opts.time_limit)?;
    row.run = started.elapsed();
    row.log = Some(log.clone());
    row.verdict = judge(row.exit, &json, &log, &plan, milestone);
    Ok(())
}

/// Resolves `"NN:id"` to the module and its knockout.
fn find_knockout<'a>(
    copy: &Path,
    course: &'a Course,
    reference: &str,
) -> Result<(&'a Module, Knockout)> {
    let Some((number, id)) = reference.split_once(':') else {
        bail!("knockout {reference:?} must look like \"NN:knockout-id\"");
    };
    let module = course.find_module(number)?;
    let list = knockouts::load(&module.dir(copy))?.unwrap_or_default();
    let Some(knockout) = list.into_iter().find(|k| k.id == id) else {
        bail!(
            "module {} has no knockout {id:?} in its {}: fix course.toml's knockouts",
            module.number,
            knockouts::FILE
        );
    };
    Ok((module, knockout))
}

/// Writes the knocked-out reference as the module's student code. Every file is written
/// anew, so each gets a fresh modification time and cargo rebuilds the module even though
/// the previous knockout of the same file was built a moment ago.
fn write_knockout(copy: &Path, module: &Module, knockout: &Knockout) -> Result<()> {
    let dir = module.dir(copy);
    let sabotaged = knockouts::apply(knockout, &fsutil::read(&dir.join(&knockout.file))?)?;
    knockouts::reset_student(&dir)?;
    fsutil::write(&dir.join(knockouts::student_path(knockout)?), &sabotaged)
}

/// Every built module as the reference, the knocked-out one as the student's code.
fn knockout_plan(copy: &Path, course: &Course, module: &Module) -> EditionPlan {
    let mut plan = edition::plan_all(copy, course.built(), Edition::Reference);
    plan.env.insert(module.number.clone(), Edition::Student);
    plan.expected
        .insert(module.number.clone(), Edition::Student);
    plan
}

/// Runs the built milestone with `--json <json> <args>`, its output into `log`; the exit
/// code (`None` when a signal or the time limit ended it).
fn run_binary(
    copy: &Path,
    binary: &Path,
    milestone: &Milestone,
    json: &Path,
    log: &Path,
    limit: Duration,
) -> Result<Option<i32>> {
    if let Some(dir) = json.parent() {
        std::fs::create_dir_all(dir).context(format!("cannot create {}", dir.display()))?;
    }
    let _ = std::fs::remove_file(json);
    let out = std::fs::File::create(log).context(format!("cannot create {}", log.display()))?;
    let err = out
        .try_clone()
        .context(format!("cannot write {}", log.display()))?;
    let mut child = Command::new(binary)
        .arg("--json")
        .arg(json)
        .args(&milestone.args)
        .current_dir(copy)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .context(format!("cannot run {}", binary.display()))?;
    let started = Instant::now();
    loop {
        if let Some(status) = child
            .try_wait()
            .context(format!("cannot wait for {}", binary.display()))?
        {
            return Ok(status.code());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "stopped after {}s (the time limit; raise it with --timeout-secs)",
                limit.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Exit 1 with a failing gate → caught; exit 0 → not caught; anything else → broken.
fn judge(
    exit: Option<i32>,
    json: &Path,
    log: &Path,
    plan: &EditionPlan,
    milestone: &Milestone,
) -> Verdict {
    let report: Option<serde_json::Value> = std::fs::read_to_string(json)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    if let Some(report) = &report {
        let line = report["editions"].as_str().unwrap_or_default().to_string();
        let anchor = milestone.requires.first().map_or("", String::as_str);
        if let Err(problem) = edition::check_probes(&[line], plan, anchor) {
            return Verdict::Broken(format!("editions not proven: {problem}"));
        }
    }
    let gates = report.as_ref().map(failing_gates).unwrap_or_default();
    match exit {
        Some(0) => Verdict::NotCaught,
        Some(1) if !gates.is_empty() => Verdict::Caught(gates),
        Some(1) if report.is_none() => Verdict::Broken(format!(
            "exit 1 before any gate (no report): {}",
            last_line(log)
        )),
        Some(1) => Verdict::Broken("exit 1, but the report names no failing gate".into()),
        Some(code) => Verdict::Broken(format!("exit {code}: {}", last_line(log))),
        None => Verdict::Broken(format!("killed by a signal: {}", last_line(log))),
    }
}

/// Every `parts[].failing` entry of a milestone report, as `"part: gate"`.
fn failing_gates(report: &serde_json::Value) -> Vec<String> {
    let mut gates = Vec::new();
    for part in report["parts"].as_array().into_iter().flatten() {
        let name = part["name"].as_str().unwrap_or("?");
        for gate in part["failing"].as_array().into_iter().flatten() {
            gates.push(format!("{name}: {}", gate.as_str().unwrap_or("?")));
        }
    }
    gates
}

/// The last non-empty line of the log, cut to 200 characters.
fn last_line(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let line = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let cut: String = line.chars().take(200).collect();
    format!("{cut} (log: {})", log.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone() -> Milestone {
        let toml = r#"
id = "01"
title = "t"
status = "built"
path = "milestones/01_x"
package = "p"
bin = "b"
requires = ["01"]
"#;
        toml::from_str(toml).unwrap()
    }

    fn plan() -> EditionPlan {
        let mut plan = EditionPlan {
            env: Default::default(),
            expected: Default::default(),
            student_edition: false,
        };
        plan.env.insert("01".into(), Edition::Student);
        plan.expected.insert("01".into(), Edition::Student);
        plan
    }

    fn judged(exit: Option<i32>, report: Option<&str>) -> Verdict {
        let dir = std::env::temp_dir().join(format!("vm-judge-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let json = dir.join(format!("{exit:?}.json"));
        let log = dir.join("log");
        std::fs::write(&log, "first\npanicked at the tensor\n\n").unwrap();
        let _ = std::fs::remove_file(&json);
        if let Some(r) = report {
            std::fs::write(&json, r).unwrap();
        }
        judge(exit, &json, &log, &plan(), &milestone())
    }

    const FAILED: &str = r#"{"achieved": false, "editions": "course-edition: 01=student",
        "parts": [{"name": "learning", "passed": false, "failing": ["gate 100% accuracy"]}]}"#;

    #[test]
    fn exit_one_with_a_named_gate_is_caught() {
        assert_eq!(
            judged(Some(1), Some(FAILED)),
            Verdict::Caught(vec!["learning: gate 100% accuracy".into()])
        );
    }

    #[test]
    fn exit_zero_is_not_caught_and_other_exits_are_broken() {
        assert_eq!(judged(Some(0), Some(FAILED)), Verdict::NotCaught);
        let Verdict::Broken(why) = judged(Some(2), None) else {
            panic!("exit 2 must be broken")
        };
        assert!(why.starts_with("exit 2: panicked at the tensor"), "{why}");
        let Verdict::Broken(why) = judged(Some(1), None) else {
            panic!("exit 1 without a report must be broken")
        };
        assert!(why.contains("before any gate"), "{why}");
        assert!(matches!(judged(None, None), Verdict::Broken(_)));
    }

    #[test]
    fn a_report_on_the_wrong_editions_is_broken() {
        let wrong = FAILED.replace("01=student", "01=reference");
        let Verdict::Broken(why) = judged(Some(1), Some(&wrong)) else {
            panic!("a reference build must not count")
        };
        assert!(why.contains("editions not proven"), "{why}");
    }
}

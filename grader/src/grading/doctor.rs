//! `cargo grade doctor`: checks the machine and the workspace before anything is graded,
//! and says for each problem what to do.
//!
//! It runs even when `course.toml` is missing or broken (that is one of its findings),
//! asks nothing, and never changes a file.

use crate::cargo::cargo_program;
use crate::course::edition::ENV_PREFIX;
use crate::course::manifest::{Course, find_workspace};
use crate::course::stub_files;
use crate::grading::hidden;
use crate::util::fsutil;
use crate::util::term::{Style, Tone};
use std::path::Path;
use std::process::{Command, Stdio};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// All good.
    Ok,
    /// Worth knowing.
    Note,
    /// Worth fixing; grading still works.
    Warning,
    /// Grading will fail or be wrong until it is fixed.
    Problem,
}

/// One line of the doctor's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How serious.
    pub level: Level,
    /// What was checked and found.
    pub what: String,
    /// What to do about it.
    pub fix: Option<String>,
}

impl Finding {
    fn new(level: Level, what: impl Into<String>, fix: Option<String>) -> Finding {
        Finding {
            level,
            what: what.into(),
            fix,
        }
    }
}

/// Free space below this is a problem (a cold build of the course needs a few GiB).
const MIN_FREE_BYTES: u64 = 2 << 30;

/// Free space below this is a warning.
const LOW_FREE_BYTES: u64 = 5 << 30;

/// A target directory above this size earns a note on how to shrink it.
const BIG_TARGET_BYTES: u64 = 20 << 30;

/// Runs every check. `explicit` is the `--workspace` argument, if given.
pub fn run(explicit: Option<&Path>) -> Vec<Finding> {
    let mut out = Vec::new();
    let workspace = match find_workspace(explicit) {
        Ok(ws) => Some(ws),
        Err(e) => {
            out.push(Finding::new(
                Level::Problem,
                format!("no course workspace: {e}"),
                Some("cd into the course directory (the one holding course.toml)".into()),
            ));
            None
        }
    };
    let needed = workspace.as_deref().and_then(rust_version);
    out.extend(toolchain(needed.as_deref()));
    out.extend(env_overrides());
    if let Some(ws) = &workspace {
        out.push(offline(ws));
        out.extend(disk(ws));
        out.extend(course_checks(ws));
    }
    out
}

/// The `rust-version` the workspace's Cargo.toml asks for.
fn rust_version(workspace: &Path) -> Option<String> {
    let text = std::fs::read_to_string(workspace.join("Cargo.toml")).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    let from = |t: Option<&toml::Value>| {
        t.and_then(|p| p.get("rust-version"))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let workspace_package = table.get("workspace").and_then(|w| w.get("package"));
    from(workspace_package).or_else(|| from(table.get("package")))
}

/// `(1, 88, 0)` from `1.88` or `rustc 1.95.0 (59807616e 2026-04-14)`.
pub fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let word = text
        .split_whitespace()
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))?;
    let core = word.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u32>().ok());
    let major = parts.next()??;
    let minor = parts.next().flatten().unwrap_or(0);
    let patch = parts.next().flatten().unwrap_or(0);
    Some((major, minor, patch))
}

/// The first line a program prints for `args`, or `None` if it cannot run or fails.
fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .map(|l| l.trim().to_string())
}

fn toolchain(needed: Option<&str>) -> Vec<Finding> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let cargo = cargo_program();
    let mut out = Vec::new();
    for (name, program, args) in [
        ("rustc", rustc.as_str(), vec!["--version"]),
        ("cargo", cargo.as_str(), vec!["--version"]),
    ] {
        out.push(match first_line(program, &args) {
            None => Finding::new(
                Level::Problem,
                format!("{name} does not run"),
                Some("install Rust with rustup: https://rustup.rs".into()),
            ),
            Some(line) => version_finding(&line, needed),
        });
    }
    for (component, sub) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        out.push(match first_line(&cargo, &[sub, "--version"]) {
            Some(line) => Finding::new(Level::Ok, line, None),
            None => Finding::new(
                Level::Warning,
                format!("{component} is not installed (`cargo {sub}` fails); grading works without it, the CI checks use it"),
                Some(format!("rustup component add {component}")),
            ),
        });
    }
    out
}

fn version_finding(line: &str, needed: Option<&str>) -> Finding {
    let have = parse_version(line);
    let want = needed.and_then(parse_version);
    match (have, want) {
        (Some(h), Some(w)) if h < w => Finding::new(
            Level::Problem,
            format!(
                "{line}: the course needs {} or newer",
                needed.unwrap_or_default()
            ),
            Some("rustup update stable".into()),
        ),
        (Some(_), Some(_)) => Finding::new(
            Level::Ok,
            format!(
                "{line} (the course needs {} or newer)",
                needed.unwrap_or_default()
            ),
            None,
        ),
        _ => Finding::new(Level::Ok, line.to_string(), None),
    }
}

/// `TINYTORCH_EDITION_NN` left in the shell makes plain `cargo test` build another edition.
fn env_overrides() -> Vec<Finding> {
    let mut vars: Vec<String> = std::env::vars()
        .filter(|(k, _)| k.starts_with(ENV_PREFIX))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    vars.sort();
    if vars.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        Level::Warning,
        format!(
            "set in your shell: {} (plain `cargo test` builds that edition; `cargo grade` ignores it)",
            vars.join(" ")
        ),
        Some("unset them, e.g. `unset TINYTORCH_EDITION_01`".into()),
    )]
}

/// Can every dependency be built without a network? Vendored sources, or everything in
/// Cargo.lock already in cargo's cache (`cargo fetch --offline --locked`).
fn offline(workspace: &Path) -> Finding {
    let config = std::fs::read_to_string(workspace.join(".cargo/config.toml")).unwrap_or_default();
    if workspace.join("vendor").is_dir() && config.contains("replace-with") {
        return Finding::new(Level::Ok, "dependencies are vendored (vendor/)", None);
    }
    let out = Command::new(cargo_program())
        .args(["fetch", "--offline", "--locked", "--quiet"])
        .current_dir(workspace)
        .stdin(Stdio::null())
        .output();
    match out {
        Ok(o) if o.status.success() => Finding::new(
            Level::Ok,
            "every dependency in Cargo.lock is downloaded: builds work offline",
            None,
        ),
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr);
            let first = err
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or("cargo fetch failed")
                .to_string();
            let fix = if err.contains("lock file") {
                "Cargo.lock does not match the manifests: restore it from the course (`git checkout Cargo.lock`) or run `cargo update --workspace`"
            } else {
                "run `cargo fetch` once while online; after that builds need no network"
            };
            Finding::new(
                Level::Problem,
                format!("not ready offline: {first}"),
                Some(fix.into()),
            )
        }
        Err(e) => Finding::new(
            Level::Problem,
            format!("cannot run cargo: {e}"),
            Some("install Rust with rustup: https://rustup.rs".into()),
        ),
    }
}

fn disk(workspace: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    match free_bytes(workspace) {
        Some(free) if free < MIN_FREE_BYTES => out.push(Finding::new(
            Level::Problem,
            format!("only {} free on the workspace's disk", gib(free)),
            Some("free some space: a build of the course needs a few GiB (`cargo clean` in old projects helps)".into()),
        )),
        Some(free) if free < LOW_FREE_BYTES => out.push(Finding::new(
            Level::Warning,
            format!("{} free on the workspace's disk (a cold build needs a few GiB)", gib(free)),
            Some("free some space before a full `cargo grade status`".into()),
        )),
        Some(free) => out.push(Finding::new(Level::Ok, format!("{} free on the workspace's disk", gib(free)), None)),
        None => out.push(Finding::new(Level::Note, "free disk space unknown (`df` is not available here)", None)),
    }
    let target = fsutil::target_base(workspace);
    let size = dir_size(&target);
    let (level, fix) = if size > BIG_TARGET_BYTES {
        (Level::Note, Some("`cargo clean` frees it all (build artifacts only: your code is not there); the next build takes longer".to_string()))
    } else {
        (Level::Ok, None)
    };
    out.push(Finding::new(
        level,
        format!("build directory {} uses {}", target.display(), gib(size)),
        fix,
    ));
    out
}

/// Free bytes on the file system holding `dir`, from POSIX `df -Pk`.
fn free_bytes(dir: &Path) -> Option<u64> {
    let out = Command::new("df")
        .arg("-Pk")
        .arg(dir)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().nth(1)?;
    let available_kib: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    Some(available_kib * 1024)
}

/// Total size of the files below `dir` (0 when it does not exist). Symbolic links are
/// not followed.
fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut total = 0;
    for entry in entries.flatten() {
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if meta.is_dir() {
            total += dir_size(&entry.path());
        } else {
            total += meta.len();
        }
    }
    total
}

/// `3.2 GiB`.
fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
}

fn course_checks(workspace: &Path) -> Vec<Finding> {
    let course = match Course::load(workspace) {
        Ok(c) => c,
        Err(e) => {
            return vec![Finding::new(
                Level::Problem,
                format!("course.toml does not load: {e}"),
                Some(
                    "restore it from the course (`git checkout course.toml`) or fix the line named"
                        .into(),
                ),
            )];
        }
    };
    let built = course.built().count();
    let mut out = vec![Finding::new(
        Level::Ok,
        format!(
            "course.toml: {} modules ({built} built), {} milestone(s)",
            course.modules.len(),
            course.milestones.len()
        ),
        None,
    )];
    for m in course.built() {
        if grade_unavailable(workspace, m) {
            out.push(Finding::new(
                Level::Problem,
                format!("module {}: {} has no Cargo.toml", m.label(), m.path),
                Some("restore the module's directory from the course".into()),
            ));
        }
    }
    if course.is_student_edition(workspace) {
        out.extend(student_files(workspace, &course));
    } else {
        out.extend(stale_stubs(workspace, &course));
        out.extend(hidden_layout(workspace, &course));
    }
    out
}

fn grade_unavailable(workspace: &Path, m: &crate::course::manifest::Module) -> bool {
    crate::grading::grade::unavailable(workspace, m).is_some()
}

fn stale_stubs(workspace: &Path, course: &Course) -> Vec<Finding> {
    match stub_files::plan(workspace, course, None) {
        Ok(plan) if plan.changes.is_empty() => vec![Finding::new(
            Level::Ok,
            format!("stubs in sync with the reference ({} files)", plan.in_sync),
            None,
        )],
        Ok(plan) => vec![Finding::new(
            Level::Problem,
            format!(
                "{} student file(s) out of date with src/reference (first: {})",
                plan.changes.len(),
                plan.changes[0].path
            ),
            Some("run `cargo grade dev stubs` (changed files are backed up first)".into()),
        )],
        Err(e) => vec![Finding::new(
            Level::Problem,
            format!("cannot generate the stubs: {e}"),
            Some("fix the solution marker named in the message".into()),
        )],
    }
}

fn hidden_layout(workspace: &Path, course: &Course) -> Vec<Finding> {
    let Ok(Some(root)) = hidden::locate(workspace, None) else {
        return Vec::new();
    };
    match hidden::check_layout(&root, course) {
        Ok(problems) if problems.is_empty() => vec![Finding::new(
            Level::Ok,
            "hidden tests: layout is valid",
            None,
        )],
        Ok(problems) => problems
            .into_iter()
            .map(|p| {
                Finding::new(
                    Level::Warning,
                    p,
                    Some("see docs/RELEASE.md, \"Hidden tests\"".into()),
                )
            })
            .collect(),
        Err(e) => vec![Finding::new(Level::Warning, e.to_string(), None)],
    }
}

fn student_files(workspace: &Path, course: &Course) -> Vec<Finding> {
    let missing: Vec<String> = course
        .built()
        .filter(|m| !m.dir(workspace).join("src/student/mod.rs").is_file())
        .map(|m| m.number.clone())
        .collect();
    if missing.is_empty() {
        return vec![Finding::new(
            Level::Ok,
            "student edition: every module has its src/student/",
            None,
        )];
    }
    let first = missing[0].clone();
    vec![Finding::new(
        Level::Problem,
        format!(
            "module(s) {} have no src/student/mod.rs",
            missing.join(", ")
        ),
        Some(format!(
            "`cargo grade reset {first}` restores a module's stubs"
        )),
    )]
}

/// The report as text.
pub fn render(findings: &[Finding], style: Style) -> String {
    let mut out = String::from("cargo grade doctor\n\n");
    for f in findings {
        let (word, tone) = match f.level {
            Level::Ok => ("ok", Tone::Good),
            Level::Note => ("note", Tone::Plain),
            Level::Warning => ("WARNING", Tone::Warn),
            Level::Problem => ("PROBLEM", Tone::Bad),
        };
        let pad = " ".repeat(9 - word.len());
        out.push_str(&format!("  {}{pad}{}\n", style.paint(word, tone), f.what));
        if let Some(fix) = &f.fix {
            out.push_str(&format!("           fix: {fix}\n"));
        }
    }
    let count = |l: Level| findings.iter().filter(|f| f.level == l).count();
    out.push_str(&format!(
        "\n{} problem(s), {} warning(s).\n",
        count(Level::Problem),
        count(Level::Warning)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tool_versions() {
        assert_eq!(
            parse_version("rustc 1.95.0 (59807616e 2026-04-14)"),
            Some((1, 95, 0))
        );
        assert_eq!(parse_version("1.88"), Some((1, 88, 0)));
        assert_eq!(
            parse_version("cargo 1.90.0-nightly (abc 2025-01-01)"),
            Some((1, 90, 0))
        );
        assert_eq!(parse_version("nothing here"), None);
    }

    #[test]
    fn old_toolchains_are_problems_with_a_fix() {
        let old = version_finding("rustc 1.80.1 (x)", Some("1.88"));
        assert_eq!(old.level, Level::Problem);
        assert_eq!(old.fix.as_deref(), Some("rustup update stable"));
        let new = version_finding("rustc 1.95.0 (x)", Some("1.88"));
        assert_eq!(new.level, Level::Ok);
        assert!(new.what.contains("1.88 or newer"));
    }

    #[test]
    fn renders_levels_and_fixes() {
        let text = render(
            &[
                Finding::new(Level::Ok, "fine", None),
                Finding::new(Level::Problem, "broken", Some("do this".into())),
            ],
            Style::plain(),
        );
        assert!(text.contains("  ok       fine\n"));
        assert!(text.contains("  PROBLEM  broken\n           fix: do this\n"));
        assert!(text.ends_with("1 problem(s), 0 warning(s).\n"));
    }
}

//! What the milestones' end-to-end tests share (feature `testing`, for dev-dependencies):
//! running a milestone binary, checking the report the grader reads, and checking that bad
//! input exits 2 naming the option.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory for one test's files: `<temp>/tt-<tag>-<process id>-<test>`.
///
/// # Panics
/// When the directory cannot be created.
pub fn scratch(tag: &str, test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tt-{tag}-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What an achieved run printed and reported.
#[derive(Debug)]
pub struct AchievedRun {
    /// Its standard output.
    pub stdout: String,
    /// Its `--json` report.
    pub report: Value,
}

/// Runs the milestone binary `bin` with `--quiet --json <dir>/report.json` after `args`,
/// and checks what the grader relies on: exit 0, a report with `achieved: true` and
/// `parts` parts, and its `editions` line printed first, every module on the reference
/// (what a plain `cargo test` compiles).
///
/// # Panics
/// When any of those does not hold, with the run's stdout.
pub fn achieved_run(bin: &str, args: &[&str], dir: &Path, parts: usize) -> AchievedRun {
    let json = dir.join("report.json");
    let out = Command::new(bin)
        .args(args)
        .args(["--quiet", "--json"])
        .arg(&json)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["achieved"], true);
    assert_eq!(report["parts"].as_array().map(Vec::len), Some(parts));
    let editions = report["editions"].as_str().unwrap_or_default();
    assert!(
        editions.starts_with("course-edition: 01=reference") && !editions.contains("=student"),
        "{editions}"
    );
    assert!(stdout.starts_with(&format!("{editions}\n")), "{stdout}");
    AchievedRun { stdout, report }
}

/// Checks that `bin` exits 2 on each argument list and names its first option (the part
/// before any `=`) on stderr.
///
/// # Panics
/// On a list that exits otherwise or whose error does not name the option.
pub fn assert_bad_input_names_the_option(bin: &str, cases: &[&[&str]]) {
    for args in cases {
        let out = Command::new(bin).args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let option = args[0].split('=').next().unwrap_or_default();
        assert!(stderr.contains(option), "{args:?}: {stderr}");
    }
}

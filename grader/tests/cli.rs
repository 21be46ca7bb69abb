//! End-to-end checks of the `grader` binary on a tiny throw-away course: the commands that
//! do not run cargo (stubs, hint) and the error paths (one `error:` line, exit code 2).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tinytorch_course::fixture::{CourseToml, scratch_dir};

fn course_toml() -> String {
    CourseToml::new("Tiny")
        .crate_prefix("tiny-")
        .module("01", "alpha", "built")
        .task("01.1", "Double", 10)
        .hints(&["Multiply by two.", "`x * 2`."])
        .module("02", "beta", "planned")
        .text()
}

/// The reference file; `@BEGIN`/`@END` stand for the solution markers (this file ships in the
/// student edition, which must not contain the marker text).
const REFERENCE: &str = "//! Alpha.\n\n/// Doubles.\npub fn double(x: i32) -> i32 {\n    @BEGIN 01.1\n    x * 2\n    @END\n}\n";

fn course(name: &str) -> PathBuf {
    let dir = scratch_dir("grader-cli", name);
    fs::create_dir_all(dir.join("modules/01_alpha/src/reference")).unwrap();
    fs::write(dir.join("course.toml"), course_toml()).unwrap();
    let reference = REFERENCE
        .replace("@BEGIN", tinytorch_grader::course::stubs::BEGIN)
        .replace("@END", tinytorch_grader::course::stubs::END);
    fs::write(dir.join("modules/01_alpha/src/reference/mod.rs"), reference).unwrap();
    dir
}

fn grader(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(args)
        .arg("--workspace")
        .arg(workspace)
        .env("NO_COLOR", "1")
        .output()
        .expect("the grader binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn stubs_check_then_generate_then_in_sync() {
    let ws = course("stubs");
    let check = grader(&ws, &["dev", "stubs", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("missing: modules/01_alpha/src/student/mod.rs"));
    assert!(
        !ws.join("modules/01_alpha/src/student").exists(),
        "--check writes nothing"
    );

    let write = grader(&ws, &["dev", "stubs"]);
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    let stub = fs::read_to_string(ws.join("modules/01_alpha/src/student/mod.rs")).unwrap();
    assert!(stub.contains("todo!(\n        \"[01.1 Double] double: write this."));
    assert!(!stub.contains("x * 2"), "no reference code in the stub");

    assert_eq!(
        grader(&ws, &["dev", "stubs", "--check"]).status.code(),
        Some(0)
    );

    fs::write(ws.join("modules/01_alpha/src/student/mod.rs"), "my work").unwrap();
    let again = grader(&ws, &["dev", "stubs"]);
    let saved = stdout(&again);
    let backup = saved
        .lines()
        .find_map(|l| l.trim().strip_prefix("previous version saved to "))
        .unwrap();
    assert_eq!(fs::read_to_string(backup).unwrap(), "my work");
    fs::remove_dir_all(&ws).unwrap();
}

#[test]
fn hints_are_progressive() {
    let ws = course("hint");
    let first = grader(&ws, &["hint", "01.1"]);
    assert_eq!(first.status.code(), Some(0));
    assert!(stdout(&first).contains("Hint 1 of 2: Multiply by two."));
    assert!(!stdout(&first).contains("`x * 2`"));
    let all = grader(&ws, &["hint", "1.1", "--all"]);
    assert!(stdout(&all).contains("Hint 2 of 2: `x * 2`."));
    fs::remove_dir_all(&ws).unwrap();
}

#[test]
fn errors_are_one_line_with_exit_code_2() {
    let ws = course("errors");
    let cases: [(&[&str], &str); 4] = [
        (&["hint", "01.7"], "its tasks: 01.1"),
        (
            &["test", "02"],
            "module 02 (Beta) is planned: not built yet",
        ),
        (&["test", "gamma"], "modules: 01 alpha, 02 beta"),
        (&["test", "1"], "has no Cargo.toml"),
    ];
    for (args, expected) in cases {
        let out = grader(&ws, args);
        let err = stderr(&out);
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("error: ") && last.contains(expected),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let missing = grader(&ws.join("nowhere"), &["status"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).starts_with("error: "));
    fs::remove_dir_all(&ws).unwrap();
}

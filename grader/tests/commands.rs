//! Every subcommand on an empty state, with bad arguments and without a terminal (stdin
//! closed, output captured): a clear `error:` line, a non-zero exit, no panic, and no file
//! lost. None of these runs cargo: the courses here have no buildable module, so the whole
//! file takes well under a second.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tinytorch_course::fixture::{CourseToml, scratch_dir};

/// Module 01 built with one task, 02 planned, milestone 01 planned.
fn built_toml() -> String {
    CourseToml::new("Tiny")
        .crate_prefix("tiny-")
        .module("01", "alpha", "built")
        .task("01.1", "Double", 10)
        .hints(&["Multiply by two."])
        .module("02", "beta", "planned")
        .milestone("01", "First", "planned", &["01"])
        .text()
}

/// Every module planned.
fn all_planned_toml() -> String {
    CourseToml::new("Empty")
        .crate_prefix("tiny-")
        .module("01", "alpha", "planned")
        .text()
}

fn scratch(name: &str) -> PathBuf {
    scratch_dir("grader-cmds", name)
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A tiny built course: module 01 with a reference and its generated stub.
fn built_course(name: &str) -> PathBuf {
    let ws = scratch(name);
    write(&ws.join("course.toml"), &built_toml());
    let marker = |s: &str| {
        s.replace("@BEGIN", tinytorch_grader::course::stubs::BEGIN)
            .replace("@END", tinytorch_grader::course::stubs::END)
    };
    write(
        &ws.join("modules/01_alpha/src/reference/mod.rs"),
        &marker(
            "/// Doubles.\npub fn double(x: i32) -> i32 {\n    @BEGIN 01.1\n    x * 2\n    @END\n}\n",
        ),
    );
    let out = grader(&ws, &["dev", "stubs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    ws
}

fn grader(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(args)
        .arg("--workspace")
        .arg(workspace)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the grader binary runs")
}

fn grader_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the grader binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit code 2, a last stderr line `error: ...` containing `expected`, no panic.
fn assert_error(out: &Output, expected: &str, what: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{what}: {err}{}", stdout(out));
    assert!(!err.contains("panicked"), "{what}: {err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: ") && last.contains(expected),
        "{what}: expected {expected:?} in {err}"
    );
}

/// Every file under `dir` with its content, to prove nothing changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_command_outside_a_course_fails_clearly() {
    let dir = scratch("nowhere");
    let before = snapshot(&dir);
    let commands: [&[&str]; 9] = [
        &["dev", "stubs"],
        &["test", "01"],
        &["status"],
        &["hint", "01.1"],
        &["dev", "verify"],
        &["dev", "release", "out"],
        &["dev", "report"],
        &["reset", "01"],
        &["status", "--json"],
    ];
    for args in commands {
        let out = grader_in(&dir, args);
        assert_error(&out, "no course.toml", &format!("{args:?}"));
    }
    // doctor still runs: the missing workspace is one of its findings.
    let doctor = grader_in(&dir, &["doctor"]);
    assert_eq!(doctor.status.code(), Some(1), "{}", stderr(&doctor));
    assert!(stdout(&doctor).contains("PROBLEM  no course workspace"));
    assert!(stdout(&doctor).contains("fix: cd into the course directory"));
    assert_eq!(snapshot(&dir), before, "nothing was written");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_course_with_nothing_built_is_an_empty_state_not_a_crash() {
    let ws = scratch("planned");
    write(&ws.join("course.toml"), &all_planned_toml());
    let status = grader(&ws, &["status"]);
    assert_eq!(status.status.code(), Some(0));
    assert!(stdout(&status).contains("no module is built yet"));
    let json = grader(&ws, &["status", "--json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["modules"][0]["result"], "planned");
    assert_eq!(v["milestones"].as_array().unwrap().len(), 0);
    for format in ["table", "json", "junit", "csv", "classroom"] {
        let out = grader(&ws, &["dev", "report", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
    }
    let stubs = grader(&ws, &["dev", "stubs", "--check"]);
    assert_eq!(stubs.status.code(), Some(0));
    let verify = grader(&ws, &["dev", "verify"]);
    assert_eq!(
        verify.status.code(),
        Some(1),
        "nothing verified is a failure"
    );
    assert!(stdout(&verify).contains("no built module in course.toml"));
    let out = scratch("planned-out");
    assert_error(
        &grader(&ws, &["dev", "release", out.join("ed").to_str().unwrap()]),
        "nothing to release",
        "release",
    );
    assert_error(&grader(&ws, &["reset", "01"]), "planned", "reset");
    assert_error(&grader(&ws, &["test", "01"]), "planned", "test");
    assert_error(&grader(&ws, &["hint", "01.1"]), "has no tasks yet", "hint");
    fs::remove_dir_all(&ws).unwrap();
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn bad_arguments_are_usage_errors() {
    let ws = built_course("args");
    // A bare `cargo grade` is not one of them: it shows the status.
    for args in [
        &["frobnicate"][..],
        &["verify"],
        &["dev", "report", "--format", "xml"],
        &["hint"],
        &["reset"],
        &["dev", "release"],
        &["dev", "report", "--from", "r.json", "--module", "01"],
        &["status", "--json", "extra"],
    ] {
        let out = grader(&ws, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("Usage") || err.contains("possible values"),
            "{args:?}: {err}"
        );
    }
    let cases: [(&[&str], &str); 9] = [
        (&["hint", "abc"], "is not a task id: write it as NN.k"),
        (&["hint", ""], "is not a task id"),
        (
            &["hint", "01.x"],
            "no task 01.x in module 01 (Alpha); its tasks: 01.1",
        ),
        (&["hint", "99.1"], "no module \"99\""),
        (
            &["hint", "01.1", "7"],
            "task 01.1 has 1 hint: ask for 1 to 1",
        ),
        (&["status", "--module", "99"], "no module \"99\""),
        (
            &["dev", "report", "--module", "beta"],
            "module 02 (Beta) is planned",
        ),
        (&["reset", "gamma"], "no module \"gamma\""),
        (
            &["dev", "report", "--from", "missing.json"],
            "cannot read missing.json",
        ),
    ];
    for (args, expected) in cases {
        assert_error(&grader(&ws, args), expected, &format!("{args:?}"));
    }
    write(&ws.join("old.json"), "{\"schema_version\": 99}");
    assert_error(
        &grader_in(&ws, &["dev", "report", "--from", "old.json"]),
        "schema_version 99 is not supported",
        "old report",
    );
    assert_error(
        &grader(&ws, &["dev", "report", "--output", ws.to_str().unwrap()]),
        "is a directory",
        "report into a directory",
    );
    fs::remove_dir_all(&ws).unwrap();
}

#[test]
fn release_never_writes_into_the_workspace_or_over_files() {
    let ws = built_course("release-guard");
    let before = snapshot(&ws);
    let inside = ws.join("modules/edition");
    assert_error(
        &grader(&ws, &["dev", "release", inside.to_str().unwrap()]),
        "is inside the course workspace",
        "release inside",
    );
    assert_error(
        &grader(
            &ws,
            &["dev", "release", ws.parent().unwrap().to_str().unwrap()],
        ),
        "contains the course workspace",
        "release around",
    );
    let busy = scratch("release-busy");
    write(&busy.join("notes.txt"), "keep me");
    assert_error(
        &grader(&ws, &["dev", "release", busy.to_str().unwrap()]),
        "is not empty (1 entries): choose an empty directory, or pass --force",
        "release over files",
    );
    assert_eq!(
        fs::read_to_string(busy.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(snapshot(&ws), before, "the workspace is untouched");
    fs::remove_dir_all(&ws).unwrap();
    fs::remove_dir_all(&busy).unwrap();
}

#[test]
fn release_then_reset_in_the_edition() {
    let ws = built_course("release-reset");
    write(
        &ws.join("hidden/01/extra.rs"),
        "#[test]\nfn t01_1_secret() {}\n",
    );
    write(&ws.join("modules/01_alpha/knockouts.toml"), "");
    let out = scratch("release-reset-out");
    write(&out.join(".git/HEAD"), "ref: refs/heads/main\n");
    write(&out.join("stale.txt"), "old edition");
    let ed = out.clone();
    let release = grader(&ws, &["dev", "release", ed.to_str().unwrap(), "--force"]);
    assert_eq!(release.status.code(), Some(0), "{}", stderr(&release));
    assert!(stdout(&release).contains("Student edition written to"));
    assert!(ed.join(".git/HEAD").is_file(), "--force keeps .git");
    assert!(!ed.join("stale.txt").exists());
    assert!(!ed.join("hidden").exists() && !ed.join("modules/01_alpha/knockouts.toml").exists());
    assert!(!ed.join("modules/01_alpha/src/reference").exists());
    assert!(ed.join(".github/workflows/classroom.yml").is_file());
    assert!(
        fs::read_to_string(ed.join("README.md"))
            .unwrap()
            .contains("| 01 | Alpha | 10 |")
    );
    let stub = ed.join("modules/01_alpha/src/student/mod.rs");
    let pristine = fs::read_to_string(&stub).unwrap();
    assert!(pristine.contains("todo!("));

    // In the edition: the student's work is never overwritten without --yes.
    fs::write(&stub, "pub fn double(x: i32) -> i32 { x + x }\n").unwrap();
    let refused = grader(&ed, &["reset", "01"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stdout(&refused).contains("Nothing was changed. Run `cargo grade reset 01 --yes`"));
    assert!(fs::read_to_string(&stub).unwrap().contains("x + x"));
    let done = grader(&ed, &["reset", "01", "--yes"]);
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let text = stdout(&done);
    let backup = text
        .lines()
        .find_map(|l| l.strip_prefix("Your previous files are in "))
        .expect("the backup directory is printed");
    let saved = Path::new(backup).join("modules/01_alpha/src/student/mod.rs");
    assert!(fs::read_to_string(saved).unwrap().contains("x + x"));
    assert_eq!(fs::read_to_string(&stub).unwrap(), pristine);
    let again = grader(&ed, &["reset", "01"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("nothing to do"));
    // The edition cannot release itself, and has no reference to grade.
    let out2 = scratch("release-reset-again");
    assert_error(
        &grader(&ed, &["dev", "release", out2.join("x").to_str().unwrap()]),
        "is already a student edition",
        "release from an edition",
    );
    assert_error(
        &grader(&ed, &["test", "01", "--reference"]),
        "no reference code here",
        "reference",
    );
    fs::remove_dir_all(&ws).unwrap();
    fs::remove_dir_all(&out).unwrap();
    fs::remove_dir_all(&out2).unwrap();
}

#[test]
fn reset_in_the_instructor_workspace_restores_generated_stubs() {
    let ws = built_course("reset-instructor");
    let stub = ws.join("modules/01_alpha/src/student/mod.rs");
    let fresh = grader(&ws, &["reset", "alpha"]);
    assert_eq!(fresh.status.code(), Some(0));
    assert!(stdout(&fresh).contains("nothing to do"));
    fs::remove_file(&stub).unwrap();
    let created = grader(&ws, &["reset", "01"]);
    assert_eq!(
        created.status.code(),
        Some(0),
        "a missing file needs no --yes"
    );
    assert!(stdout(&created).contains("created modules/01_alpha/src/student/mod.rs"));
    assert!(stub.is_file());
    fs::remove_dir_all(&ws).unwrap();
}

#[test]
fn doctor_reports_a_broken_manifest_with_a_fix() {
    let ws = scratch("doctor");
    write(&ws.join("course.toml"), "format_version = 1\n[course\n");
    let out = grader(&ws, &["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("PROBLEM  course.toml does not load"),
        "{text}"
    );
    assert!(text.contains("ok       rustc "), "{text}");
    assert!(text.contains("problem(s)"));
    // Every other command names the broken line instead of crashing.
    assert_error(&grader(&ws, &["status"]), "course.toml", "status");
    fs::remove_dir_all(&ws).unwrap();
}

#[test]
fn status_and_report_name_a_module_that_cannot_build() {
    let ws = built_course("unavailable");
    let status = grader(&ws, &["status"]);
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    let text = stdout(&status);
    assert!(text.contains("unavailable"), "{text}");
    assert!(
        text.contains("01  First, modules 01: locked (needs 01)"),
        "{text}"
    );
    let report = grader(&ws, &["dev", "report", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&report)).unwrap();
    assert_eq!(v["modules"][0]["result"], "unavailable");
    assert!(
        v["modules"][0]["problems"][0]
            .as_str()
            .unwrap()
            .contains("has no Cargo.toml")
    );
    assert_eq!(v["workspace"], "instructor");
    fs::remove_dir_all(&ws).unwrap();
}

//! Every test gets its own verdict: a fixture module (a tiny crate written into a scratch
//! workspace here, not a course module) whose student code aborts, overflows its stack,
//! loops forever, or leaks a panic from a thread it starts. Graded twice in a row, each
//! run must give exactly the expected outcome per test: the crashing test fails with its
//! reason in words, every other test is graded normally, and the edition stays proven.
//!
//! Cost: one build of a crate without dependencies (a few seconds, its own target
//! directory in the scratch workspace), then a 2 s per-test limit for the looping test.

use std::fs;
use std::path::{Path, PathBuf};
use tinytorch_course::Course;
use tinytorch_course::fixture::{CourseToml, scratch_dir};
use tinytorch_grader::grading::grade::{self, ModuleGrade, RunOptions, TaskStatus};
use tinytorch_grader::grading::{integrity, submissions};

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn course_toml() -> String {
    course_builder().text()
}

fn course_builder() -> CourseToml {
    CourseToml::new("Crashes")
        .crate_prefix("fixture-")
        .module("01", "crashy", "built")
        .test_timeout(2)
        .task("01.1", "Fine", 10)
        .task("01.2", "Abort", 10)
        .task("01.3", "Recursion", 10)
        .task("01.4", "Loop", 10)
        .task("01.5", "Thread", 10)
}

/// The student code: `value(x)` is right for small `x` and breaks in four ways above.
const STUDENT: &str = r#"
pub fn value(x: u64) -> u64 {
    match x {
        100 => std::process::abort(),
        200 => deep(x),
        300 => loop { std::hint::spin_loop() },
        400 => {
            // A panic in a thread the code starts and never joins: the test itself goes on.
            let _ = std::thread::spawn(|| panic!("worker failed")).join();
            x
        }
        _ => x,
    }
}

#[inline(never)]
fn deep(x: u64) -> u64 {
    let buf = [x; 64];
    std::hint::black_box(&buf);
    deep(buf[1] + 1) + 1
}
"#;

const REFERENCE: &str = "pub fn value(x: u64) -> u64 { x }\n";

const LIB: &str = r#"
#[cfg(course_student)]
mod student;
#[cfg(course_student)]
pub use student::value;
#[cfg(not(course_student))]
mod reference;
#[cfg(not(course_student))]
pub use reference::value;

/// The probe line: which code was compiled.
pub fn probe() -> String {
    let edition = if cfg!(course_student) { "student" } else { "reference" };
    format!("course-edition: 01={edition}")
}
"#;

const TESTS: &str = r#"
#[test]
fn edition_probe() {
    println!("{}", fixture_crashy::probe());
}

#[test]
fn t01_1_small_values() { assert_eq!(fixture_crashy::value(7), 7); }
#[test]
fn t01_1_more_small_values() { assert_eq!(fixture_crashy::value(8), 8); }
#[test]
fn t01_2_aborts() { assert_eq!(fixture_crashy::value(100), 100); }
#[test]
fn t01_2_fine() { assert_eq!(fixture_crashy::value(9), 9); }
#[test]
fn t01_3_overflows() { assert_eq!(fixture_crashy::value(200), 200); }
#[test]
fn t01_4_loops() { assert_eq!(fixture_crashy::value(300), 300); }
#[test]
fn t01_5_thread() { assert_eq!(fixture_crashy::value(400), 400); }
"#;

/// A scratch workspace holding the fixture crate, built by the course's own build script.
fn fixture(name: &str) -> (PathBuf, Course) {
    let ws = scratch_dir("grader-crashes", name);
    let toml = course_toml();
    write(&ws.join("course.toml"), &toml);
    write(
        &ws.join("Cargo.toml"),
        "[workspace]\nmembers = [\"modules/01_crashy\"]\nresolver = \"2\"\n",
    );
    let build_script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../course/edition_build.rs");
    let m = ws.join("modules/01_crashy");
    write(
        &m.join("Cargo.toml"),
        "[package]\nname = \"fixture-crashy\"\nversion = \"0.1.0\"\nedition = \"2024\"\nbuild = \"build.rs\"\n",
    );
    fs::copy(&build_script, m.join("build.rs")).unwrap();
    write(&m.join("src/lib.rs"), LIB);
    write(&m.join("src/student/mod.rs"), STUDENT);
    write(&m.join("src/reference/mod.rs"), REFERENCE);
    write(&m.join("tests/graded.rs"), TESTS);
    (ws, Course::parse(&toml).unwrap())
}

fn grade_once(ws: &Path, course: &Course) -> ModuleGrade {
    let mut opts = RunOptions::new(ws, false);
    opts.target_dir = Some(ws.join("target"));
    grade::grade_module(ws, course, &course.modules[0], false, &opts).unwrap()
}

/// (task, status, points) per task.
type TaskOutcomes = Vec<(String, TaskStatus, u32)>;

/// (test, first message line) per failing test.
type Failures = Vec<(String, String)>;

/// Task outcomes and failures of a grade.
fn outcome(g: &ModuleGrade) -> (TaskOutcomes, Failures) {
    let tasks = g
        .tasks
        .iter()
        .map(|t| (t.id.clone(), t.status, t.points))
        .collect();
    let crashed = g
        .tasks
        .iter()
        .flat_map(|t| &t.failures)
        .map(|f| (f.test.clone(), f.message.join(" ")))
        .collect();
    (tasks, crashed)
}

#[test]
fn each_crash_or_hang_costs_exactly_its_test_on_every_run() {
    let (ws, course) = fixture("ws");
    let first = grade_once(&ws, &course);
    assert!(first.trusted(), "{first:#?}");
    let (tasks, failures) = outcome(&first);
    assert_eq!(
        tasks,
        vec![
            ("01.1".into(), TaskStatus::Done, 10),
            ("01.2".into(), TaskStatus::Failing, 0),
            ("01.3".into(), TaskStatus::Failing, 0),
            ("01.4".into(), TaskStatus::Failing, 0),
            ("01.5".into(), TaskStatus::Failing, 0),
        ]
    );
    let reasons: Vec<(&str, &str)> = failures
        .iter()
        .map(|(t, m)| (t.as_str(), m.split(':').next().unwrap_or("")))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("t01_2_aborts", "aborted (SIGABRT)"),
            ("t01_3_overflows", "stack overflow"),
            ("t01_4_loops", "did not finish within 2 s"),
            ("t01_5_thread", "a thread it started ('<unnamed>') panicked"),
        ]
    );
    assert_eq!(first.points(), 10);
    assert_eq!(first.tests(), (3, 7));
    assert!(
        first
            .crashed
            .iter()
            .any(|c| c == "test t01_4_loops (task 01.4): did not finish within 2 s"),
        "{:?}",
        first.crashed
    );
    let second = grade_once(&ws, &course);
    assert_eq!(outcome(&second), outcome(&first));
    assert_eq!(second.points(), first.points());
}

/// A released fixture whose graded test file is gutted: every grade from it is untrusted
/// and names the file, while the student's own files may change freely.
#[test]
fn a_gutted_test_file_is_reported_as_tampered() {
    let (ws, course) = fixture("tamper");
    integrity::write_manifest(&ws).unwrap();
    write(&ws.join("modules/01_crashy/src/student/mod.rs"), REFERENCE);
    let honest = grade_once(&ws, &course);
    assert!(honest.trusted(), "{honest:#?}");
    assert_eq!(honest.points(), 50);
    let gutted = TESTS.replace("assert_eq!(fixture_crashy::value(100), 100);", "return;");
    write(&ws.join("modules/01_crashy/tests/graded.rs"), &gutted);
    let g = grade_once(&ws, &course);
    assert!(!g.trusted());
    assert_eq!(g.points(), 0);
    let problem = g.edition_problem.unwrap();
    assert!(
        problem.starts_with("TAMPERED: 1 instructor file(s) differ from the release (modules/01_crashy/tests/graded.rs)"),
        "{problem}"
    );
}

/// A class of three on the fixture course: one good submission, one that does not compile,
/// one that hangs on one test. The batch finishes and the class table says which is which.
#[test]
fn a_batch_of_submissions_grades_into_the_class_table() {
    let (ws, course) = fixture("class");
    let class = ws.join("class");
    let solutions = [
        ("ada", REFERENCE.to_string()),
        ("bob", "pub fn value(x: u64) -> u64 { x + }\n".to_string()),
        (
            "eve",
            "pub fn value(x: u64) -> u64 { if x == 300 { loop { std::hint::spin_loop() } } x }\n"
                .to_string(),
        ),
    ];
    for (student, code) in &solutions {
        write(
            &class
                .join(student)
                .join("modules/01_crashy/src/student/mod.rs"),
            code,
        );
    }
    let list = submissions::expand(&[class]).unwrap();
    let report = submissions::grade_all(
        &ws,
        &course,
        &list,
        &submissions::ClassOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let rows: Vec<(&str, u32)> = report
        .submissions
        .iter()
        .map(|s| (s.student.as_str(), s.total))
        .collect();
    assert_eq!(rows, vec![("ada", 50), ("bob", 0), ("eve", 40)]);
    let problems: Vec<&Vec<String>> = report.submissions.iter().map(|s| &s.problems).collect();
    assert!(problems[0].is_empty(), "{:?}", problems[0]);
    assert!(
        problems[1][0].starts_with("01: does not compile: error"),
        "{:?}",
        problems[1]
    );
    assert_eq!(
        problems[2],
        &vec!["01: test t01_4_loops (task 01.4): did not finish within 2 s".to_string()]
    );
    let csv = submissions::class_csv(&report);
    assert!(
        csv.starts_with("student,01,total,max_total,milestones,seconds,problems\nada,50,50,50,,"),
        "{csv}"
    );
    assert!(csv.contains("\nbob,0,0,50,"), "{csv}");
}

/// The milestone of the milestones test: `value` must sum 1..=10 to 55 on the student's
/// chain. It writes the report the grader reads (achieved, parts, the edition line).
const MILESTONE_MAIN: &str = r#"
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json = &args[args.iter().position(|a| a == "--json").unwrap() + 1];
    let sum: u64 = (1..=10).map(fixture_crashy::value).sum();
    let ok = sum == 55;
    let failing = if ok { "" } else { "\"sum is 55\"" };
    let report = format!(
        "{{\"achieved\": {ok}, \"parts\": [{{\"name\": \"sum\", \"passed\": {ok}, \"failing\": [{failing}]}}], \"editions\": \"{}\"}}",
        fixture_crashy::probe()
    );
    std::fs::write(json, report).unwrap();
    std::process::exit(if ok { 0 } else { 1 });
}
"#;

/// `--milestones`: each submission's milestone runs on its own chain, after its modules.
/// A right solution achieves it, a wrong one fails its named gate, one that does not
/// compile is reported as not run; none stops the batch.
#[test]
fn milestones_run_on_each_submissions_own_code() {
    let toml = course_builder()
        .milestone("01", "Sum", "built", &["01"])
        .text();
    let (ws, _) = fixture("milestones");
    write(&ws.join("course.toml"), &toml);
    let course = Course::parse(&toml).unwrap();
    write(
        &ws.join("Cargo.toml"),
        "[workspace]\nmembers = [\"modules/01_crashy\", \"milestones/01_sum\"]\nresolver = \"2\"\n",
    );
    write(
        &ws.join("milestones/01_sum/Cargo.toml"),
        "[package]\nname = \"milestone-01\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nfixture-crashy = { path = \"../../modules/01_crashy\" }\n",
    );
    write(
        &ws.join("milestones/01_sum/src/bin/milestone-01.rs"),
        MILESTONE_MAIN,
    );
    let class = ws.join("class");
    for (student, code) in [
        ("ada", REFERENCE),
        ("bob", "pub fn value(x: u64) -> u64 { x + }\n"),
        ("dan", "pub fn value(x: u64) -> u64 { x * 2 }\n"),
    ] {
        write(
            &class
                .join(student)
                .join("modules/01_crashy/src/student/mod.rs"),
            code,
        );
    }
    let opts = submissions::ClassOptions {
        hidden: None,
        milestones: course.milestones.iter().collect(),
    };
    let list = submissions::expand(&[class]).unwrap();
    let report = submissions::grade_all(&ws, &course, &list, &opts, &mut |_| {}).unwrap();
    let verdicts: Vec<(&str, bool, Vec<String>, bool)> = report
        .submissions
        .iter()
        .map(|s| {
            let m = &s.milestones[0];
            (
                s.student.as_str(),
                m.achieved,
                m.failing.clone(),
                m.problem.is_some(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        vec![
            ("ada", true, vec![], false),
            ("bob", false, vec![], true),
            ("dan", false, vec!["sum: sum is 55".to_string()], false),
        ]
    );
    let csv = submissions::class_csv(&report);
    assert!(csv.contains("\nada,50,50,50,01,"), "{csv}");
    assert!(csv.contains("\ndan,0,0,50,,"), "{csv}");
}

/// `dev report` on a released copy whose graded test file was gutted still writes the
/// report (the problem is on record) but exits non-zero, so a Classroom run fails on it.
#[test]
fn report_on_a_tampered_copy_exits_non_zero() {
    let (ws, _course) = fixture("tamper-report");
    integrity::write_manifest(&ws).unwrap();
    write(&ws.join("modules/01_crashy/src/student/mod.rs"), REFERENCE);
    let gutted = TESTS.replace("assert_eq!(fixture_crashy::value(100), 100);", "return;");
    write(&ws.join("modules/01_crashy/tests/graded.rs"), &gutted);
    let report = ws.join("report.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_grader"))
        .arg("--workspace")
        .arg(&ws)
        .args(["dev", "report", "--format", "json", "--output"])
        .arg(&report)
        .env("CARGO_TARGET_DIR", ws.join("target"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("TAMPERED: 1 instructor file(s)"),
        "{stderr}"
    );
    let written = fs::read_to_string(&report).unwrap();
    assert!(written.contains("TAMPERED"), "{written}");
}

//! The student edition end to end, on THIS workspace (instructor-only: `cargo grade
//! release` leaves this file out of the edition).
//!
//! 1. `cargo grade dev release` writes the edition; an independent scan finds no solution
//!    marker, reference directory, knockout list or hidden test in it.
//! 2. Graded in the edition, module 01 builds and every graded test fails at a `todo!()`.
//! 3. Module 01's student files are filled with the reference bodies, as a student would;
//!    `status` and `report` then show module 01 complete and nothing else, the milestone
//!    locked; the instructor's hidden tests run on the student's code when asked for.
//!
//! Cost: it builds modules 01 and 10 of the edition (10 does not depend on 01, so it is a
//! second module graded without rebuilding), in a target directory of its own kept between
//! runs (`target/grader-tests/`; a copy of the workspace must never share the workspace's
//! target directory, see the grader's `knockouts.rs`). The first run builds the
//! third-party crates once; later runs take seconds. Building every module of the edition
//! would take minutes; `cargo grade dev verify` already proves that every stub compiles
//! against every test and milestone.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;
use tinytorch_grader::course::stubs;
use tinytorch_grader::util::{fsutil, lock};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the grader lives in the workspace")
        .to_path_buf()
}

fn grader(target: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("CARGO_TARGET_DIR", target)
        .stdin(Stdio::null())
        .output()
        .expect("the grader binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "{}", text(o));
    serde_json::from_slice(&o.stdout).expect("the report is JSON")
}

fn module<'a>(report: &'a Value, number: &str) -> &'a Value {
    report["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["number"] == number)
        .unwrap_or_else(|| panic!("module {number} in the report"))
}

/// Every leak an independent walk finds: marker text, reference dirs, knockout lists,
/// hidden tests (by directory and by the names of their test functions).
fn leaks(dir: &Path, hidden_names: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            let rel = fsutil::relative_slash(dir, &p);
            if p.is_dir() {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if (name == "reference" && d.ends_with("src")) || rel == "hidden" {
                    found.push(rel.clone());
                }
                if name != ".git" {
                    stack.push(p);
                }
                continue;
            }
            if p.file_name().is_some_and(|n| n == "knockouts.toml") {
                found.push(rel.clone());
            }
            let content = String::from_utf8_lossy(&fs::read(&p).unwrap()).into_owned();
            if content.contains(stubs::BEGIN_WORDS) || content.contains(stubs::END_WORDS) {
                found.push(format!("{rel}: marker"));
            }
            for name in hidden_names {
                if content.contains(name.as_str()) {
                    found.push(format!("{rel}: hidden test {name}"));
                }
            }
        }
    }
    found
}

/// The student's module 01: the reference files without their marker lines.
fn fill_module_01(ws: &Path, edition: &Path) {
    let reference = ws.join("modules/01_tensor/src/reference");
    let student = edition.join("modules/01_tensor/src/student");
    for rel in fsutil::rust_files(&reference).unwrap() {
        let source = fs::read_to_string(reference.join(&rel)).unwrap();
        let body: Vec<&str> = source
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                !t.starts_with(stubs::BEGIN) && !t.starts_with(stubs::END)
            })
            .collect();
        fs::write(student.join(&rel), body.join("\n") + "\n").unwrap();
    }
}

#[test]
fn the_student_edition_builds_hides_the_solutions_and_grades_the_students_code() {
    let start = Instant::now();
    let ws = workspace();
    let base = fsutil::target_base(&ws).join("grader-tests");
    let _lock = lock::acquire(&base.join("lock"), "edition test").unwrap();
    let target = base.join("edition-target");
    let edition = std::env::temp_dir().join("tinytorch-grader-edition-test");
    let ed = edition.to_str().unwrap();
    let ws_arg = ws.to_str().unwrap();

    // 1. Release, then scan the edition independently of the grader's own scan.
    let released = grader(
        &target,
        &["dev", "release", ed, "--force", "--workspace", ws_arg],
    );
    assert_eq!(released.status.code(), Some(0), "{}", text(&released));
    let hidden_dir = ws.join("hidden/01");
    let mut hidden_names = Vec::new();
    for rel in fsutil::rust_files(&hidden_dir).unwrap() {
        let source = fs::read_to_string(hidden_dir.join(rel)).unwrap();
        hidden_names.extend(
            tinytorch_course::scan::fn_names(&source)
                .into_iter()
                .filter(|n| n.starts_with("t01_")),
        );
    }
    assert!(!hidden_names.is_empty(), "the example hidden tests exist");
    assert_eq!(leaks(&edition, &hidden_names), Vec::<String>::new());
    for file in [
        ".github/workflows/classroom.yml",
        "README.md",
        "Cargo.lock",
        "course.toml",
    ] {
        assert!(edition.join(file).is_file(), "{file} is in the edition");
    }
    assert!(edition.join("course/stubs/01_tensor/mod.rs").is_file());
    assert!(edition.join("data").is_dir() && !edition.join("checkpoints").exists());

    // 2. Module 01 builds in the edition; every graded test stops at a todo!().
    let stubs = json(&grader(
        &target,
        &[
            "dev",
            "report",
            "--format",
            "json",
            "--module",
            "01",
            "--workspace",
            ed,
        ],
    ));
    assert_eq!(stubs["workspace"], "student_edition");
    let m01 = module(&stubs, "01");
    assert_eq!(m01["result"], "not_started", "{m01}");
    assert_eq!(m01["edition"]["tested"]["01"], "student");
    assert_eq!(m01["edition"]["proven"], true);
    let failures: Vec<&Value> = m01["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["failures"].as_array().unwrap())
        .collect();
    assert_eq!(failures.len() as u64, m01["tests_total"].as_u64().unwrap());
    for f in failures {
        assert_eq!(f["kind"], "todo", "{f}");
        assert!(
            f["message"][0]
                .as_str()
                .unwrap()
                .starts_with("not yet implemented: [01."),
            "{f}"
        );
    }

    // 3. The student fills in module 01.
    fill_module_01(&ws, &edition);
    let status = grader(
        &target,
        &[
            "status",
            "--module",
            "01",
            "--module",
            "10",
            "--workspace",
            ed,
        ],
    );
    assert_eq!(status.status.code(), Some(0), "{}", text(&status));
    let view = text(&status);
    let line = |n: &str| {
        view.lines()
            .find(|l| l.starts_with(&format!("{n}  ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("01").ends_with("complete"), "{view}");
    assert!(line("10").ends_with("not started"), "{view}");
    assert!(line("02").ends_with("not graded"), "{view}");
    assert!(view.contains(": locked (needs "), "{view}");

    let report_file = edition.join("target-report.json");
    let saved = grader(
        &target,
        &[
            "dev",
            "report",
            "--format",
            "json",
            "--module",
            "01",
            "--module",
            "10",
            "--output",
            report_file.to_str().unwrap(),
            "--workspace",
            ed,
        ],
    );
    assert_eq!(saved.status.code(), Some(0), "{}", text(&saved));
    let report: Value = serde_json::from_str(&fs::read_to_string(&report_file).unwrap()).unwrap();
    let m01 = module(&report, "01");
    assert_eq!(m01["result"], "complete");
    assert_eq!(m01["points"], m01["max_points"]);
    assert_eq!(module(&report, "10")["result"], "not_started");
    assert_eq!(module(&report, "10")["points"], 0);
    for m in report["modules"].as_array().unwrap() {
        if m["number"] != "01" {
            assert_ne!(m["result"], "complete", "only module 01 is complete: {m}");
        }
    }
    assert_eq!(report["points"], m01["points"]);
    for ms in report["milestones"].as_array().unwrap() {
        assert_eq!(ms["state"], "locked");
    }
    let classroom = grader(
        &target,
        &[
            "dev",
            "report",
            "--from",
            report_file.to_str().unwrap(),
            "--format",
            "classroom",
        ],
    );
    let payload = json(&classroom);
    let score: u64 = payload["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["score"].as_u64().unwrap())
        .sum();
    assert_eq!(score, m01["points"].as_u64().unwrap());

    // The instructor's hidden tests, run on the student's code.
    let hidden = json(&grader(
        &target,
        &[
            "dev",
            "report",
            "--format",
            "json",
            "--module",
            "01",
            "--hidden-tests",
            ws.join("hidden").to_str().unwrap(),
            "--workspace",
            ed,
        ],
    ));
    let m01 = module(&hidden, "01");
    assert_eq!(m01["hidden_tests"], hidden_names.len() as u64, "{m01}");
    assert_eq!(m01["result"], "complete", "{m01}");
    eprintln!("edition test took {:.1}s", start.elapsed().as_secs_f64());
}

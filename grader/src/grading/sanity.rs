//! `cargo grade dev verify`, step a: the manifest agrees with the workspace.
//!
//! Every built module's crate exists with the name course.toml gives and the shared
//! edition build script; every solution marker names a task of its module; every task has
//! a solution region and at least one `tNN_k_` test; every such test names a task; every
//! module has an `edition_probe` test; every knockout names a task and a pattern that
//! occurs exactly once.

use crate::course::manifest::{self, BuildStatus, Course, Module};
use crate::course::stub_files;
use crate::grading::grade;
use crate::grading::knockouts;
use crate::grading::step::Step;
use crate::util::fsutil;
use std::path::Path;
use tinytorch_course::deps;
use tinytorch_course::scan::fn_names;

/// Step a: crates exist with the right names and build script, markers name real tasks,
/// every task has a solution region and tests, every graded test names a task.
pub fn check_manifest(workspace: &Path, course: &Course, step: &mut Step) {
    let (mut tasks, mut regions, mut tests) = (0, 0, 0);
    for module in course.built() {
        let counts = check_module(workspace, course, module, step);
        tasks += module.tasks.len();
        regions += counts.0;
        tests += counts.1;
    }
    for module in course
        .modules
        .iter()
        .filter(|m| m.status == BuildStatus::Planned)
    {
        if module.dir(workspace).join("Cargo.toml").is_file() {
            step.warn(format!(
                "module {}: {} exists but course.toml says planned (not graded, not verified)",
                module.number, module.path
            ));
        }
    }
    for milestone in &course.milestones {
        for n in &milestone.requires {
            if !course.modules.iter().any(|m| &m.number == n) {
                step.fail(format!(
                    "milestone {} requires module {n}, which course.toml does not list",
                    milestone.id
                ));
            }
        }
    }
    step.note(format!(
        "{} built module(s), {tasks} tasks, {regions} solution regions, {tests} graded test functions",
        course.built().count()
    ));
}

/// A module's dependencies come from its Cargo.toml; they must be lower-numbered modules,
/// and its `module_edition!` list must name the same ones (the probe reports that list).
fn check_dependencies(workspace: &Path, course: &Course, module: &Module, step: &mut Step) {
    match deps::dependency_problems(workspace, course, module) {
        Ok(problems) => problems.into_iter().for_each(|p| step.fail(p)),
        Err(e) => step.fail(e.to_string()),
    }
}

fn check_module(
    workspace: &Path,
    course: &Course,
    module: &Module,
    step: &mut Step,
) -> (usize, usize) {
    let dir = module.dir(workspace);
    let m = &module.number;
    if !dir.is_dir() {
        step.fail(format!("module {m}: {} does not exist", module.path));
        return (0, 0);
    }
    check_dependencies(workspace, course, module, step);
    check_cargo_toml(module, &dir, step);
    let regions = check_regions(workspace, module, step);
    let tests = check_tests(module, &dir, step);
    check_knockouts(workspace, module, step);
    (regions, tests)
}

/// Knockouts are only run in step e; their patterns are checked here, in a second.
fn check_knockouts(workspace: &Path, module: &Module, step: &mut Step) {
    match knockouts::load(&module.dir(workspace)) {
        Ok(list) => {
            for k in list.unwrap_or_default() {
                if let Err(e) = knockouts::check_static(workspace, module, &k) {
                    step.fail(e.to_string());
                }
            }
        }
        Err(e) => step.fail(e.to_string()),
    }
}

fn check_cargo_toml(module: &Module, dir: &Path, step: &mut Step) {
    let m = &module.number;
    let text = match std::fs::read_to_string(dir.join("Cargo.toml")) {
        Ok(t) => t,
        Err(e) => {
            return step.fail(format!(
                "module {m}: cannot read {}/Cargo.toml: {e}",
                module.path
            ));
        }
    };
    let value: toml::Table = match toml::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return step.fail(format!(
                "module {m}: {}/Cargo.toml: {}",
                module.path,
                e.message()
            ));
        }
    };
    let package = value.get("package");
    let name = package
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or("");
    if name != module.crate_name {
        step.fail(format!(
            "module {m}: course.toml says crate {:?}, {}/Cargo.toml says {name:?}",
            module.crate_name, module.path
        ));
    }
    let build = package
        .and_then(|p| p.get("build"))
        .and_then(|b| b.as_str())
        .unwrap_or("");
    if !build.ends_with("course/edition_build.rs") {
        step.fail(format!("module {m}: {}/Cargo.toml must set build = \"../../course/edition_build.rs\" (the edition switch)", module.path));
    }
}

fn check_regions(workspace: &Path, module: &Module, step: &mut Step) -> usize {
    let m = &module.number;
    if !module.has_reference(workspace) {
        step.fail(format!("module {m}: no src/reference/ (verify needs the instructor repository, not a student edition)"));
        return 0;
    }
    let plan = match stub_files::plan(workspace, &course_of(module), Some(module)) {
        Ok(p) => p,
        Err(e) => {
            step.fail(e.to_string());
            return 0;
        }
    };
    for task in &module.tasks {
        if !plan.regions.iter().any(|(_, r)| r.task == task.id) {
            step.fail(format!(
                "task {}: no `{} {}` region in {}/src/reference/",
                task.id,
                crate::course::stubs::BEGIN,
                task.id,
                module.path
            ));
        }
    }
    plan.regions.len()
}

/// A one-module course, so the stub planner can be asked about one module.
fn course_of(module: &Module) -> Course {
    Course {
        format_version: 1,
        course: manifest::CourseInfo {
            name: String::new(),
            description: String::new(),
        },
        modules: vec![module.clone()],
        milestones: Vec::new(),
        perf: None,
        leaderboard: None,
    }
}

fn check_tests(module: &Module, dir: &Path, step: &mut Step) -> usize {
    let m = &module.number;
    let tests_dir = dir.join("tests");
    let files = fsutil::rust_files(&tests_dir).unwrap_or_default();
    let mut graded: Vec<(String, String)> = Vec::new();
    let mut has_probe = false;
    for rel in &files {
        let text = std::fs::read_to_string(tests_dir.join(rel)).unwrap_or_default();
        for name in fn_names(&text) {
            if name == grade::PROBE_TEST {
                has_probe = true;
            } else if manifest::task_of_test(&name).is_some() {
                graded.push((name, format!("tests/{rel}")));
            }
        }
    }
    for task in &module.tasks {
        if !graded
            .iter()
            .any(|(n, _)| n.starts_with(&task.test_prefix()))
        {
            step.fail(format!(
                "task {}: no test `fn {}...` in {}/tests/",
                task.id,
                task.test_prefix(),
                module.path
            ));
        }
    }
    for (name, file) in &graded {
        let task = manifest::task_of_test(name).unwrap_or_default();
        if module.task(&task).is_none() {
            step.fail(format!("module {m}: `fn {name}` in {file} grades task {task}, which module {m} does not have"));
        }
    }
    if !has_probe {
        step.fail(format!(
            "module {m}: no `fn {}` test in {}/tests/ (the proof of which code ran)",
            grade::PROBE_TEST,
            module.path
        ));
    }
    graded.len()
}

//! Cross-checks the course manifest (`course.toml`) against the workspace, so that the
//! lists the grader, the status view and the docs read can never drift from the code
//! (TinyTorch kept them in several places and they did).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use tinytorch_course::manifest::task_of_test;
use tinytorch_course::scan::{fn_names, rust_files};
use tinytorch_course::{BuildStatus, Course, Module, deps};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn manifest() -> Course {
    Course::load(&root()).unwrap_or_else(|e| panic!("{e}"))
}

fn built(course: &Course) -> impl Iterator<Item = &Module> {
    course
        .modules
        .iter()
        .filter(|m| m.status == BuildStatus::Built)
}

/// The `.rs` files below `dir`, as paths.
fn files(dir: &Path) -> Vec<PathBuf> {
    let rel = rust_files(dir).unwrap_or_else(|e| panic!("{e}"));
    rel.iter().map(|f| dir.join(f)).collect()
}

/// Graded test names (`tNN_k_...`) defined in a module's tests.
fn graded_tests(module_dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for file in files(&module_dir.join("tests")) {
        let text = fs::read_to_string(&file).expect("test file readable");
        names.extend(
            fn_names(&text)
                .into_iter()
                .filter(|n| task_of_test(n).is_some()),
        );
    }
    names
}

#[test]
fn modules_are_numbered_in_order_and_depend_only_on_earlier_modules() {
    let m = manifest();
    let course = &m;
    assert_eq!(m.modules.len(), 20, "the course has 20 modules");
    for (i, module) in m.modules.iter().enumerate() {
        assert_eq!(module.number, format!("{:02}", i + 1));
        assert_eq!(
            module.path,
            format!("modules/{}_{}", module.number, module.name)
        );
        assert_eq!(module.crate_name, format!("tinytorch-{}", module.name));
        if module.status == BuildStatus::Planned {
            continue;
        }
        // Dependencies come from Cargo.toml (course.toml does not repeat them): lower
        // modules only, and the module_edition! list names the same modules.
        let problems = deps::dependency_problems(&root(), course, module).unwrap();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

#[test]
fn built_modules_exist_with_their_crate_readme_and_knockouts() {
    let course = manifest();
    for module in built(&course) {
        let dir = root().join(&module.path);
        let cargo = fs::read_to_string(dir.join("Cargo.toml"))
            .unwrap_or_else(|_| panic!("{} has no Cargo.toml", module.path));
        assert!(
            cargo.contains(&format!("name = \"{}\"", module.crate_name)),
            "{}: package name is not {}",
            module.path,
            module.crate_name
        );
        assert!(
            cargo.contains("course/edition_build.rs"),
            "{}: no edition build script",
            module.path
        );
        for file in [
            "README.md",
            "knockouts.toml",
            "src/reference/mod.rs",
            "src/student/mod.rs",
        ] {
            assert!(
                dir.join(file).is_file(),
                "{} is missing {file}",
                module.path
            );
        }
        // Course dependencies point only at earlier modules.
        for other in course.modules.iter().filter(|o| o.number >= module.number) {
            let dep = format!("{}.workspace", other.crate_name);
            assert!(
                other.number == module.number || !cargo.contains(&dep),
                "{} depends on later module {}",
                module.path,
                other.number
            );
        }
    }
}

#[test]
fn every_task_has_points_hints_and_tests_and_every_test_has_a_task() {
    let course = manifest();
    for module in built(&course) {
        assert!(!module.tasks.is_empty(), "{} has no tasks", module.number);
        let tests = graded_tests(&root().join(&module.path));
        let ids: BTreeSet<&str> = module.tasks.iter().map(|t| t.id.as_str()).collect();
        for task in &module.tasks {
            assert!(
                task.id.starts_with(&format!("{}.", module.number)),
                "task {}",
                task.id
            );
            assert!(
                task.points > 0 && !task.hints.is_empty(),
                "task {} needs points and hints",
                task.id
            );
            let count = tests
                .iter()
                .filter(|t| task_of_test(t).as_deref() == Some(&task.id))
                .count();
            assert!(count > 0, "task {} has no graded test", task.id);
        }
        for test in &tests {
            let task = task_of_test(test).unwrap_or_default();
            assert!(
                ids.contains(task.as_str()),
                "test {test} maps to unknown task {task}"
            );
        }
    }
}

#[test]
fn every_task_has_solution_code_and_every_marker_names_a_task() {
    let course = manifest();
    for module in built(&course) {
        let ids: BTreeSet<&str> = module.tasks.iter().map(|t| t.id.as_str()).collect();
        let mut seen = BTreeSet::new();
        for file in files(&root().join(&module.path).join("src/reference")) {
            let text = fs::read_to_string(&file).expect("reference readable");
            for line in text.lines() {
                if let Some(id) = line.trim().strip_prefix("// BEGIN SOLUTION ") {
                    assert!(
                        ids.contains(id.trim()),
                        "{}: marker for unknown task {id}",
                        file.display()
                    );
                    seen.insert(id.trim().to_owned());
                }
            }
        }
        for id in ids {
            assert!(seen.contains(id), "task {id} has no solution region");
        }
    }
}

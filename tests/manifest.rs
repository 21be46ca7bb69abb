//! Cross-checks the course manifest (`course.toml`) against the workspace, so that the
//! lists the grader, the status view and the docs read can never drift from the code
//! (TinyTorch kept them in several places and they did).

use serde::Deserialize;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Manifest {
    modules: Vec<Module>,
}

#[derive(Deserialize)]
struct Module {
    number: String,
    name: String,
    #[serde(rename = "crate")]
    crate_name: String,
    path: String,
    status: String,
    requires: Vec<String>,
    #[serde(default)]
    tasks: Vec<Task>,
}

#[derive(Deserialize)]
struct Task {
    id: String,
    points: u32,
    hints: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn manifest() -> Manifest {
    let text = fs::read_to_string(root().join("course.toml")).expect("course.toml is readable");
    toml::from_str(&text).expect("course.toml parses")
}

/// Every `.rs` file below `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Graded test names (`tNN_k_...`) defined in a module's tests.
fn graded_tests(module_dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for file in rust_files(&module_dir.join("tests")) {
        let text = fs::read_to_string(&file).expect("test file readable");
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("fn t") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    names.push(format!("t{name}"));
                }
            }
        }
    }
    names
}

/// The task id a graded test belongs to: `t03_2_forward` -> `03.2`.
fn task_of(test: &str) -> Option<String> {
    let mut parts = test.trim_start_matches('t').splitn(3, '_');
    Some(format!("{}.{}", parts.next()?, parts.next()?))
}

#[test]
fn modules_are_numbered_in_order_and_depend_only_on_earlier_modules() {
    let m = manifest();
    assert_eq!(m.modules.len(), 20, "the course has 20 modules");
    for (i, module) in m.modules.iter().enumerate() {
        assert_eq!(module.number, format!("{:02}", i + 1));
        assert!(
            ["built", "planned"].contains(&module.status.as_str()),
            "{}",
            module.number
        );
        assert_eq!(
            module.path,
            format!("modules/{}_{}", module.number, module.name)
        );
        assert_eq!(module.crate_name, format!("tinytorch-{}", module.name));
        for dep in &module.requires {
            assert!(
                dep < &module.number,
                "module {} requires later module {dep}",
                module.number
            );
        }
    }
}

#[test]
fn built_modules_exist_with_their_crate_readme_and_knockouts() {
    for module in manifest().modules.iter().filter(|m| m.status == "built") {
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
        for other in manifest()
            .modules
            .iter()
            .filter(|o| o.number >= module.number)
        {
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
    for module in manifest().modules.iter().filter(|m| m.status == "built") {
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
                .filter(|t| task_of(t).as_deref() == Some(&task.id))
                .count();
            assert!(count > 0, "task {} has no graded test", task.id);
        }
        for test in &tests {
            let task = task_of(test).unwrap_or_default();
            assert!(
                ids.contains(task.as_str()),
                "test {test} maps to unknown task {task}"
            );
        }
    }
}

#[test]
fn every_task_has_solution_code_and_every_marker_names_a_task() {
    for module in manifest().modules.iter().filter(|m| m.status == "built") {
        let ids: BTreeSet<&str> = module.tasks.iter().map(|t| t.id.as_str()).collect();
        let mut seen = BTreeSet::new();
        for file in rust_files(&root().join(&module.path).join("src/reference")) {
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

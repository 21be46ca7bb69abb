//! Hidden tests: extra graded tests an instructor keeps out of the student edition.
//!
//! They live in `hidden/NN/*.rs` at the workspace root (or in the directory given with
//! `--hidden-tests DIR`, e.g. the instructor's copy when grading a student's repository).
//! Each file is an ordinary integration test of module `NN`: it uses the module's crate
//! and its dev-dependencies, and its `tNN_k_*` functions grade task `NN.k` like the
//! visible ones.
//!
//! How they run: the grader never adds files to the workspace it grades. When module `NN`
//! has hidden tests, it copies the workspace to `target/grade-hidden/ws` (sources only,
//! a few MB), writes each hidden file there as `modules/NN_x/tests/hidden_<name>.rs`, and
//! runs the usual `cargo test` in the copy, with the copy's own target directory (two
//! copies of one workspace must never share one: see [`crate::grading::knockouts`]). Cargo then
//! compiles them exactly as it compiles the visible tests, with the same edition
//! variables, so the edition proof covers them too.

use crate::bail;
use crate::course::manifest::{self, BuildStatus, Course, Module};
use crate::util::error::{Context, Result};
use crate::util::fsutil;
use std::path::{Path, PathBuf};
use tinytorch_course::scan::fn_names;

/// The default hidden-test directory, relative to the workspace.
pub const DEFAULT_DIR: &str = "hidden";

/// The prefix of the test targets the hidden files become in the module (`hidden_<name>`).
pub const TARGET_PREFIX: &str = "hidden_";

/// One hidden test file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiddenFile {
    /// The module number it tests.
    pub module: String,
    /// Its path on disk.
    pub path: PathBuf,
    /// The test target it becomes in the module: `hidden_<file stem>`.
    pub target: String,
}

/// The hidden-test directory to use: `explicit` (it must exist), else `<workspace>/hidden`
/// when it exists, else none.
pub fn locate(workspace: &Path, explicit: Option<&Path>) -> Result<Option<PathBuf>> {
    if let Some(dir) = explicit {
        if !dir.is_dir() {
            bail!(
                "--hidden-tests {}: no such directory (it should hold NN/*.rs files, e.g. hidden/01/extra.rs)",
                dir.display()
            );
        }
        return Ok(Some(
            dir.canonicalize()
                .context(format!("cannot open {}", dir.display()))?,
        ));
    }
    let default = workspace.join(DEFAULT_DIR);
    Ok(default.is_dir().then_some(default))
}

/// The hidden test files of `module` under `root` (`root/NN/*.rs`), sorted by name.
pub fn files_for(root: &Path, module: &Module) -> Result<Vec<HiddenFile>> {
    let dir = root.join(&module.number);
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let entries = std::fs::read_dir(&dir).context(format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .context(format!("cannot list {}", dir.display()))?
            .path();
        let Some(stem) = rust_stem(&path) else {
            continue;
        };
        files.push(HiddenFile {
            module: module.number.clone(),
            target: format!("{TARGET_PREFIX}{stem}"),
            path,
        });
    }
    files.sort_by(|a, b| a.target.cmp(&b.target));
    Ok(files)
}

/// `x/extra.rs` → `extra`; `None` for anything that is not a `.rs` file with a plain name.
fn rust_stem(path: &Path) -> Option<String> {
    if !path.is_file() || path.extension().is_none_or(|e| e != "rs") {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    let plain = !stem.is_empty() && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    plain.then(|| stem.to_string())
}

/// Writes the hidden files into the module's `tests/` directory of the copy `copy`.
pub fn inject(copy: &Path, module: &Module, files: &[HiddenFile]) -> Result<()> {
    let tests = module.dir(copy).join("tests");
    for file in files {
        let target = tests.join(format!("{}.rs", file.target));
        if target.exists() {
            bail!(
                "hidden test {} would replace {} in the module: rename the hidden file",
                file.path.display(),
                fsutil::relative_slash(copy, &target)
            );
        }
        fsutil::write(&target, &fsutil::read(&file.path)?)?;
    }
    Ok(())
}

/// What is wrong with the layout of a hidden-test directory: every entry must be a
/// directory named after a built module, holding `.rs` files whose graded tests name
/// tasks of that module. Returns one line per problem.
pub fn check_layout(root: &Path, course: &Course) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let entries = std::fs::read_dir(root).context(format!("cannot list {}", root.display()))?;
    let mut names: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let path = entry
            .context(format!("cannot list {}", root.display()))?
            .path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        names.push((name, path));
    }
    names.sort();
    for (name, path) in names {
        if name.starts_with('.') || name.eq_ignore_ascii_case("README.md") {
            continue;
        }
        match course.modules.iter().find(|m| m.number == name) {
            Some(m) if path.is_dir() && m.status == BuildStatus::Built => {
                problems.extend(check_module_dir(&path, m)?);
            }
            Some(m) if path.is_dir() => problems.push(format!(
                "hidden/{name}: module {} is planned, its hidden tests would never run",
                m.label()
            )),
            _ => problems.push(format!(
                "hidden/{name}: expected a directory named after a module number (e.g. hidden/01/extra.rs)"
            )),
        }
    }
    Ok(problems)
}

fn check_module_dir(dir: &Path, module: &Module) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let entries = std::fs::read_dir(dir).context(format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .context(format!("cannot list {}", dir.display()))?
            .path();
        let shown = format!(
            "hidden/{}/{}",
            module.number,
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        if rust_stem(&path).is_none() {
            problems.push(format!(
                "{shown}: not a test file (expected `<name>.rs`, name made of letters, digits and _)"
            ));
            continue;
        }
        let text = fsutil::read(&path)?;
        let graded: Vec<String> = fn_names(&text)
            .into_iter()
            .filter(|n| manifest::task_of_test(n).is_some())
            .collect();
        if graded.is_empty() {
            problems.push(format!(
                "{shown}: no graded test (`fn {}...`): it would grade nothing",
                module
                    .tasks
                    .first()
                    .map(|t| t.test_prefix())
                    .unwrap_or_else(|| format!("t{}_1_", module.number))
            ));
        }
        for name in graded {
            let task = manifest::task_of_test(&name).unwrap_or_default();
            if module.task(&task).is_none() {
                problems.push(format!(
                    "{shown}: `fn {name}` grades task {task}, which module {} does not have",
                    module.number
                ));
            }
        }
    }
    Ok(problems)
}

/// True when a test binary (cargo's `Running tests/hidden_x.rs`) came from a hidden file.
pub fn is_hidden_source(source: &str) -> bool {
    source
        .rsplit(['/', '\\'])
        .next()
        .is_some_and(|f| f.starts_with(TARGET_PREFIX) && f.ends_with(".rs"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course_toml() -> String {
        tinytorch_course::fixture::CourseToml::new("T")
            .module("01", "tensor", "built")
            .task("01.1", "A", 10)
            .module("02", "later", "planned")
            .text()
    }

    fn scratch(name: &str) -> PathBuf {
        tinytorch_course::fixture::scratch_dir("grader-hidden", name)
    }

    #[test]
    fn finds_and_injects_hidden_files() {
        let dir = scratch("inject");
        let course = Course::parse(&course_toml()).unwrap();
        let module = &course.modules[0];
        let root = dir.join("hidden");
        fsutil::write(&root.join("01/extra.rs"), "#[test]\nfn t01_1_x() {}\n").unwrap();
        fsutil::write(&root.join("01/notes.txt"), "not a test").unwrap();
        let files = files_for(&root, module).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].target, "hidden_extra");
        assert!(files_for(&root, &course.modules[1]).unwrap().is_empty());

        let copy = dir.join("copy");
        inject(&copy, module, &files).unwrap();
        let written = copy.join("modules/01_tensor/tests/hidden_extra.rs");
        assert!(fsutil::read(&written).unwrap().contains("t01_1_x"));
        assert!(
            inject(&copy, module, &files)
                .unwrap_err()
                .message()
                .contains("rename the hidden file")
        );
        assert!(is_hidden_source("tests/hidden_extra.rs"));
        assert!(!is_hidden_source("tests/graded.rs"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn checks_the_layout() {
        let dir = scratch("layout");
        let course = Course::parse(&course_toml()).unwrap();
        fsutil::write(&dir.join("01/good.rs"), "#[test]\nfn t01_1_x() {}\n").unwrap();
        fsutil::write(&dir.join("01/stray.rs"), "#[test]\nfn t01_9_x() {}\n").unwrap();
        fsutil::write(&dir.join("01/empty.rs"), "fn helper() {}\n").unwrap();
        fsutil::write(&dir.join("02/x.rs"), "").unwrap();
        fsutil::write(&dir.join("tensor/x.rs"), "").unwrap();
        fsutil::write(&dir.join("README.md"), "how to").unwrap();
        let problems = check_layout(&dir, &course).unwrap().join("\n");
        assert!(problems.contains("grades task 01.9"), "{problems}");
        assert!(problems.contains("empty.rs: no graded test"), "{problems}");
        assert!(problems.contains("hidden/02: module 02 (Later) is planned"));
        assert!(problems.contains("hidden/tensor: expected a directory"));
        assert!(!problems.contains("good.rs") && !problems.contains("README"));
        assert!(locate(&dir, Some(&dir.join("missing"))).is_err());
        assert_eq!(locate(&dir, None).unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

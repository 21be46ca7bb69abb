//! The result cache: a module's grade kept under the target directory
//! (`target/grade-cache/NN.json`), keyed by a fingerprint of everything that decides it,
//! so `cargo grade status` with nothing changed answers at once instead of running
//! nineteen cargo builds and test runs.
//!
//! The key ([`Fingerprinter::key`]) is a SHA-256 over: the grader's version; the toolchain
//! (`rustc -vV`); the module's course.toml entry; the editions requested; the hidden
//! tests; a student edition's tamper check; the workspace build files (`Cargo.toml`, `Cargo.lock`, `.cargo/config.toml`,
//! each package's build script) and `data/`; and every file of every package the module's
//! tests compile (its `[dependencies]` and `[dev-dependencies]`, transitively), minus
//! the edition that is not compiled (a module graded as the student's code is keyed on
//! `src/student/`, never on `src/reference/`, and the other way round). So editing a
//! student file of module 03 changes the key of 03, and of a later module only where
//! that module is graded over the student's 03 (the student edition); in the course
//! workspace later modules are graded over the reference of 03 and keep their keys.
//!
//! A cached grade is only ever a copy of a grade this grader computed on exactly these
//! inputs. Still, `report` and `submissions` never read it (they recompute, see
//! [`Policy`]): a grade handed in must come from a run, not from a file in `target/`.

use crate::cargo::build::BuildEvent;
use crate::course::edition::{self, Edition, EditionPlan};
use crate::course::manifest::{Course, Module};
use crate::grading::grade::{self, GradeState, ModuleGrade, RunOptions};
use crate::grading::{hidden, integrity};
use crate::util::error::{Context, Result};
use crate::util::fsutil;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The cache directory under the target directory.
pub const CACHE_DIR: &str = "grade-cache";

/// Bumped when the key's recipe or the stored format changes.
const FORMAT: u32 = 1;

/// What a grading reports while it runs (a cached answer reports nothing).
#[derive(Debug)]
pub enum Progress<'a> {
    /// Cargo is about to build and run this module's tests.
    Grading(&'a Module),
    /// A step of that build.
    Build(BuildEvent),
}

/// Whether a grading may answer from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Answer from the cache when the key matches; otherwise grade and store (`status`).
    Use,
    /// Always grade; store the fresh result (`test`, `watch`, `report`).
    Refresh,
}

/// What is stored per module.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    format: u32,
    key: String,
    grade: ModuleGrade,
}

/// Where module `number`'s entry lives.
pub fn entry_path(workspace: &Path, number: &str) -> PathBuf {
    fsutil::target_base(workspace)
        .join(CACHE_DIR)
        .join(format!("{number}.json"))
}

/// The cached grade of `module`, when its stored key equals `key`.
pub fn load(workspace: &Path, module: &Module, key: &str) -> Option<ModuleGrade> {
    let text = std::fs::read_to_string(entry_path(workspace, &module.number)).ok()?;
    let entry: Entry = serde_json::from_str(&text).ok()?;
    (entry.format == FORMAT && entry.key == key).then_some(entry.grade)
}

/// Stores `grade` under `key` (atomically: a reader never sees half an entry).
pub fn store(workspace: &Path, module: &Module, key: &str, grade: &ModuleGrade) -> Result<()> {
    let entry = Entry {
        format: FORMAT,
        key: key.to_string(),
        grade: grade.clone(),
    };
    let text = serde_json::to_string(&entry).context("cannot serialize a cache entry")?;
    fsutil::write_atomic(&entry_path(workspace, &module.number), &text)
}

/// Computes keys, hashing each package directory once per run.
#[derive(Debug)]
pub struct Fingerprinter<'a> {
    workspace: &'a Path,
    course: &'a Course,
    /// Workspace path dependencies by package name (from `[workspace.dependencies]`).
    path_deps: BTreeMap<String, PathBuf>,
    /// Digest of (package dir, what it leaves out) → hex.
    digests: HashMap<(PathBuf, Skip), String>,
    /// The student edition's tamper check, once per run ([`integrity::check`]).
    integrity: Option<String>,
}

impl<'a> Fingerprinter<'a> {
    /// A fingerprinter for this workspace.
    ///
    /// # Errors
    /// The workspace `Cargo.toml` is not TOML.
    pub fn new(workspace: &'a Path, course: &'a Course) -> Result<Self> {
        // No workspace Cargo.toml (a course being set up): no path dependencies to follow.
        let text = std::fs::read_to_string(workspace.join("Cargo.toml")).unwrap_or_default();
        let table: toml::Table = toml::from_str(&text).context("Cargo.toml is not TOML")?;
        let mut path_deps = BTreeMap::new();
        let deps = table
            .get("workspace")
            .and_then(|w| w.get("dependencies"))
            .and_then(|d| d.as_table());
        for (name, spec) in deps.into_iter().flatten() {
            if let Some(path) = spec.get("path").and_then(|p| p.as_str()) {
                path_deps.insert(name.clone(), workspace.join(path));
            }
        }
        Ok(Fingerprinter {
            workspace,
            course,
            path_deps,
            digests: HashMap::new(),
            integrity: None,
        })
    }

    /// The key of grading `module` with `plan` and `opts`: `sha256:<hex>`.
    ///
    /// # Errors
    /// A file that cannot be read, or a `Cargo.toml` that is not TOML.
    pub fn key(
        &mut self,
        module: &Module,
        plan: &EditionPlan,
        opts: &RunOptions,
    ) -> Result<String> {
        let mut hash = Sha256::new();
        let mut part = |label: &str, text: &str| {
            hash.update(label.as_bytes());
            hash.update([0]);
            hash.update((text.len() as u64).to_le_bytes());
            hash.update(text.as_bytes());
        };
        part("format", &FORMAT.to_string());
        part("grader", env!("CARGO_PKG_VERSION"));
        part("toolchain", toolchain());
        part("module", &format!("{module:?}"));
        part("plan", &format!("{plan:?}"));
        part("graded_only", &opts.graded_only.to_string());
        // A changed instructor file in a student edition changes every key, so the grade
        // that names the tampering is computed, never an older clean one served.
        let integrity = match &self.integrity {
            Some(text) => text.clone(),
            None => {
                let text = format!("{:?}", integrity::check(self.workspace)?);
                self.integrity = Some(text.clone());
                text
            }
        };
        part("integrity", &integrity);
        if let Some(root) = &opts.hidden {
            for file in hidden::files_for(root, module)? {
                let bytes = std::fs::read(&file.path)
                    .context(format!("cannot read {}", file.path.display()))?;
                part(&file.target, &String::from_utf8_lossy(&bytes));
            }
        }
        for rel in [
            "Cargo.toml",
            "Cargo.lock",
            ".cargo/config.toml",
            "rust-toolchain.toml",
        ] {
            let text = std::fs::read_to_string(self.workspace.join(rel)).unwrap_or_default();
            part(rel, &text);
        }
        let data = self.digest(&self.workspace.join("data"), Skip::new())?;
        part("data", &data);
        for (dir, skip) in self.packages(module, plan)? {
            let digest = self.digest(&dir, skip)?;
            part(&fsutil::relative_slash(self.workspace, &dir), &digest);
            if let Some(build) = build_script(&dir)? {
                part(
                    "build script",
                    &std::fs::read_to_string(&build).unwrap_or_default(),
                );
            }
        }
        Ok(format!("sha256:{:x}", hash.finalize()))
    }

    /// Every package directory `module`'s tests compile, each with what its hash leaves
    /// out: the edition directory that is not compiled (`src/reference` when the
    /// student's code is, `src/student` when the reference is), and for a dependency its
    /// tests, benches and examples (only the graded module's own tests are built).
    fn packages(&self, module: &Module, plan: &EditionPlan) -> Result<Vec<(PathBuf, Skip)>> {
        let own = normalize(&module.dir(self.workspace));
        let mut seen = BTreeSet::new();
        let mut todo = vec![own.clone()];
        while let Some(dir) = todo.pop() {
            if !seen.insert(dir.clone()) {
                continue;
            }
            todo.extend(self.local_dependencies(&dir)?);
        }
        Ok(seen
            .into_iter()
            .map(|dir| {
                let mut skip: Skip = self.excluded_edition(&dir, plan).into_iter().collect();
                if dir != own {
                    skip.extend(["tests", "benches", "examples"]);
                }
                (dir, skip)
            })
            .collect())
    }

    /// The local (path) packages a package's `[dependencies]`, `[dev-dependencies]` and
    /// `[build-dependencies]` name.
    fn local_dependencies(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let path = dir.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(Vec::new());
        };
        let table: toml::Table =
            toml::from_str(&text).context(format!("{} is not TOML", path.display()))?;
        let mut out = Vec::new();
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            let Some(deps) = table.get(section).and_then(|d| d.as_table()) else {
                continue;
            };
            for (name, spec) in deps {
                if let Some(p) = spec.get("path").and_then(|p| p.as_str()) {
                    out.push(normalize(&dir.join(p)));
                } else if let Some(p) = self.path_deps.get(name) {
                    out.push(normalize(p));
                }
            }
        }
        Ok(out)
    }

    /// `Some("src/reference")` for a course module compiled as the student's code,
    /// `Some("src/student")` for one compiled as the reference, `None` otherwise.
    fn excluded_edition(&self, dir: &Path, plan: &EditionPlan) -> Option<&'static str> {
        let module = self
            .course
            .modules
            .iter()
            .find(|m| normalize(&m.dir(self.workspace)) == *dir)?;
        match plan.env.get(&module.number)? {
            Edition::Student => Some("src/reference"),
            Edition::Reference => Some("src/student"),
        }
    }

    /// The digest of every file under `dir` but `target/`, `.git/` and the relative
    /// paths in `skip`.
    fn digest(&mut self, dir: &Path, skip: Skip) -> Result<String> {
        if let Some(d) = self.digests.get(&(dir.to_path_buf(), skip.clone())) {
            return Ok(d.clone());
        }
        let files = fsutil::files_where(dir, &|rel, _| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            name != "target" && name != ".git" && !skip.contains(rel)
        })?;
        let mut hash = Sha256::new();
        for rel in &files {
            let bytes = std::fs::read(dir.join(rel))
                .context(format!("cannot read {}", dir.join(rel).display()))?;
            hash.update(rel.as_bytes());
            hash.update([0]);
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(&bytes);
        }
        let hex = format!("{:x}", hash.finalize());
        self.digests.insert((dir.to_path_buf(), skip), hex.clone());
        Ok(hex)
    }
}

/// Relative paths (`/`-separated) a digest leaves out.
type Skip = BTreeSet<&'static str>;

/// The package's `build = "..."` script, when it names one outside the package (the
/// shared `course/edition_build.rs`); a `build.rs` inside is hashed with the package.
fn build_script(dir: &Path) -> Result<Option<PathBuf>> {
    let path = dir.join("Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let table: toml::Table =
        toml::from_str(&text).context(format!("{} is not TOML", path.display()))?;
    Ok(table
        .get("package")
        .and_then(|p| p.get("build"))
        .and_then(|b| b.as_str())
        .map(|b| normalize(&dir.join(b))))
}

/// `a/b/../c` → `a/c`, without touching the file system (paths may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `rustc -vV` (of `$RUSTC` when set), read once per process: a new toolchain re-grades.
fn toolchain() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
        std::process::Command::new(rustc)
            .arg("-vV")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_else(|e| format!("rustc -vV failed: {e}"))
    })
}

/// Grades `module` as the student's code (as `status` does), answering from the cache
/// when `policy` allows and the key matches. Returns the grade and whether it came from
/// the cache. `progress` hears when cargo is about to run, and how its build goes.
///
/// A grade of an unavailable module is never stored (nothing ran).
///
/// # Errors
/// As [`grade::grade_module`], and a file of the key that cannot be read.
pub fn grade_module(
    fp: &mut Fingerprinter<'_>,
    module: &Module,
    opts: &RunOptions,
    policy: Policy,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<(ModuleGrade, bool)> {
    let (workspace, course) = (fp.workspace, fp.course);
    let plan = edition::plan_for(workspace, course, module, false);
    let key = fp.key(module, &plan, opts)?;
    if policy == Policy::Use
        && let Some(cached) = load(workspace, module, &key)
    {
        return Ok((cached, true));
    }
    progress(Progress::Grading(module));
    let fresh = grade::grade_module_with(workspace, course, module, false, opts, &mut |e| {
        progress(Progress::Build(e))
    })?;
    if !matches!(fresh.state, GradeState::Unavailable { .. }) {
        // A cache that cannot be written only costs speed next time.
        let _ = store(workspace, module, &key, &fresh);
    }
    Ok((fresh, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::fsutil::write;

    /// Modules 01–04: 02 uses 01, 03 uses 02, 04 uses 03 (tests use 01 as a
    /// dev-dependency); with `reference` each has src/reference/ beside src/student/.
    fn workspace(name: &str, reference: bool) -> (PathBuf, Course) {
        let ws = tinytorch_course::fixture::scratch_dir("grader-cache", name);
        let toml = tinytorch_course::fixture::CourseToml::new("T")
            .module("01", "a", "built")
            .module("02", "b", "built")
            .module("03", "c", "built")
            .module("04", "d", "built")
            .text();
        write(&ws.join("course.toml"), &toml).unwrap();
        let mut root =
            String::from("[workspace]\nmembers = [\"modules/*\"]\n[workspace.dependencies]\n");
        for (n, name) in [("01", "a"), ("02", "b"), ("03", "c"), ("04", "d")] {
            root.push_str(&format!(
                "tinytorch-{name} = {{ path = \"modules/{n}_{name}\" }}\n"
            ));
        }
        write(&ws.join("Cargo.toml"), &root).unwrap();
        let uses = [
            ("01", "a", ""),
            ("02", "b", "a"),
            ("03", "c", "b"),
            ("04", "d", "c"),
        ];
        for (n, name, dep) in uses {
            let dir = ws.join(format!("modules/{n}_{name}"));
            let mut manifest = format!(
                "[package]\nname = \"tinytorch-{name}\"\nbuild = \"../../course/edition_build.rs\"\n[dependencies]\n"
            );
            if !dep.is_empty() {
                manifest.push_str(&format!("tinytorch-{dep}.workspace = true\n"));
            }
            manifest.push_str("[dev-dependencies]\ntinytorch-a.workspace = true\n");
            write(&dir.join("Cargo.toml"), &manifest).unwrap();
            write(&dir.join("src/student/ops.rs"), "todo!()\n").unwrap();
            write(&dir.join("tests/graded.rs"), "#[test] fn t() {}\n").unwrap();
            if reference {
                write(&dir.join("src/reference/ops.rs"), "42\n").unwrap();
            }
        }
        write(&ws.join("course/edition_build.rs"), "fn main() {}\n").unwrap();
        let course = Course::parse(&toml).unwrap();
        (ws, course)
    }

    /// Each module's key, as `status` computes them in one run.
    fn keys(ws: &Path, course: &Course) -> Vec<String> {
        let mut fp = Fingerprinter::new(ws, course).unwrap();
        let opts = RunOptions::new(ws, false);
        course
            .modules
            .iter()
            .map(|m| {
                let plan = edition::plan_for(ws, course, m, false);
                fp.key(m, &plan, &opts).unwrap()
            })
            .collect()
    }

    /// The numbers of the modules whose key differs between `before` and `after`.
    fn regraded(course: &Course, before: &[String], after: &[String]) -> Vec<String> {
        course
            .modules
            .iter()
            .zip(before.iter().zip(after))
            .filter(|(_, (b, a))| b != a)
            .map(|(m, _)| m.number.clone())
            .collect()
    }

    #[test]
    fn editing_a_student_file_of_03_regrades_exactly_03_in_the_course_workspace() {
        let (ws, course) = workspace("course", true);
        let before = keys(&ws, &course);
        assert_eq!(before, keys(&ws, &course), "keys must be stable");
        write(&ws.join("modules/03_c/src/student/ops.rs"), "my answer\n").unwrap();
        let after = keys(&ws, &course);
        // 04 is graded over the REFERENCE of 03, so the student's 03 does not decide it.
        assert_eq!(regraded(&course, &before, &after), ["03"]);
        // The reference of 03 decides 04's grade (and not 03's: its student code is graded).
        write(&ws.join("modules/03_c/src/reference/ops.rs"), "43\n").unwrap();
        assert_eq!(regraded(&course, &after, &keys(&ws, &course)), ["04"]);
        std::fs::remove_dir_all(&ws).unwrap();
    }

    #[test]
    fn editing_a_student_file_of_03_regrades_03_and_its_dependents_in_the_student_edition() {
        let (ws, course) = workspace("student", false);
        let before = keys(&ws, &course);
        write(&ws.join("modules/03_c/src/student/ops.rs"), "my answer\n").unwrap();
        let after = keys(&ws, &course);
        assert_eq!(regraded(&course, &before, &after), ["03", "04"]);
        // 01 is every module's dev-dependency: its tests' helper changes them all.
        write(&ws.join("modules/01_a/src/student/ops.rs"), "edited\n").unwrap();
        let all = regraded(&course, &after, &keys(&ws, &course));
        assert_eq!(all, ["01", "02", "03", "04"]);
        std::fs::remove_dir_all(&ws).unwrap();
    }

    #[test]
    fn tests_build_files_and_hidden_tests_are_in_the_key() {
        let (ws, course) = workspace("inputs", true);
        let before = keys(&ws, &course);
        write(&ws.join("modules/02_b/tests/graded.rs"), "// changed\n").unwrap();
        let after = keys(&ws, &course);
        assert_eq!(regraded(&course, &before, &after), ["02"]);
        write(&ws.join("course/edition_build.rs"), "fn main() { }\n").unwrap();
        let build = keys(&ws, &course);
        assert_eq!(regraded(&course, &after, &build), ["01", "02", "03", "04"]);
        let hidden = ws.join("hidden");
        write(&hidden.join("03/extra.rs"), "#[test] fn t03_1_x() {}\n").unwrap();
        let m = &course.modules[2];
        let plan = edition::plan_for(&ws, &course, m, false);
        let mut fp = Fingerprinter::new(&ws, &course).unwrap();
        let opts = RunOptions {
            hidden: Some(hidden),
            ..RunOptions::new(&ws, false)
        };
        assert_ne!(fp.key(m, &plan, &opts).unwrap(), build[2]);
        std::fs::remove_dir_all(&ws).unwrap();
    }

    #[test]
    fn a_stored_grade_is_found_only_under_its_key() {
        let (ws, course) = workspace("store", true);
        let m = &course.modules[0];
        let plan = edition::plan_for(&ws, &course, m, false);
        let grade = ModuleGrade {
            number: "01".into(),
            title: "A".into(),
            state: GradeState::BuildFailed {
                errors: vec!["error[E0308]: mismatched types".into()],
            },
            requested: plan.env.clone(),
            observed: None,
            edition_problem: None,
            student_edition: false,
            tasks: Vec::new(),
            hidden_tests: 0,
            unmapped: Vec::new(),
            crashed: Vec::new(),
            warnings: Vec::new(),
            duration: std::time::Duration::ZERO,
        };
        store(&ws, m, "sha256:one", &grade).unwrap();
        assert_eq!(load(&ws, m, "sha256:one"), Some(grade));
        assert_eq!(load(&ws, m, "sha256:two"), None);
        std::fs::remove_dir_all(&ws).unwrap();
    }
}

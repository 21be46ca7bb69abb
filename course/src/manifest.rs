//! `course.toml`: the course manifest (modules, tasks, points, hints, milestones).
//!
//! The grader reads everything it knows about the course from this file; it never links
//! the modules it grades.

use crate::error::{Context, Error, Result, bail};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The name of the manifest file at the workspace root.
pub const MANIFEST_FILE: &str = "course.toml";

/// The whole course manifest.
#[derive(Debug, Clone, Deserialize)]
pub struct Course {
    /// Manifest format; this grader understands version 1.
    pub format_version: u32,
    /// Course name and description.
    pub course: CourseInfo,
    /// Every module, built or planned, in course order.
    #[serde(default)]
    pub modules: Vec<Module>,
    /// Milestone programs and the modules they need.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// The performance checks of `cargo grade perf`, if the course has them.
    #[serde(default)]
    pub perf: Option<Perf>,
    /// The capstone leaderboard of `cargo grade leaderboard`, if the course has one.
    #[serde(default)]
    pub leaderboard: Option<Leaderboard>,
}

/// The `[course]` table.
#[derive(Debug, Clone, Deserialize)]
pub struct CourseInfo {
    /// Display name, e.g. "TinyTorch-rs".
    pub name: String,
    /// One-sentence description.
    #[serde(default)]
    pub description: String,
}

/// Whether a module (or milestone) exists in the workspace yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuildStatus {
    /// It has a crate at its path.
    Built,
    /// Listed so the grader can say "planned"; no crate yet.
    Planned,
}

/// One `[[modules]]` entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Module {
    /// Two-digit number, e.g. "03".
    pub number: String,
    /// Short name, e.g. "layers".
    pub name: String,
    /// Display title, e.g. "Layers".
    pub title: String,
    /// Cargo package name, e.g. "tinytorch-layers".
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// Crate directory relative to the workspace, e.g. "modules/03_layers".
    pub path: String,
    /// Built or planned.
    pub status: BuildStatus,
    /// The graded tasks, in order.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// How long one graded test may run before it is stopped and failed, in seconds; for a
    /// module whose tests need more than the grader's default. `TINYTORCH_TEST_TIMEOUT_SECS`
    /// overrides it.
    #[serde(default)]
    pub test_timeout_secs: Option<u64>,
}

/// One `[[modules.tasks]]` entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Task {
    /// Task id `NN.k`, e.g. "03.2".
    pub id: String,
    /// Display title.
    pub title: String,
    /// Points earned when every test of the task passes.
    pub points: u32,
    /// Progressive hints, mildest first.
    #[serde(default)]
    pub hints: Vec<String>,
}

/// One `[[milestones]]` entry: everything the grader knows about a milestone. The grader
/// runs `cargo run --release -p <package> --bin <bin> -- --json <file> <args...>`.
#[derive(Debug, Clone, Deserialize)]
pub struct Milestone {
    /// Milestone id, e.g. "06".
    pub id: String,
    /// Display title.
    pub title: String,
    /// The year of the result the milestone recreates, e.g. 1958 for the perceptron.
    #[serde(default)]
    pub year: Option<u32>,
    /// Built or planned.
    pub status: BuildStatus,
    /// Directory relative to the workspace.
    #[serde(default)]
    pub path: String,
    /// Cargo package holding the milestone's binary, e.g. "tinytorch-mlperf".
    #[serde(default)]
    pub package: String,
    /// The binary that runs the milestone and writes its JSON report.
    #[serde(default)]
    pub bin: String,
    /// The arguments of a FULL run (only a full run is recorded); default none.
    #[serde(default)]
    pub args: Vec<String>,
    /// Modules that must be complete before the milestone runs on the student's code.
    #[serde(default)]
    pub requires: Vec<String>,
    /// The module items the milestone's code calls, as "NN::name".
    #[serde(default)]
    pub items: Vec<String>,
    /// Module knockouts that must make the milestone fail, as "NN:knockout-id".
    #[serde(default)]
    pub knockouts: Vec<String>,
}

impl Milestone {
    /// The `(module, knockout id)` pairs of [`Milestone::knockouts`].
    pub fn knockout_refs(&self) -> Vec<(&str, &str)> {
        self.knockouts
            .iter()
            .filter_map(|k| k.split_once(':'))
            .collect()
    }
}

/// The `[perf]` table: which binary of which milestone runs `cargo grade perf`.
#[derive(Debug, Clone, Deserialize)]
pub struct Perf {
    /// The milestone whose package holds the binary, e.g. "06".
    pub milestone: String,
    /// The binary; it writes `{"passed", "checks": [...]}` to its `--json` file.
    pub bin: String,
}

/// The `[leaderboard]` table: which binary of which module runs `cargo grade leaderboard`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leaderboard {
    /// The module whose package holds the binary, e.g. "20".
    pub module: String,
    /// The binary; it takes `DIR --html OUT` (docs/AUTHORING.md).
    pub bin: String,
}

/// Finds the workspace: `explicit` if given (it must hold `course.toml`), else the first
/// directory holding `course.toml` from the current directory upward.
pub fn find_workspace(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if !dir.join(MANIFEST_FILE).is_file() {
            bail!(
                "{} has no {MANIFEST_FILE}: --workspace must name the course root",
                dir.display()
            );
        }
        return dir
            .canonicalize()
            .context(format!("cannot open workspace {}", dir.display()));
    }
    let start = std::env::current_dir().context("cannot read the current directory")?;
    let mut dir: &Path = &start;
    loop {
        if dir.join(MANIFEST_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        match dir.parent() {
            Some(parent) => dir = parent,
            None => bail!(
                "no {MANIFEST_FILE} in {} or any parent directory: run the grader inside the course workspace, or pass --workspace DIR",
                start.display()
            ),
        }
    }
}

impl Course {
    /// Reads and checks `<workspace>/course.toml`.
    pub fn load(workspace: &Path) -> Result<Course> {
        let path = workspace.join(MANIFEST_FILE);
        let text =
            std::fs::read_to_string(&path).context(format!("cannot read {}", path.display()))?;
        Course::parse(&text).map_err(|e| Error::new(format!("{}: {}", path.display(), e.message())))
    }

    /// Parses and checks manifest text.
    pub fn parse(text: &str) -> Result<Course> {
        let course: Course = from_toml(text)?;
        course.check()?;
        Ok(course)
    }

    fn check(&self) -> Result<()> {
        if self.format_version != 1 {
            bail!(
                "format_version = {} is not supported by this grader (expected 1)",
                self.format_version
            );
        }
        let mut numbers = BTreeSet::new();
        let mut task_ids = BTreeSet::new();
        for module in &self.modules {
            let n = &module.number;
            if n.len() != 2 || !n.bytes().all(|b| b.is_ascii_digit()) {
                bail!("module number {n:?} must be two digits, e.g. \"03\"");
            }
            if !numbers.insert(n.clone()) {
                bail!("module number {n} appears twice");
            }
            if module.test_timeout_secs == Some(0) {
                bail!(
                    "module {n}: test_timeout_secs = 0 would fail every test; give the seconds one test may take, e.g. 60"
                );
            }
            for task in &module.tasks {
                if task_number(&task.id).is_none() || !task.id.starts_with(&format!("{n}.")) {
                    bail!(
                        "task id {:?} in module {n} must look like \"{n}.1\"",
                        task.id
                    );
                }
                if !task_ids.insert(task.id.clone()) {
                    bail!("task id {} appears twice", task.id);
                }
            }
        }
        self.check_milestones(&numbers)
    }

    fn check_milestones(&self, modules: &BTreeSet<String>) -> Result<()> {
        let mut ids = BTreeSet::new();
        for m in &self.milestones {
            let id = &m.id;
            if !ids.insert(id.clone()) {
                bail!("milestone id {id} appears twice");
            }
            if m.status == BuildStatus::Built && (m.package.is_empty() || m.bin.is_empty()) {
                bail!(
                    "milestone {id} is built but has no package or bin: add `package = \"...\"` and `bin = \"...\"` (how the grader runs it)"
                );
            }
            for n in &m.requires {
                if !modules.contains(n) {
                    bail!("milestone {id} requires module {n:?}, which course.toml does not list");
                }
            }
            for k in &m.knockouts {
                match k.split_once(':') {
                    Some((n, kid)) if modules.contains(n) && !kid.is_empty() => {}
                    _ => bail!(
                        "milestone {id}: knockout {k:?} must look like \"NN:knockout-id\" with NN a module of course.toml"
                    ),
                }
            }
        }
        if let Some(perf) = &self.perf
            && !ids.contains(&perf.milestone)
        {
            bail!(
                "[perf] names milestone {:?}, which course.toml does not list",
                perf.milestone
            );
        }
        if let Some(board) = &self.leaderboard
            && !modules.contains(&board.module)
        {
            bail!(
                "[leaderboard] names module {:?}, which course.toml does not list",
                board.module
            );
        }
        Ok(())
    }

    /// Modules with `status = "built"`, in course order.
    pub fn built(&self) -> impl Iterator<Item = &Module> {
        self.modules
            .iter()
            .filter(|m| m.status == BuildStatus::Built)
    }

    /// Finds a module by number ("03" or "3"), name ("layers"), directory name
    /// ("03_layers") or crate name ("tinytorch-layers").
    pub fn find_module(&self, query: &str) -> Result<&Module> {
        let q = query.trim().to_ascii_lowercase();
        let as_number = q.parse::<u32>().ok();
        let found = self.modules.iter().find(|m| {
            as_number.is_some_and(|n| m.number.parse::<u32>().ok() == Some(n))
                || m.name == q
                || m.crate_name == q
                || format!("{}_{}", m.number, m.name) == q
                || m.dir_name() == q
        });
        match found {
            Some(m) => Ok(m),
            None => {
                let known: Vec<String> = self
                    .modules
                    .iter()
                    .map(|m| format!("{} {}", m.number, m.name))
                    .collect();
                bail!(
                    "no module {query:?} in {MANIFEST_FILE}; modules: {}",
                    known.join(", ")
                )
            }
        }
    }

    /// Finds a milestone by id ("06" or "6"); the error lists the milestones.
    pub fn find_milestone(&self, query: &str) -> Result<&Milestone> {
        let q = query.trim();
        let number = q.parse::<u32>().ok();
        let found = self
            .milestones
            .iter()
            .find(|m| m.id == q || (number.is_some() && m.id.parse::<u32>().ok() == number));
        match found {
            Some(m) => Ok(m),
            None if self.milestones.is_empty() => {
                bail!("no milestone {q:?}: {MANIFEST_FILE} lists no milestones")
            }
            None => {
                let known: Vec<&str> = self.milestones.iter().map(|m| m.id.as_str()).collect();
                bail!(
                    "no milestone {q:?} in {MANIFEST_FILE}; milestones: {}",
                    known.join(", ")
                )
            }
        }
    }

    /// True when no built module has its reference code here: the student edition
    /// written by `cargo grade release`.
    pub fn is_student_edition(&self, workspace: &Path) -> bool {
        let mut built = self.built().peekable();
        built.peek().is_some() && built.all(|m| !m.has_reference(workspace))
    }

    /// Finds a task by id (`NN.k`); the error lists the module's task ids.
    pub fn find_task(&self, id: &str) -> Result<(&Module, &Task)> {
        let id = id.trim();
        let Some(module_part) = id.split('.').next().filter(|_| id.contains('.')) else {
            bail!("{id:?} is not a task id: write it as NN.k, e.g. 01.2");
        };
        let module = self.find_module(module_part)?;
        match module
            .tasks
            .iter()
            .find(|t| t.id == id || same_task_id(&t.id, id))
        {
            Some(task) => Ok((module, task)),
            None if module.tasks.is_empty() => {
                bail!(
                    "module {} ({}) has no tasks yet",
                    module.number,
                    module.title
                )
            }
            None => bail!(
                "no task {id} in module {} ({}); its tasks: {}",
                module.number,
                module.title,
                module.task_ids().join(", ")
            ),
        }
    }
}

impl Module {
    /// The crate directory.
    pub fn dir(&self, workspace: &Path) -> PathBuf {
        workspace.join(&self.path)
    }

    /// The last component of `path`, e.g. "03_layers".
    pub fn dir_name(&self) -> String {
        Path::new(&self.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.clone())
    }

    /// Whether the module's reference implementation is present (absent in the student edition).
    pub fn has_reference(&self, workspace: &Path) -> bool {
        self.dir(workspace).join("src/reference").is_dir()
    }

    /// Task ids in order.
    pub fn task_ids(&self) -> Vec<String> {
        self.tasks.iter().map(|t| t.id.clone()).collect()
    }

    /// The task with this id, if it belongs to the module.
    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// Sum of the task points.
    pub fn max_points(&self) -> u32 {
        self.tasks.iter().map(|t| t.points).sum()
    }

    /// `"03 (Layers)"`, for messages.
    pub fn label(&self) -> String {
        format!("{} ({})", self.number, self.title)
    }
}

impl Task {
    /// The prefix of the test functions that grade this task: `03.2` → `t03_2_`.
    pub fn test_prefix(&self) -> String {
        format!("t{}_", self.id.replace('.', "_"))
    }
}

/// The task id a test name grades: `linear::t03_2_forward` → `Some("03.2")`.
/// Only the last `::` segment counts; it must look like `tNN_k_<anything>`.
pub fn task_of_test(test_name: &str) -> Option<String> {
    let last = test_name.rsplit("::").next().unwrap_or(test_name);
    let rest = last.strip_prefix('t')?;
    let mut parts = rest.splitn(3, '_');
    let module = parts.next()?;
    let k = parts.next()?;
    parts.next()?; // the `_<what>` tail must exist (it may be empty)
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(module) && digits(k)).then(|| format!("{module}.{k}"))
}

/// The `k` of a task id `NN.k`, if the id is well formed.
fn task_number(id: &str) -> Option<u32> {
    let (module, k) = id.split_once('.')?;
    if module.is_empty() || !module.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    k.parse().ok()
}

/// `"1.2"` and `"01.2"` name the same task.
fn same_task_id(a: &str, b: &str) -> bool {
    let parse = |s: &str| {
        let (m, k) = s.split_once('.')?;
        Some((m.parse::<u32>().ok()?, k.parse::<u32>().ok()?))
    };
    parse(a).is_some() && parse(a) == parse(b)
}

/// Deserializes TOML text; a syntax or schema error becomes one line (toml's multi-line
/// report with the source excerpt, its whitespace collapsed), so the grader can print it
/// as `error: <path>: <message>`. Every TOML file of the course is read with it
/// (`course.toml`, `knockouts.toml`, `mutants.toml`).
pub fn from_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        Error::new(
            e.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> String {
        crate::fixture::CourseToml::new("T")
            .module("01", "tensor", "built")
            .task("01.1", "Creating", 10)
            .hints(&["a", "b"])
            .task("01.10", "Ten", 5)
            .module("05", "dataloader", "planned")
            .text()
    }

    #[test]
    fn toml_errors_are_one_line() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Small {
            name: String,
        }
        assert_eq!(from_toml::<Small>("name = \"a\"\n").unwrap().name, "a");
        for bad in ["name = \n", "name = \"a\"\nextra = 1\n", "x = 1\n"] {
            let message = from_toml::<Small>(bad).unwrap_err().message().to_string();
            assert!(
                !message.is_empty() && !message.contains('\n'),
                "{message:?}"
            );
            assert!(!message.contains("  "), "{message:?}");
        }
    }

    #[test]
    fn finds_modules_by_any_name() {
        let c = Course::parse(&sample()).unwrap();
        for q in [
            "01",
            "1",
            "tensor",
            "01_tensor",
            "tinytorch-tensor",
            "Tensor",
        ] {
            assert_eq!(c.find_module(q).unwrap().number, "01", "{q}");
        }
        assert!(
            c.find_module("7")
                .unwrap_err()
                .message()
                .contains("01 tensor")
        );
    }

    #[test]
    fn finds_tasks_and_lists_ids_when_unknown() {
        let c = Course::parse(&sample()).unwrap();
        assert_eq!(c.find_task("01.10").unwrap().1.title, "Ten");
        assert_eq!(c.find_task("1.1").unwrap().1.id, "01.1");
        let err = c.find_task("01.3").unwrap_err();
        assert!(err.message().contains("01.1, 01.10"), "{err}");
        assert!(
            c.find_task("05.1")
                .unwrap_err()
                .message()
                .contains("no tasks")
        );
        assert!(c.find_task("x").is_err());
    }

    #[test]
    fn maps_test_names_to_tasks() {
        assert_eq!(task_of_test("t01_1_from_vec").as_deref(), Some("01.1"));
        assert_eq!(
            task_of_test("linear::t03_2_forward").as_deref(),
            Some("03.2")
        );
        assert_eq!(task_of_test("t01_10_x").as_deref(), Some("01.10"));
        assert_eq!(task_of_test("t01_1_").as_deref(), Some("01.1"));
        assert_eq!(task_of_test("edition_probe"), None);
        assert_eq!(task_of_test("t01_1"), None);
        assert_eq!(task_of_test("test_1_2_x"), None);
        let c = Course::parse(&sample()).unwrap();
        assert_eq!(c.modules[0].tasks[0].test_prefix(), "t01_1_");
    }

    #[test]
    fn rejects_bad_manifests() {
        let dup = sample().replace("id = \"01.10\"", "id = \"01.1\"");
        assert!(Course::parse(&dup).unwrap_err().message().contains("twice"));
        let bad = sample().replace("id = \"01.10\"", "id = \"02.1\"");
        assert!(Course::parse(&bad).is_err());
        let version = sample().replace("format_version = 1", "format_version = 2");
        assert!(Course::parse(&version).is_err());
    }
}

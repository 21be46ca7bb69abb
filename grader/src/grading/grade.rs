//! Grading one module: run its tests with the right editions and score its tasks.

use crate::cargo::build::{self, BuildEvent};
use crate::cargo::libtest::{self, Outcome, TestBinary, TestCase, TestRun};
use crate::cargo::{self, Invocation, runner};
use crate::course::edition::{self, EditionPlan, Editions};
use crate::course::manifest::{self, Course, Module, Task};
use crate::grading::hidden::{self, HiddenFile};
use crate::grading::integrity;
use crate::util::error::Result;
use crate::util::fsutil;
use crate::util::lock;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The name of the test that prints the edition proof.
pub const PROBE_TEST: &str = runner::PROBE_TEST;

/// Lines of panic message shown per failing test.
pub const SUMMARY_LINES: usize = 3;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Every test passes: full points.
    Done,
    /// Some tests still hit a `todo!()` stub and none fails otherwise.
    Todo,
    /// Some test fails (or is ignored) for another reason than a stub.
    Failing,
    /// The task has no tests in the module (an authoring error).
    NoTests,
    /// A test binary crashed before reporting this task's tests.
    NotRun,
}

impl TaskStatus {
    /// The word shown in tables.
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::Done => "done",
            TaskStatus::Todo => "todo",
            TaskStatus::Failing => "failing",
            TaskStatus::NoTests => "no tests",
            TaskStatus::NotRun => "not run",
        }
    }
}

/// A failing test and the start of its panic message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureNote {
    /// Full test name.
    pub test: String,
    /// True when it panicked in a `todo!()` stub.
    pub todo: bool,
    /// True when libtest reported it ignored: it never counts as passed.
    pub ignored: bool,
    /// The task named by that stub, when it says.
    pub todo_task: Option<String>,
    /// First lines of the panic message.
    pub message: Vec<String>,
    /// Where the test panicked (`FILE:LINE:COLUMN`), when its output says.
    #[serde(default)]
    pub location: Option<String>,
}

/// The grade of one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskGrade {
    /// `NN.k`.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Tests that passed.
    pub passed: usize,
    /// Tests that grade the task.
    pub total: usize,
    /// Where it stands.
    pub status: TaskStatus,
    /// Points earned (all or nothing).
    pub points: u32,
    /// Points available.
    pub max_points: u32,
    /// The tests that did not pass.
    pub failures: Vec<FailureNote>,
    /// The tests that passed (names only).
    #[serde(skip)]
    pub passing: Vec<String>,
}

/// Whether the module could be graded, and if not why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum GradeState {
    /// Tests ran; see the tasks.
    Graded,
    /// The code did not compile.
    BuildFailed {
        /// First lines of the compiler errors.
        errors: Vec<String>,
    },
    /// The module cannot be graded (e.g. its crate is missing).
    Unavailable {
        /// Why.
        reason: String,
    },
}

/// The grade of one module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleGrade {
    /// Two-digit module number.
    pub number: String,
    /// Display title.
    pub title: String,
    /// Graded, build failed, or unavailable.
    #[serde(flatten)]
    pub state: GradeState,
    /// What was requested, e.g. `03=student 01=reference 02=reference`.
    pub requested: Editions,
    /// What the probe proved, when it did.
    pub observed: Option<Editions>,
    /// Why the edition is not proven, if it is not.
    pub edition_problem: Option<String>,
    /// True when graded over the student's own earlier modules (student edition).
    pub student_edition: bool,
    /// One entry per task of the module.
    pub tasks: Vec<TaskGrade>,
    /// Graded tests that came from hidden test files (instructor-only, see [`crate::grading::hidden`]).
    pub hidden_tests: usize,
    /// Tests that grade no task of this module.
    pub unmapped: Vec<String>,
    /// Tests that crashed or hung (and binaries that could not run), each with its task
    /// and its reason in words.
    pub crashed: Vec<String>,
    /// Other things worth knowing (tasks without tests).
    pub warnings: Vec<String>,
    /// Time cargo took.
    #[serde(skip)]
    pub duration: Duration,
}

impl ModuleGrade {
    /// True when the tests ran and the edition is proven.
    pub fn trusted(&self) -> bool {
        self.state == GradeState::Graded && self.edition_problem.is_none()
    }

    /// Points earned (0 unless [`Self::trusted`]).
    pub fn points(&self) -> u32 {
        if self.trusted() {
            self.tasks.iter().map(|t| t.points).sum()
        } else {
            0
        }
    }

    /// Points available.
    pub fn max_points(&self) -> u32 {
        self.tasks.iter().map(|t| t.max_points).sum()
    }

    /// Tasks done (0 unless trusted).
    pub fn tasks_done(&self) -> usize {
        if self.trusted() {
            self.tasks
                .iter()
                .filter(|t| t.status == TaskStatus::Done)
                .count()
        } else {
            0
        }
    }

    /// Graded tests passed and in total.
    pub fn tests(&self) -> (usize, usize) {
        (
            self.tasks.iter().map(|t| t.passed).sum(),
            self.tasks.iter().map(|t| t.total).sum(),
        )
    }

    /// The first task not done, if any.
    pub fn next_task(&self) -> Option<&TaskGrade> {
        self.tasks.iter().find(|t| t.status != TaskStatus::Done)
    }

    /// True when every task is done and the grade is trusted.
    pub fn complete(&self) -> bool {
        self.trusted() && self.next_task().is_none()
    }

    /// `03=student (your code) over 01=reference`, from the proof or else the request.
    pub fn edition_summary(&self) -> String {
        edition::describe(
            self.observed.as_ref().unwrap_or(&self.requested),
            &self.number,
        )
    }
}

/// How to run a grading: which workspace directory and target directory.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Where to run cargo (the workspace or a copy of it).
    pub cwd: PathBuf,
    /// `CARGO_TARGET_DIR` override.
    pub target_dir: Option<PathBuf>,
    /// Echo cargo's output.
    pub verbose: bool,
    /// Build and run only `tests/graded.rs` (and hidden tests) when the module has it
    /// (knockouts: the graded tests and the edition probe are all there, and every other
    /// test target would be compiled and linked again for each knockout).
    pub graded_only: bool,
    /// The hidden-test directory (`hidden/NN/*.rs`), when there is one.
    pub hidden: Option<PathBuf>,
}

impl RunOptions {
    /// Options for running in `cwd` with cargo's default target directory.
    pub fn new(cwd: &Path, verbose: bool) -> RunOptions {
        RunOptions {
            cwd: cwd.to_path_buf(),
            target_dir: None,
            verbose,
            graded_only: false,
            hidden: None,
        }
    }
}

/// Grades `module` as `cargo grade test` does: the student's code (or the reference when
/// `reference`) over the reference of every earlier module.
pub fn grade_module(
    workspace: &Path,
    course: &Course,
    module: &Module,
    reference: bool,
    opts: &RunOptions,
) -> Result<ModuleGrade> {
    grade_module_with(workspace, course, module, reference, opts, &mut |_| {})
}

/// [`grade_module`], reporting build progress to `progress`.
pub fn grade_module_with(
    workspace: &Path,
    course: &Course,
    module: &Module,
    reference: bool,
    opts: &RunOptions,
    progress: &mut dyn FnMut(BuildEvent),
) -> Result<ModuleGrade> {
    let plan = edition::plan_for(workspace, course, module, reference);
    if let Some(reason) = unavailable(workspace, module) {
        return Ok(unavailable_grade(module, &plan, reason));
    }
    let hidden = match &opts.hidden {
        Some(root) => hidden::files_for(root, module)?,
        None => Vec::new(),
    };
    let mut grade = if hidden.is_empty() {
        run_and_grade_with(module, &plan, opts, progress)?
    } else {
        grade_with_hidden(workspace, module, &plan, &hidden, opts, progress)?
    };
    // In a student edition: a changed instructor file (a test, course.toml, the grader...)
    // makes the grade untrusted, named in the table and the JSON report.
    if let Some(tampering) = integrity::check(workspace)?.filter(|t| !t.is_empty()) {
        grade.edition_problem = Some(tampering.problem());
    }
    Ok(grade)
}

/// Grades in a scratch copy of the workspace that also holds the module's hidden tests
/// (`target/grade-hidden/ws`, its own target directory beside it); the workspace itself is
/// never touched. One run at a time: a lock guards the copy.
fn grade_with_hidden(
    workspace: &Path,
    module: &Module,
    plan: &EditionPlan,
    files: &[HiddenFile],
    opts: &RunOptions,
    progress: &mut dyn FnMut(BuildEvent),
) -> Result<ModuleGrade> {
    let base = fsutil::target_base(workspace).join("grade-hidden");
    let _lock = lock::acquire(&base.join("lock"), "grading run with hidden tests")?;
    let copy = base.join("ws");
    fsutil::copy_workspace(workspace, &copy)?;
    hidden::inject(&copy, module, files)?;
    let scratch = RunOptions {
        cwd: copy,
        target_dir: Some(base.join("target")),
        ..opts.clone()
    };
    run_and_grade_with(module, plan, &scratch, progress)
}

/// Runs the module's tests under `plan` and grades the result.
pub fn run_and_grade(
    module: &Module,
    plan: &EditionPlan,
    opts: &RunOptions,
) -> Result<ModuleGrade> {
    run_and_grade_with(module, plan, opts, &mut |_| {})
}

/// [`run_and_grade`] running only the tests of `task` (and the edition probe): what a
/// knockout of that task is judged by. The grade's other tasks are left unseen.
pub fn run_task_and_grade(
    module: &Module,
    plan: &EditionPlan,
    opts: &RunOptions,
    task: &str,
) -> Result<ModuleGrade> {
    let keep = |test: &str| manifest::task_of_test(test).as_deref() == Some(task);
    run_selected(module, plan, opts, &mut |_| {}, &keep)
}

/// [`run_and_grade`], reporting build progress to `progress`: builds the test binaries
/// (`cargo test --no-run`), then runs every test in its own process under the per-test
/// time limit ([`runner`]), the edition probe first and alone.
pub fn run_and_grade_with(
    module: &Module,
    plan: &EditionPlan,
    opts: &RunOptions,
    progress: &mut dyn FnMut(BuildEvent),
) -> Result<ModuleGrade> {
    run_selected(module, plan, opts, progress, &|_| true)
}

/// Builds the test binaries and runs the tests `keep` accepts (see [`run_and_grade_with`]).
fn run_selected(
    module: &Module,
    plan: &EditionPlan,
    opts: &RunOptions,
    progress: &mut dyn FnMut(BuildEvent),
    keep: &dyn Fn(&str) -> bool,
) -> Result<ModuleGrade> {
    let started = Instant::now();
    let inv = Invocation {
        cwd: opts.cwd.clone(),
        args: build::no_run_args(&module_test_args(module, opts)),
        editions: plan.clone(),
        target_dir: opts.target_dir.clone(),
        verbose: opts.verbose,
    };
    let built = build::build_tests(&inv, progress)?;
    let output = &built.output;
    let run = libtest::parse(&output.text);
    if run.build_failed(output.success) || !output.success {
        let mut g = unavailable_grade(module, plan, String::new());
        g.state = GradeState::BuildFailed {
            errors: build_errors(&run, &output.text),
        };
        if let Some(line) = output
            .text
            .lines()
            .find(|l| l.starts_with("error: timed out"))
        {
            g.warnings
                .insert(0, line.trim_start_matches("error: ").to_string());
        }
        g.duration = started.elapsed();
        return Ok(g);
    }
    let limits = test_limits(module, started);
    let binaries = runner::run_all(&built.executables, plan, &limits, keep);
    let refs: Vec<&TestBinary> = binaries.iter().collect();
    let mut grade = assess(module, &refs, plan);
    grade.duration = started.elapsed();
    Ok(grade)
}

/// The variable that overrides every module's per-test time limit, in seconds.
pub const TEST_TIMEOUT_VAR: &str = "TINYTORCH_TEST_TIMEOUT_SECS";

/// The per-test limit when neither the variable nor course.toml says: long enough for the
/// slowest graded test on a loaded 2-core machine, short enough that a hang costs seconds.
pub const DEFAULT_TEST_TIMEOUT_SECS: u64 = 30;

/// The limits one module's tests run under: [`TEST_TIMEOUT_VAR`], else the module's
/// `test_timeout_secs`, else [`DEFAULT_TEST_TIMEOUT_SECS`]; as many at once as there are
/// cores; no test starts after the whole-run limit.
pub fn test_limits(module: &Module, started: Instant) -> runner::Limits {
    let from_env = std::env::var(TEST_TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&s| s > 0);
    let secs = from_env
        .or(module.test_timeout_secs)
        .unwrap_or(DEFAULT_TEST_TIMEOUT_SECS);
    runner::Limits {
        per_test: Duration::from_secs(secs),
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        deadline: Some(started + cargo::time_limit()),
    }
}

/// `cargo test` arguments for one module: every integration test target, or only
/// `tests/graded` (plus injected hidden tests) when `opts.graded_only` and the module has
/// that file.
fn module_test_args(module: &Module, opts: &RunOptions) -> Vec<String> {
    let mut args = cargo::test_args(&[module.crate_name.as_str()]);
    let tests = opts.cwd.join(&module.path).join("tests");
    if !opts.graded_only || !tests.join("graded.rs").is_file() {
        return args;
    }
    let Some(at) = args.iter().position(|a| a.as_str() == "*") else {
        return args;
    };
    args[at] = "graded".to_string();
    let hidden: Vec<String> = fsutil::rust_files(&tests)
        .unwrap_or_default()
        .into_iter()
        .filter(|f| !f.contains('/') && hidden::is_hidden_source(f))
        .map(|f| f.trim_end_matches(".rs").to_string())
        .collect();
    for target in hidden.into_iter().rev() {
        args.splice(at + 1..at + 1, ["--test".to_string(), target]);
    }
    args
}

/// Why a built module cannot be graded at all, if it cannot.
pub fn unavailable(workspace: &Path, module: &Module) -> Option<String> {
    let dir = module.dir(workspace);
    (!dir.join("Cargo.toml").is_file()).then(|| {
        format!(
            "module {} is marked built in course.toml, but {} has no Cargo.toml",
            module.label(),
            module.path
        )
    })
}

fn unavailable_grade(module: &Module, plan: &EditionPlan, reason: String) -> ModuleGrade {
    let mut grade = empty_grade(module, plan);
    grade.state = GradeState::Unavailable { reason };
    grade.tasks = module
        .tasks
        .iter()
        .map(|t| task_grade(t, &[], false))
        .collect();
    grade
}

fn empty_grade(module: &Module, plan: &EditionPlan) -> ModuleGrade {
    ModuleGrade {
        number: module.number.clone(),
        title: module.title.clone(),
        state: GradeState::Graded,
        requested: plan.expected.clone(),
        observed: None,
        edition_problem: None,
        student_edition: plan.student_edition,
        tasks: Vec::new(),
        hidden_tests: 0,
        unmapped: Vec::new(),
        crashed: Vec::new(),
        warnings: Vec::new(),
        duration: Duration::ZERO,
    }
}

/// The compiler errors of a failed build (or the last lines of cargo's output if none).
pub fn build_errors(run: &TestRun, text: &str) -> Vec<String> {
    if !run.compile_errors.is_empty() {
        return run.compile_errors.clone();
    }
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with("{\"reason\":"))
        .map(str::to_string)
        .collect();
    lines[lines.len().saturating_sub(libtest::MAX_ERROR_LINES)..].to_vec()
}

/// Scores the tests of `binaries` (all from `module`'s package) against its tasks.
pub fn assess(module: &Module, binaries: &[&TestBinary], plan: &EditionPlan) -> ModuleGrade {
    let mut grade = empty_grade(module, plan);
    let tests: Vec<&TestCase> = binaries.iter().flat_map(|b| b.tests.iter()).collect();
    grade.hidden_tests = binaries
        .iter()
        .filter(|b| hidden::is_hidden_source(&b.source))
        .flat_map(|b| b.tests.iter())
        .filter(|t| test_task(t).is_some())
        .count();
    let crashed: Vec<&&TestBinary> = binaries.iter().filter(|b| !b.finished).collect();
    for binary in &crashed {
        let why = binary
            .crash
            .as_deref()
            .map(crash_reason)
            .unwrap_or("it stopped without a result line");
        grade
            .crashed
            .push(format!("test binary {} crashed: {why}", binary.source));
    }
    for test in tests.iter().filter(|t| t.reason.is_some()) {
        let task = test_task(test).map_or(String::new(), |id| format!(" (task {id})"));
        let reason = test.reason.as_deref().unwrap_or_default();
        grade
            .crashed
            .push(format!("test {}{task}: {reason}", test.name));
    }
    for task in &module.tasks {
        let own: Vec<&TestCase> = tests
            .iter()
            .copied()
            .filter(|t| test_task(t).as_deref() == Some(task.id.as_str()))
            .collect();
        let tg = task_grade(task, &own, !crashed.is_empty());
        if tg.status == TaskStatus::NoTests {
            grade.warnings.push(format!(
                "task {} has no tests (expected `fn {}...` in tests/)",
                task.id,
                task.test_prefix()
            ));
        }
        grade.tasks.push(tg);
    }
    // Tests not named `tNN_k_*` are ungraded course infrastructure (e.g. the data loader's
    // file checks); only a graded-looking name that matches no task is suspicious.
    grade.unmapped = tests
        .iter()
        .filter(|t| t.short_name() != PROBE_TEST)
        .filter(|t| test_task(t).is_some_and(|id| module.task(&id).is_none()))
        .map(|t| t.name.clone())
        .collect();
    let probe_lines: Vec<String> = binaries
        .iter()
        .flat_map(|b| b.probe_lines.iter().cloned())
        .collect();
    match edition::check_probes(&probe_lines, plan, &module.number) {
        Ok(seen) => grade.observed = Some(seen),
        Err(problem) => grade.edition_problem = Some(problem),
    }
    if let Some(probe) = tests
        .iter()
        .find(|t| t.short_name() == PROBE_TEST && t.outcome != Outcome::Passed)
    {
        let detail = probe.panic_summary(SUMMARY_LINES).join(" ");
        grade.edition_problem = Some(format!("the `{PROBE_TEST}` test did not pass: {detail}"));
    }
    grade
}

/// `process didn't exit successfully: `/x/graded-1` (signal: 6, SIGABRT...)` → `(signal: 6, SIGABRT...)`.
fn crash_reason(line: &str) -> &str {
    line.rsplit_once("` (")
        .map(|(_, r)| r.trim_end_matches(')'))
        .unwrap_or(line)
}

fn test_task(test: &TestCase) -> Option<String> {
    manifest::task_of_test(&test.name)
}

fn task_grade(task: &Task, tests: &[&TestCase], crashed: bool) -> TaskGrade {
    let passed = tests
        .iter()
        .filter(|t| t.outcome == Outcome::Passed)
        .count();
    let total = tests.len();
    let status = if total == 0 {
        if crashed {
            TaskStatus::NotRun
        } else {
            TaskStatus::NoTests
        }
    } else if passed == total {
        TaskStatus::Done
    } else if tests
        .iter()
        .any(|t| t.outcome == Outcome::Ignored || (t.outcome == Outcome::Failed && !t.is_todo()))
    {
        TaskStatus::Failing
    } else {
        TaskStatus::Todo
    };
    let failures = tests
        .iter()
        .filter(|t| t.outcome != Outcome::Passed)
        .map(|t| failure_note(t))
        .collect();
    let passing = tests
        .iter()
        .filter(|t| t.outcome == Outcome::Passed)
        .map(|t| t.name.clone())
        .collect();
    TaskGrade {
        id: task.id.clone(),
        title: task.title.clone(),
        passed,
        total,
        status,
        points: if status == TaskStatus::Done {
            task.points
        } else {
            0
        },
        max_points: task.points,
        failures,
        passing,
    }
}

/// A crash or hang reason with what the student can do about it.
fn reason_in_words(reason: &str) -> String {
    if reason.starts_with("did not finish") {
        format!(
            "{reason}: stopped (an infinite loop? a module allows more with `test_timeout_secs` in course.toml; {TEST_TIMEOUT_VAR} overrides)"
        )
    } else if reason.starts_with("a thread") {
        format!("{reason}: a panic in any thread fails the test (join the threads you start)")
    } else {
        format!("{reason}: the test's process died; run `cargo test` on this test alone to see it")
    }
}

fn failure_note(test: &TestCase) -> FailureNote {
    let message = if test.outcome == Outcome::Ignored {
        vec!["ignored: an ignored test never counts as passed".to_string()]
    } else if let Some(reason) = &test.reason {
        vec![reason_in_words(reason)]
    } else {
        test.panic_summary(SUMMARY_LINES)
    };
    FailureNote {
        test: test.name.clone(),
        todo: test.is_todo(),
        ignored: test.outcome == Outcome::Ignored,
        todo_task: test.todo_task().map(str::to_string),
        message,
        location: test.panic_location(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::edition::Edition;

    #[test]
    fn task_status_names_come_from_serde() {
        use crate::util::serde_name;
        let names = [
            TaskStatus::Done,
            TaskStatus::Todo,
            TaskStatus::Failing,
            TaskStatus::NoTests,
            TaskStatus::NotRun,
        ]
        .map(|s| serde_name(&s));
        assert_eq!(names, ["done", "todo", "failing", "no_tests", "not_run"]);
    }

    fn module() -> Module {
        let course = Course::parse(
            &tinytorch_course::fixture::CourseToml::new("T")
                .module("01", "tensor", "built")
                .task("01.1", "A", 10)
                .task("01.2", "B", 20)
                .task("01.3", "C", 5)
                .task("01.4", "D", 5)
                .text(),
        )
        .unwrap();
        course.modules[0].clone()
    }

    fn case(name: &str, outcome: Outcome, output: &str) -> TestCase {
        TestCase {
            name: name.into(),
            outcome,
            output: output.into(),
            reason: None,
        }
    }

    fn plan() -> EditionPlan {
        let map: Editions = [("01".to_string(), Edition::Student)].into();
        EditionPlan {
            env: map.clone(),
            expected: map,
            student_edition: false,
        }
    }

    #[test]
    fn scores_tasks_all_or_nothing() {
        let todo = "thread 't' panicked at x.rs:1:1:\nnot yet implemented: [01.2 B] f: not yet implemented.\n";
        let binary = TestBinary {
            source: "tests/graded.rs".into(),
            finished: true,
            probe_lines: vec!["course-edition: 01=student".into()],
            tests: vec![
                case("edition_probe", Outcome::Passed, ""),
                case("t01_1_a", Outcome::Passed, ""),
                case("a::t01_1_b", Outcome::Passed, ""),
                case("t01_2_a", Outcome::Passed, ""),
                case("t01_2_b", Outcome::Failed, todo),
                case(
                    "t01_3_a",
                    Outcome::Failed,
                    "thread 't' panicked at x.rs:1:1:\nassertion failed\n",
                ),
                case("t09_1_stray", Outcome::Passed, ""),
                case("helper", Outcome::Passed, ""),
            ],
            ..TestBinary::default()
        };
        let grade = assess(&module(), &[&binary], &plan());
        let statuses: Vec<TaskStatus> = grade.tasks.iter().map(|t| t.status).collect();
        assert_eq!(
            statuses,
            vec![
                TaskStatus::Done,
                TaskStatus::Todo,
                TaskStatus::Failing,
                TaskStatus::NoTests
            ]
        );
        assert_eq!(grade.points(), 10);
        assert_eq!(grade.max_points(), 40);
        assert_eq!(grade.tests(), (3, 5));
        assert_eq!(
            grade.tasks[1].failures[0].todo_task.as_deref(),
            Some("01.2")
        );
        assert_eq!(grade.tasks[2].failures[0].message, vec!["assertion failed"]);
        assert_eq!(grade.unmapped, vec!["t09_1_stray"]);
        assert!(
            grade
                .warnings
                .iter()
                .any(|w| w.contains("01.4 has no tests"))
        );
        assert_eq!(grade.next_task().unwrap().id, "01.2");
        assert_eq!(grade.edition_summary(), "01=student (your code)");
        assert!(grade.trusted());
    }

    #[test]
    fn unproven_edition_earns_nothing() {
        let binary = TestBinary {
            finished: true,
            probe_lines: vec!["course-edition: 01=reference".into()],
            tests: vec![
                case("edition_probe", Outcome::Passed, ""),
                case("t01_1_a", Outcome::Passed, ""),
            ],
            ..TestBinary::default()
        };
        let grade = assess(&module(), &[&binary], &plan());
        assert!(
            grade
                .edition_problem
                .as_deref()
                .unwrap()
                .contains("compiled as reference")
        );
        assert_eq!(grade.points(), 0);
        assert_eq!(grade.tasks[0].status, TaskStatus::Done);
    }

    #[test]
    fn crashed_binaries_mark_unseen_tasks_not_run() {
        let binary = TestBinary {
            source: "tests/graded.rs".into(),
            crash: Some("signal 6".into()),
            ..TestBinary::default()
        };
        let grade = assess(&module(), &[&binary], &plan());
        assert!(grade.tasks.iter().all(|t| t.status == TaskStatus::NotRun));
        assert!(grade.crashed[0].contains("crashed: signal 6"));
        assert_eq!(
            crash_reason(
                "process didn't exit successfully: `/x/g-1 --a` (signal: 6, SIGABRT: abort)"
            ),
            "signal: 6, SIGABRT: abort"
        );
        assert!(grade.edition_problem.is_some());
    }
}

//! `cargo grade dev mutants`: mutation testing of the solution regions with cargo-mutants.
//!
//! The knockouts are hand-picked; cargo-mutants (<https://mutants.rs>) makes every small
//! mutation it knows (an operator swapped, a body replaced by a default, a condition
//! negated) and runs the graded tests against each. A mutant that no test catches is a
//! wrong solution that would get full marks: it gets a graded test, or it is listed as
//! equivalent (the same behaviour) in the module's `mutants.toml` with the reason.
//!
//! How a module is run:
//! - a copy of the workspace (`<target>/mutants/ws`) in which module NN's `lib.rs` selects
//!   the reference with a plain `#[path]`: cargo-mutants does not read `#[cfg_attr(..,
//!   path = ..)]`, so without this it would never see `src/reference/`;
//! - a unified diff that marks every line inside a solution region of
//!   `src/reference/**.rs` as added, passed with `--in-diff`: only mutants touching an
//!   exercise are tried, never the shared code the student does not write;
//! - the graded tests only (`--test=*`, libtest filter `tNN_`), hidden tests included,
//!   with no `TINYTORCH_EDITION_*` set (the reference), mutated in place in the copy;
//! - one job builds into `<target>/mutants/target`, kept between runs, so only the
//!   workspace crates rebuild; more jobs each build in a copy of their own.
//!
//! cargo-mutants writes `<target>/mutants/NN/mutants.out/` (outcomes.json, one log per
//! mutant); this file reads outcomes.json, subtracts the listed equivalents and writes
//! `<target>/mutants/NN/score.json`.

use crate::bail;
use crate::cargo;
use crate::course::edition::EditionPlan;
use crate::course::manifest::{Course, Module, from_toml};
use crate::course::stubs::{BEGIN, END};
use crate::grading::hidden;
use crate::util::error::{Context, Error, Result};
use crate::util::fsutil;
use crate::util::lock;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

/// The file of a module that lists its equivalent mutants.
pub const EQUIVALENTS_FILE: &str = "mutants.toml";

/// The line of every module's `lib.rs` that picks the reference; cargo-mutants needs it
/// as a plain `#[path]` to find the files.
pub const REFERENCE_SWITCH: &str = r#"#[cfg_attr(not(course_student), path = "reference/mod.rs")]"#;

/// What replaces [`REFERENCE_SWITCH`] in the copy (`course_student` is never set there).
pub const REFERENCE_PATH: &str = r#"#[path = "reference/mod.rs"]"#;

/// A mutant that behaves exactly like the reference, listed in `mutants.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Equivalent {
    /// The reference file, relative to the module (`src/reference/softmax.rs`).
    pub file: String,
    /// The function as cargo-mutants names it (`softmax`, `Linear::forward`).
    pub function: String,
    /// The mutation as cargo-mutants names it, without place and function
    /// (`replace == with >=`, `replace mse -> f32 with 1.0`).
    pub mutation: String,
    /// Text of the mutated line, when the function has the same mutation more than once.
    #[serde(default)]
    pub at: Option<String>,
    /// Why it behaves the same (the argument, in one or two sentences).
    pub why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EquivalentFile {
    #[serde(default)]
    equivalent: Vec<Equivalent>,
}

/// Parses `mutants.toml` text (`[[equivalent]]` entries).
pub fn parse_equivalents(text: &str) -> Result<Vec<Equivalent>> {
    let file: EquivalentFile = from_toml(text)?;
    Ok(file.equivalent)
}

/// A module's equivalent mutants (none when it has no `mutants.toml`).
pub fn load_equivalents(module_dir: &Path) -> Result<Vec<Equivalent>> {
    let path = module_dir.join(EQUIVALENTS_FILE);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    parse_equivalents(&fsutil::read(&path)?)
        .map_err(|e| Error::new(format!("{}: {}", path.display(), e.message())))
}

/// The 1-based line ranges strictly inside the solution regions of `text` (the marker
/// lines themselves are comments: nothing to mutate).
pub fn solution_lines(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut open: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with(BEGIN) {
            open = Some(i + 2);
        } else if trimmed.starts_with(END)
            && let Some(first) = open.take()
            && first <= i
        {
            ranges.push((first, i));
        }
    }
    ranges
}

/// A unified diff in which every line of every solution region is added: `files` are
/// (path relative to the workspace, text). cargo-mutants checks the added lines against
/// the files, so they must be the files it will mutate.
pub fn region_diff(files: &[(String, String)]) -> String {
    let mut out = String::new();
    for (path, text) in files {
        let ranges = solution_lines(text);
        if ranges.is_empty() {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        out.push_str(&format!("--- a/{path}\n+++ b/{path}\n"));
        let mut added_before = 0;
        for (first, last) in ranges {
            let count = last - first + 1;
            // Without the added lines, the hunk sits after old line first - 1 - added_before.
            let old = first - 1 - added_before;
            out.push_str(&format!("@@ -{old},0 +{first},{count} @@\n"));
            for line in &lines[first - 1..last] {
                out.push('+');
                out.push_str(line);
                out.push('\n');
            }
            added_before += count;
        }
    }
    out
}

/// `lib.rs` with [`REFERENCE_SWITCH`] replaced by [`REFERENCE_PATH`] (same line count).
pub fn with_plain_reference_path(lib_rs: &str, module: &str) -> Result<String> {
    if lib_rs.matches(REFERENCE_SWITCH).count() != 1 {
        bail!(
            "module {module}: src/lib.rs must hold `{REFERENCE_SWITCH}` exactly once (the edition switch of docs/AUTHORING.md)"
        );
    }
    Ok(lib_rs.replacen(REFERENCE_SWITCH, REFERENCE_PATH, 1))
}

/// How cargo-mutants judged one mutant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A graded test failed.
    Caught,
    /// Every graded test passed: a wrong solution with full marks, unless equivalent.
    Missed,
    /// The tests ran past the time limit (the grader's per-test limit fails such a test).
    Timeout,
    /// It does not compile (e.g. `Default::default()` for a type without `Default`).
    Unviable,
}

/// One mutant cargo-mutants tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mutant {
    /// Path relative to the workspace.
    pub file: String,
    /// 1-based line of the mutation.
    pub line: usize,
    /// The enclosing function, as cargo-mutants names it (empty outside one).
    pub function: String,
    /// The mutation, without place and function: `replace - with +`.
    pub mutation: String,
    /// The verdict.
    pub verdict: Verdict,
}

#[derive(Deserialize)]
struct Outcomes {
    outcomes: Vec<Outcome>,
}

#[derive(Deserialize)]
struct Outcome {
    scenario: serde_json::Value,
    summary: String,
}

#[derive(Deserialize)]
struct RawMutant {
    name: String,
    file: String,
    function: Option<RawFunction>,
    span: RawSpan,
}

#[derive(Deserialize)]
struct RawFunction {
    function_name: String,
}

#[derive(Deserialize)]
struct RawSpan {
    start: RawPoint,
}

#[derive(Deserialize)]
struct RawPoint {
    line: usize,
}

/// The mutants of cargo-mutants' `outcomes.json` (v27), baseline left out; `Err` names
/// an outcome it cannot read.
pub fn parse_outcomes(json: &str) -> Result<Vec<Mutant>> {
    let file: Outcomes = serde_json::from_str(json).context("cannot read outcomes.json")?;
    let mut mutants = Vec::new();
    for outcome in file.outcomes {
        let Some(raw) = outcome.scenario.get("Mutant") else {
            continue; // the baseline
        };
        let raw: RawMutant = serde_json::from_value(raw.clone())
            .context("outcomes.json: a mutant without name, file or span")?;
        let verdict = match outcome.summary.as_str() {
            "CaughtMutant" => Verdict::Caught,
            "MissedMutant" => Verdict::Missed,
            "Timeout" => Verdict::Timeout,
            "Unviable" => Verdict::Unviable,
            other => bail!("outcomes.json: {}: unknown outcome {other:?}", raw.name),
        };
        let function = raw.function.map(|f| f.function_name).unwrap_or_default();
        mutants.push(Mutant {
            mutation: mutation_text(&raw.name, &raw.file, &function),
            file: raw.file,
            line: raw.span.start.line,
            function,
            verdict,
        });
    }
    Ok(mutants)
}

/// `file:12:5: replace - with + in softmax` → `replace - with +`.
fn mutation_text(name: &str, file: &str, function: &str) -> String {
    let rest = name.strip_prefix(file).unwrap_or(name);
    // `:line:col: ` follows the file.
    let rest = rest.splitn(4, ':').nth(3).unwrap_or(rest).trim_start();
    let suffix = format!(" in {function}");
    rest.strip_suffix(suffix.as_str())
        .unwrap_or(rest)
        .to_string()
}

/// True when `eq` (of the module at `module_path`) names `mutant`, whose line reads
/// `line_text`.
pub fn matches(eq: &Equivalent, module_path: &str, mutant: &Mutant, line_text: &str) -> bool {
    let file = format!("{}/{}", module_path.trim_end_matches('/'), eq.file);
    mutant.file == file
        && mutant.function == eq.function
        && mutant.mutation == eq.mutation
        && eq
            .at
            .as_ref()
            .is_none_or(|at| line_text.contains(at.as_str()))
}

/// The mutation score of one module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Module number.
    pub module: String,
    /// Every mutant tried.
    pub mutants: Vec<Mutant>,
    /// Missed mutants listed in `mutants.toml` (file, line, mutation, why).
    pub equivalent: Vec<(Mutant, String)>,
    /// `mutants.toml` entries that matched no missed mutant: caught now, or gone.
    pub stale: Vec<Equivalent>,
    /// Wall-clock time of the cargo-mutants run.
    pub seconds: f64,
    /// Where cargo-mutants wrote its logs.
    pub report_dir: PathBuf,
}

impl Score {
    /// How many mutants got `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.mutants.iter().filter(|m| m.verdict == verdict).count()
    }

    /// Missed mutants not listed as equivalent: the gaps in the tests.
    pub fn survivors(&self) -> Vec<&Mutant> {
        self.mutants
            .iter()
            .filter(|m| m.verdict == Verdict::Missed)
            .filter(|m| !self.equivalent.iter().any(|(e, _)| e == *m))
            .collect()
    }

    /// (caught + timeout) / (tried - unviable - equivalent); `None` when nothing counts.
    pub fn ratio(&self) -> Option<f64> {
        let detected = self.count(Verdict::Caught) + self.count(Verdict::Timeout);
        let counted = detected + self.survivors().len();
        (counted > 0).then(|| detected as f64 / counted as f64)
    }
}

/// Splits the missed mutants into listed equivalents and the rest. `line_of` returns the
/// text of a file's line (for [`Equivalent::at`]).
pub fn classify(
    module_path: &str,
    mutants: Vec<Mutant>,
    equivalents: &[Equivalent],
    line_of: &dyn Fn(&str, usize) -> String,
) -> (Vec<Mutant>, Vec<(Mutant, String)>, Vec<Equivalent>) {
    let mut listed = Vec::new();
    let mut used = vec![false; equivalents.len()];
    for m in mutants.iter().filter(|m| m.verdict == Verdict::Missed) {
        let text = line_of(&m.file, m.line);
        if let Some(i) = equivalents
            .iter()
            .position(|e| matches(e, module_path, m, &text))
        {
            used[i] = true;
            listed.push((m.clone(), equivalents[i].why.clone()));
        }
    }
    let stale = equivalents
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(e, _)| e.clone())
        .collect();
    (mutants, listed, stale)
}

/// Options of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// cargo-mutants `--jobs` (1: one shared, kept target directory).
    pub jobs: usize,
    /// cargo-mutants `--timeout` in seconds (none: it derives one from the baseline).
    pub timeout: Option<u64>,
    /// The hidden-test directory, when there is one.
    pub hidden: Option<PathBuf>,
}

/// `<target>/mutants`: the copy, the shared target directory and one report per module.
pub fn base_dir(workspace: &Path) -> PathBuf {
    fsutil::target_base(workspace).join("mutants")
}

/// The marker naming the module whose build in the shared target directory may be a
/// mutant: cargo-mutants restores the source after its last mutant without rebuilding,
/// and the next copy gets the source's old modification time back, so cargo would trust
/// the mutant's build. Removed once the reference is rebuilt after the run.
const MUTATING: &str = "mutating.txt";

/// Fails with the install command when cargo-mutants is missing; its version otherwise.
pub fn tool_version() -> Result<String> {
    let out = Command::new(cargo::cargo_program())
        .args(["mutants", "--version"])
        .stdin(Stdio::null())
        .output();
    match out {
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).trim().to_string()),
        _ => bail!(
            "cargo-mutants is not installed (or not on PATH): run `cargo install cargo-mutants --locked` (version 27)"
        ),
    }
}

/// Runs cargo-mutants over module `module`'s solution regions and scores it. Its own
/// progress goes to stderr.
pub fn run(workspace: &Path, course: &Course, module: &Module, opts: &Options) -> Result<Score> {
    if !module.has_reference(workspace) {
        bail!("module {}: no src/reference/ to mutate", module.number);
    }
    let base = base_dir(workspace);
    // One run at a time: they share the copy and the target directory.
    let _lock = lock::acquire(&base.join("lock"), "`cargo grade dev mutants`")?;
    let copy = base.join("ws");
    prepare_copy(workspace, course, &copy, module, opts)?;
    let report_dir = base.join(&module.number);
    let diff = report_dir.join("regions.diff");
    fsutil::write(&diff, &region_diff(&reference_files(&copy, module)?))?;
    let start = Instant::now();
    let status = mutants_command(&copy, &base, module, &diff, &report_dir, opts)
        .status()
        .context("cannot run cargo mutants")?;
    let seconds = start.elapsed().as_secs_f64();
    if opts.jobs <= 1 {
        rebuild_reference(&copy, &base, module)?;
    }
    let mutants = read_outcomes(status, &report_dir, module)?;
    let equivalents = load_equivalents(&module.dir(workspace))?;
    let line_of = |file: &str, line: usize| line_text(&copy, file, line);
    let (mutants, equivalent, stale) = classify(&module.path, mutants, &equivalents, &line_of);
    let score = Score {
        module: module.number.clone(),
        mutants,
        equivalent,
        stale,
        seconds,
        report_dir: report_dir.join("mutants.out"),
    };
    let json = serde_json::to_string_pretty(&score).context("cannot write score.json")?;
    fsutil::write(&report_dir.join("score.json"), &json)?;
    Ok(score)
}

/// The mutants of a finished run; `Err` when cargo-mutants tried none because it failed.
fn read_outcomes(status: ExitStatus, report_dir: &Path, module: &Module) -> Result<Vec<Mutant>> {
    let outcomes = report_dir.join("mutants.out").join("outcomes.json");
    // Exit 2 (missed) and 3 (timeouts) are results; 4 is a failing baseline.
    if status.code() == Some(4) {
        bail!(
            "module {}: the unmutated reference fails its graded tests under cargo mutants, so no mutant was tried (log: {})",
            module.number,
            report_dir.join("mutants.out/log/baseline.log").display()
        );
    }
    // Success without outcomes: no mutant touches a region (nothing to try).
    if !outcomes.is_file() && !status.success() {
        bail!(
            "module {}: cargo mutants failed ({status}) before testing a mutant (its output is above)",
            module.number
        );
    }
    Ok(if outcomes.is_file() {
        parse_outcomes(&fsutil::read(&outcomes)?)?
    } else {
        Vec::new()
    })
}

/// The workspace copy with module NN's reference selected by a plain `#[path]`, and its
/// hidden tests in `tests/`; the sources of a module a previous run left mutated in the
/// shared target directory get a new modification time, so cargo rebuilds them.
fn prepare_copy(
    workspace: &Path,
    course: &Course,
    copy: &Path,
    module: &Module,
    opts: &Options,
) -> Result<()> {
    fsutil::copy_workspace(workspace, copy)?;
    let lib = module.dir(copy).join("src/lib.rs");
    let text = with_plain_reference_path(&fsutil::read(&lib)?, &module.number)?;
    fsutil::write(&lib, &text)?;
    if let Some(root) = &opts.hidden {
        let files = hidden::files_for(root, module)?;
        hidden::inject(copy, module, &files)?;
    }
    let marker = base_dir(workspace).join(MUTATING);
    if let Ok(number) = std::fs::read_to_string(&marker)
        && let Ok(stale) = course.find_module(number.trim())
    {
        touch_reference(copy, stale)?;
    }
    fsutil::write(&marker, &module.number)
}

/// Gives every reference file of `module` in `copy` the current modification time.
fn touch_reference(copy: &Path, module: &Module) -> Result<()> {
    let dir = module.dir(copy).join("src/reference");
    for rel in fsutil::rust_files(&dir)? {
        let path = dir.join(rel);
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .context(format!("cannot open {}", path.display()))?;
        file.set_modified(std::time::SystemTime::now())
            .context(format!("cannot touch {}", path.display()))?;
    }
    Ok(())
}

/// Builds the restored reference of `module` into the shared target directory (the last
/// mutant's build is there) and removes the marker.
fn rebuild_reference(copy: &Path, base: &Path, module: &Module) -> Result<()> {
    touch_reference(copy, module)?;
    let mut cmd = Command::new(cargo::cargo_program());
    cmd.current_dir(copy).stdin(Stdio::null());
    mutant_build_env(&mut cmd);
    cmd.args([
        "test",
        "--no-run",
        "--quiet",
        "--test=*",
        "-p",
        &module.crate_name,
    ])
    .env("CARGO_TARGET_DIR", base.join("target"))
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    if cmd.status().is_ok_and(|s| s.success()) {
        let _ = std::fs::remove_file(base.join(MUTATING));
    }
    Ok(())
}

/// The environment of every cargo run on the copy: no edition variable (every module
/// compiles its reference) and line tables instead of full debug info, which compiles and
/// links faster (18% for a cold build of the workspace's tests; a mutant needs no debugger).
fn mutant_build_env(cmd: &mut Command) {
    cargo::grading_env(cmd, &reference_plan());
    cmd.env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only");
}

/// No edition variable at all: every module compiles its reference.
fn reference_plan() -> EditionPlan {
    EditionPlan {
        env: Default::default(),
        expected: Default::default(),
        student_edition: false,
    }
}

/// Every `.rs` file under the copy's `src/reference/`, as (workspace path, text).
fn reference_files(copy: &Path, module: &Module) -> Result<Vec<(String, String)>> {
    let dir = module.dir(copy).join("src/reference");
    let mut files = Vec::new();
    for rel in fsutil::rust_files(&dir)? {
        let path = dir.join(&rel);
        files.push((fsutil::relative_slash(copy, &path), fsutil::read(&path)?));
    }
    Ok(files)
}

fn line_text(copy: &Path, file: &str, line: usize) -> String {
    std::fs::read_to_string(copy.join(file))
        .ok()
        .and_then(|t| t.lines().nth(line.saturating_sub(1)).map(str::to_string))
        .unwrap_or_default()
}

/// `cargo mutants` on the package of `module`, graded tests only, in place in the copy.
fn mutants_command(
    copy: &Path,
    base: &Path,
    module: &Module,
    diff: &Path,
    report_dir: &Path,
    opts: &Options,
) -> Command {
    let mut cmd = Command::new(cargo::cargo_program());
    cmd.current_dir(copy).stdin(Stdio::null());
    mutant_build_env(&mut cmd);
    cmd.args(["mutants", "--no-config", "--colors=never"]);
    cmd.arg(format!("--package={}", module.crate_name));
    cmd.arg(format!("--in-diff={}", diff.display()));
    cmd.arg(format!("--output={}", report_dir.display()));
    // One job mutates the copy itself; more jobs each need a copy of their own.
    if opts.jobs <= 1 {
        cmd.arg("--in-place");
    } else {
        cmd.arg(format!("--jobs={}", opts.jobs));
    }
    if let Some(t) = opts.timeout {
        cmd.arg(format!("--timeout={t}"));
    }
    // Integration tests only (no second build of the library for unit tests).
    cmd.arg("--cargo-arg=--test=*");
    cmd.args(["--", "--", &format!("t{}_", module.number)]);
    if opts.jobs <= 1 {
        cmd.env("CARGO_TARGET_DIR", base.join("target"));
    } else {
        cmd.env_remove("CARGO_TARGET_DIR");
    }
    cmd.stdout(Stdio::from(std::io::stderr()));
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reference file with two regions (the markers are built from their constants, so
    /// that the grader's own source holds no marker a release would refuse).
    fn reference() -> String {
        format!(
            "\
pub fn relu(x: &Tensor) -> Tensor {{
    {BEGIN} 02.1
    let data = x.data().mapv(|v| v.max(0.0));
    Tensor::new(data)
    {END}
}}

pub fn tail(x: f32) -> f32 {{
    let y = x + 1.0;
    {BEGIN} 02.2
    y * 2.0
    {END}
}}
"
        )
    }

    #[test]
    fn solution_lines_are_the_lines_between_the_markers() {
        assert_eq!(solution_lines(&reference()), vec![(3, 4), (11, 11)]);
        assert_eq!(solution_lines("fn a() {}\n"), vec![]);
        // An empty region has no line to mutate.
        let empty = format!("fn a() {{\n    {BEGIN} 01.1\n    {END}\n}}\n");
        assert_eq!(solution_lines(&empty), vec![]);
    }

    #[test]
    fn the_region_diff_adds_exactly_the_solution_lines() {
        let diff = region_diff(&[
            ("m/src/reference/a.rs".into(), reference()),
            ("m/src/reference/none.rs".into(), "fn x() {}\n".into()),
        ]);
        // The second hunk's old side lacks the two lines the first one added.
        let expected = "\
--- a/m/src/reference/a.rs
+++ b/m/src/reference/a.rs
@@ -2,0 +3,2 @@
+    let data = x.data().mapv(|v| v.max(0.0));
+    Tensor::new(data)
@@ -8,0 +11,1 @@
+    y * 2.0
";
        assert_eq!(diff, expected);
    }

    #[test]
    fn the_reference_switch_becomes_a_plain_path_of_the_same_length_in_lines() {
        let lib = format!(
            "mod a;\n{REFERENCE_SWITCH}\n#[cfg_attr(course_student, path = \"student/mod.rs\")]\nmod imp;\n"
        );
        let patched = with_plain_reference_path(&lib, "02").unwrap();
        assert!(patched.contains(&format!("\n{REFERENCE_PATH}\n")));
        assert!(!patched.contains(REFERENCE_SWITCH));
        assert_eq!(patched.lines().count(), lib.lines().count());
        let err = with_plain_reference_path("mod imp;\n", "02").unwrap_err();
        assert!(err.message().contains("module 02"), "{}", err.message());
    }

    const OUTCOMES: &str = r#"{"outcomes": [
      {"scenario": "Baseline", "summary": "Success"},
      {"scenario": {"Mutant": {"name": "m/src/reference/s.rs:39:34: replace - with + in softmax",
        "package": "p", "file": "m/src/reference/s.rs",
        "function": {"function_name": "softmax", "return_type": "-> Tensor"},
        "span": {"start": {"line": 39, "column": 34}, "end": {"line": 39, "column": 35}},
        "replacement": "+", "genre": "BinaryOperator"}}, "summary": "MissedMutant"},
      {"scenario": {"Mutant": {"name": "m/src/reference/s.rs:13:5: replace lane_shift -> f32 with 0.0",
        "package": "p", "file": "m/src/reference/s.rs",
        "function": {"function_name": "lane_shift", "return_type": "-> f32"},
        "span": {"start": {"line": 13, "column": 5}, "end": {"line": 14, "column": 9}},
        "replacement": "0.0", "genre": "FnValue"}}, "summary": "CaughtMutant"},
      {"scenario": {"Mutant": {"name": "m/src/reference/s.rs:20:5: replace f -> Tensor with Default::default()",
        "package": "p", "file": "m/src/reference/s.rs", "function": null,
        "span": {"start": {"line": 20, "column": 5}, "end": {"line": 20, "column": 9}},
        "replacement": "x", "genre": "FnValue"}}, "summary": "Unviable"},
      {"scenario": {"Mutant": {"name": "m/src/reference/s.rs:30:1: replace < with <= in softmax",
        "package": "p", "file": "m/src/reference/s.rs",
        "function": {"function_name": "softmax", "return_type": "-> Tensor"},
        "span": {"start": {"line": 30, "column": 1}, "end": {"line": 30, "column": 2}},
        "replacement": "<=", "genre": "BinaryOperator"}}, "summary": "Timeout"}
    ], "total_mutants": 4}"#;

    #[test]
    fn outcomes_give_place_function_mutation_and_verdict() {
        let mutants = parse_outcomes(OUTCOMES).unwrap();
        let seen: Vec<(usize, &str, &str, Verdict)> = mutants
            .iter()
            .map(|m| (m.line, m.function.as_str(), m.mutation.as_str(), m.verdict))
            .collect();
        assert_eq!(
            seen,
            vec![
                (39, "softmax", "replace - with +", Verdict::Missed),
                (
                    13,
                    "lane_shift",
                    "replace lane_shift -> f32 with 0.0",
                    Verdict::Caught
                ),
                (
                    20,
                    "",
                    "replace f -> Tensor with Default::default()",
                    Verdict::Unviable
                ),
                (30, "softmax", "replace < with <=", Verdict::Timeout),
            ]
        );
        let bad = OUTCOMES.replace("\"Timeout\"", "\"Exploded\"");
        let err = parse_outcomes(&bad).unwrap_err();
        assert!(err.message().contains("Exploded"), "{}", err.message());
    }

    fn equivalent(mutation: &str, at: Option<&str>) -> Equivalent {
        Equivalent {
            file: "src/reference/s.rs".into(),
            function: "softmax".into(),
            mutation: mutation.into(),
            at: at.map(String::from),
            why: "same".into(),
        }
    }

    fn score(equivalents: &[Equivalent], line: &str) -> Score {
        let mutants = parse_outcomes(OUTCOMES).unwrap();
        let line_of = |_: &str, _: usize| line.to_string();
        let (mutants, equivalent, stale) = classify("m", mutants, equivalents, &line_of);
        Score {
            module: "02".into(),
            mutants,
            equivalent,
            stale,
            seconds: 1.0,
            report_dir: PathBuf::new(),
        }
    }

    #[test]
    fn a_listed_equivalent_is_subtracted_and_an_unmatched_one_is_stale() {
        // Nothing listed: 1 caught + 1 timeout of 3 counted (the unviable one does not count).
        let plain = score(&[], "let e = v - max;");
        assert_eq!(plain.survivors().len(), 1);
        assert_eq!(plain.ratio(), Some(2.0 / 3.0));

        let listed = [equivalent("replace - with +", Some("v - max"))];
        let s = score(&listed, "let e = v - max;");
        assert!(s.survivors().is_empty());
        assert_eq!(s.equivalent.len(), 1);
        assert_eq!(s.ratio(), Some(1.0));
        assert!(s.stale.is_empty());

        // `at` picks the occurrence: another line with the same mutation is not covered.
        let s = score(&listed, "let e = v - shift;");
        assert_eq!(s.survivors().len(), 1);
        assert_eq!(s.stale, listed.to_vec());

        // A caught mutant cannot be listed as equivalent: the entry is stale.
        let caught = [equivalent("replace < with <=", None)];
        let s = score(&caught, "x");
        assert_eq!(s.stale.len(), 1);
        assert_eq!(s.survivors().len(), 1);
    }

    #[test]
    fn equivalents_parse_and_reject_unknown_fields() {
        let text = r#"
[[equivalent]]
file = "src/reference/s.rs"
function = "softmax"
mutation = "replace - with +"
why = "same"
"#;
        assert_eq!(
            parse_equivalents(text).unwrap(),
            vec![equivalent("replace - with +", None)]
        );
        assert!(parse_equivalents(&format!("{text}line = 3\n")).is_err());
        assert_eq!(parse_equivalents("").unwrap(), vec![]);
    }
}

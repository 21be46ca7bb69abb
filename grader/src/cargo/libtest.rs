//! Reading `cargo test` output: build messages, test results, captured output, crashes.
//!
//! The input is cargo's standard output and error in one stream, run with
//! `--message-format json-render-diagnostics` (JSON build messages on stdout, rendered
//! compiler errors on stderr) and `-- --show-output` (every test's captured output).

use crate::course::edition::PROBE_PREFIX;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How many lines of compiler errors a build-failure report shows.
pub const MAX_ERROR_LINES: usize = 15;

/// The outcome of one test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `test x ... ok`.
    Passed,
    /// `test x ... FAILED`.
    Failed,
    /// `test x ... ignored`.
    Ignored,
}

/// One test of one test binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestCase {
    /// The full name, e.g. `linear::t03_2_forward`.
    pub name: String,
    /// Passed, failed or ignored.
    pub outcome: Outcome,
    /// Captured output (for a failure: the panic message).
    pub output: String,
    /// Why the test failed when its process did not report it normally, in words:
    /// `aborted (SIGABRT)`, `stack overflow`, `did not finish within 20 s`, ...
    pub reason: Option<String>,
}

impl TestCase {
    /// The last `::` segment of the name, e.g. `t03_2_forward`.
    pub fn short_name(&self) -> &str {
        self.name.rsplit("::").next().unwrap_or(&self.name)
    }

    /// A failure that is an untouched stub: its panic says "not yet implemented".
    pub fn is_todo(&self) -> bool {
        self.outcome == Outcome::Failed && self.output.contains("not yet implemented")
    }

    /// The task named by a stub's panic (`not yet implemented: [01.1 ...`), if any.
    pub fn todo_task(&self) -> Option<&str> {
        let start = self.output.find("not yet implemented: [")? + "not yet implemented: [".len();
        let rest = &self.output[start..];
        let end = rest.find([' ', ']'])?;
        Some(&rest[..end])
    }

    /// The first lines of the panic message (at most `max`).
    pub fn panic_summary(&self, max: usize) -> Vec<String> {
        panic_summary(&self.output, max)
    }

    /// Where it panicked (`FILE:LINE:COLUMN`), when the output says.
    pub fn panic_location(&self) -> Option<String> {
        panic_location(&self.output)
    }
}

/// One test binary that cargo ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestBinary {
    /// What cargo said it runs, e.g. `tests/graded.rs` or `unittests src/lib.rs`.
    pub source: String,
    /// The executable's file name, e.g. `graded-1a2b3c`.
    pub executable: String,
    /// The directory of the package it belongs to, from cargo's build messages.
    pub package_dir: Option<PathBuf>,
    /// Its tests in output order.
    pub tests: Vec<TestCase>,
    /// True once its `test result:` line was seen (false: it crashed).
    pub finished: bool,
    /// Why it stopped without a `test result:` line, when cargo said.
    pub crash: Option<String>,
    /// `course-edition: ...` lines it printed.
    pub probe_lines: Vec<String>,
}

/// Everything read from one `cargo test` run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestRun {
    /// The test binaries, in the order cargo ran them.
    pub binaries: Vec<TestBinary>,
    /// From cargo's `build-finished` message, when present.
    pub build_succeeded: Option<bool>,
    /// The first lines of compiler errors (at most [`MAX_ERROR_LINES`]).
    pub compile_errors: Vec<String>,
}

impl TestRun {
    /// Every test of every binary.
    pub fn tests(&self) -> impl Iterator<Item = &TestCase> {
        self.binaries.iter().flat_map(|b| b.tests.iter())
    }

    /// Every probe line of every binary.
    pub fn probe_lines(&self) -> Vec<String> {
        self.binaries
            .iter()
            .flat_map(|b| b.probe_lines.iter().cloned())
            .collect()
    }

    /// True when the code did not compile: cargo said so, or it failed before any test ran.
    pub fn build_failed(&self, cargo_succeeded: bool) -> bool {
        self.build_succeeded == Some(false) || (!cargo_succeeded && self.binaries.is_empty())
    }

    /// The binaries built from the package in `dir`.
    pub fn binaries_of<'a>(&'a self, dir: &'a Path) -> impl Iterator<Item = &'a TestBinary> {
        let wanted = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        self.binaries.iter().filter(move |b| {
            b.package_dir
                .as_ref()
                .is_some_and(|p| p.canonicalize().unwrap_or_else(|_| p.clone()) == wanted)
        })
    }
}

/// Parses the combined output of `cargo test`.
pub fn parse(text: &str) -> TestRun {
    Parser::default().run(text)
}

/// Parses the output of one test binary run directly (no cargo `Running` line): its test
/// results, their captured output and its probe lines.
pub fn parse_binary_output(text: &str) -> TestBinary {
    let mut parser = Parser::default();
    parser.run.binaries.push(TestBinary::default());
    let mut run = parser.run(text);
    run.binaries.swap_remove(0)
}

#[derive(Default)]
struct Parser {
    run: TestRun,
    executables: BTreeMap<String, PathBuf>,
    capturing: Option<String>,
    outputs: BTreeMap<String, String>,
    in_error_block: bool,
}

impl Parser {
    fn run(mut self, text: &str) -> TestRun {
        for raw in text.lines() {
            if raw.starts_with("{\"reason\":") {
                self.json(raw);
            } else {
                self.line(raw);
            }
        }
        self.finish_binary();
        for binary in &mut self.run.binaries {
            binary.package_dir = self.executables.get(&binary.executable).cloned();
        }
        self.run
    }

    fn json(&mut self, raw: &str) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(raw) else {
            return;
        };
        match value["reason"].as_str() {
            Some("compiler-artifact") => {
                if let (Some(exe), Some(manifest)) = (
                    value["executable"].as_str(),
                    value["manifest_path"].as_str(),
                ) {
                    let dir = Path::new(manifest)
                        .parent()
                        .map(Path::to_path_buf)
                        .unwrap_or_default();
                    self.executables.insert(file_name(exe), dir);
                }
            }
            Some("build-finished") => self.run.build_succeeded = value["success"].as_bool(),
            _ => {}
        }
    }

    fn line(&mut self, raw: &str) {
        let t = raw.trim();
        if t.starts_with(PROBE_PREFIX)
            && let Some(binary) = self.run.binaries.last_mut()
        {
            binary.probe_lines.push(t.to_string());
        }
        if let Some(name) = section_header(t) {
            self.capturing = Some(name.to_string());
            return;
        }
        if t == "failures:" || t == "successes:" {
            self.capturing = None;
            return;
        }
        if t.starts_with("test result:") {
            self.capturing = None;
            self.finish_binary();
            if let Some(binary) = self.run.binaries.last_mut() {
                binary.finished = true;
            }
            return;
        }
        if let Some(name) = &self.capturing {
            let out = self.outputs.entry(name.clone()).or_default();
            out.push_str(raw);
            out.push('\n');
            return;
        }
        self.normal_line(t, raw);
    }

    fn normal_line(&mut self, t: &str, raw: &str) {
        if let Some((source, exe)) = running_line(t) {
            self.finish_binary();
            self.run.binaries.push(TestBinary {
                source,
                executable: exe,
                ..TestBinary::default()
            });
        } else if let Some((name, outcome)) = result_line(t) {
            if let Some(binary) = self.run.binaries.last_mut() {
                binary.tests.push(TestCase {
                    name,
                    outcome,
                    output: String::new(),
                    reason: None,
                });
            }
        } else if t.starts_with("process didn't exit successfully") {
            if let Some(binary) = self.run.binaries.last_mut().filter(|b| !b.finished) {
                binary.crash = Some(t.to_string());
            }
        } else if self.run.binaries.is_empty() {
            self.compile_error_line(t, raw);
        }
    }

    fn compile_error_line(&mut self, t: &str, raw: &str) {
        if t.starts_with("error[") || t.starts_with("error:") {
            self.in_error_block = true;
        } else if t.is_empty() || t.starts_with("warning") {
            self.in_error_block = false;
        }
        if self.in_error_block && self.run.compile_errors.len() < MAX_ERROR_LINES {
            self.run.compile_errors.push(raw.trim_end().to_string());
        }
    }

    /// Moves captured outputs into the current binary's tests.
    fn finish_binary(&mut self) {
        let outputs = std::mem::take(&mut self.outputs);
        if let Some(binary) = self.run.binaries.last_mut() {
            for test in &mut binary.tests {
                if let Some(out) = outputs.get(&test.name) {
                    test.output.push_str(out);
                }
            }
        }
    }
}

/// `---- name stdout ----` → `name`.
fn section_header(t: &str) -> Option<&str> {
    t.strip_prefix("---- ")?.strip_suffix(" stdout ----")
}

/// `Running tests/graded.rs (target/debug/deps/graded-abc)` → (`tests/graded.rs`, `graded-abc`).
fn running_line(t: &str) -> Option<(String, String)> {
    let rest = t.strip_prefix("Running ")?;
    let (source, exe) = rest.rsplit_once(" (")?;
    let exe = exe.strip_suffix(')')?;
    Some((source.to_string(), file_name(exe)))
}

/// `test a::b ... ok` → (`a::b`, Passed).
fn result_line(t: &str) -> Option<(String, Outcome)> {
    let (name, result) = t.strip_prefix("test ")?.rsplit_once(" ... ")?;
    let outcome = match result {
        "ok" => Outcome::Passed,
        "FAILED" => Outcome::Failed,
        r if r.starts_with("ignored") => Outcome::Ignored,
        _ => return None,
    };
    let name = name.strip_suffix(" - should panic").unwrap_or(name);
    Some((name.to_string(), outcome))
}

fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// The place of the first panic in a test's output: libtest prints
/// `thread 'name' panicked at FILE:LINE:COLUMN:` and the message on the next lines.
pub fn panic_location(output: &str) -> Option<String> {
    let line = output.lines().find(|l| l.contains("panicked at"))?;
    let (_, place) = line.split_once("panicked at ")?;
    let place = place.trim_end().trim_end_matches(':');
    // Older toolchains put the message first: `panicked at 'msg', FILE:LINE:COL`.
    let place = place.rsplit(", ").next().unwrap_or(place);
    (!place.is_empty()).then(|| place.to_string())
}

/// The first `max` lines of the panic message in a failed test's output.
pub fn panic_summary(output: &str, max: usize) -> Vec<String> {
    let lines: Vec<&str> = output.lines().collect();
    let start = lines.iter().position(|l| l.contains("panicked at"));
    let picked: Vec<&str> = match start {
        Some(i) => lines[i + 1..]
            .iter()
            .take_while(|l| !l.starts_with("note: run with") && !l.starts_with("stack backtrace:"))
            .copied()
            .collect(),
        None => lines,
    };
    let non_empty: Vec<String> = picked
        .iter()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.trim().is_empty())
        .collect();
    match start {
        Some(_) => non_empty.into_iter().take(max).collect(),
        None => non_empty[non_empty.len().saturating_sub(max)..].to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = r#"{"reason":"compiler-artifact","package_id":"path+file:///ws/modules/01_tensor#0.1.0","manifest_path":"/ws/modules/01_tensor/Cargo.toml","target":{"name":"graded"},"executable":"/ws/target/debug/deps/graded-aaa","fresh":false}
{"reason":"compiler-artifact","manifest_path":"/ws/modules/03_layers/Cargo.toml","executable":"/ws/target/debug/deps/graded-bbb"}
{"reason":"compiler-artifact","manifest_path":"/ws/modules/03_layers/Cargo.toml","executable":null}
{"reason":"build-finished","success":true}
    Finished `test` profile [optimized + debuginfo] target(s) in 0.10s
     Running unittests src/lib.rs (target/debug/deps/tinytorch_tensor-ccc)

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/graded.rs (target/debug/deps/graded-aaa)

running 4 tests
test edition_probe ... ok
test creation::t01_1_from_vec ... FAILED
test t01_2_add ... FAILED
test t01_3_slow ... ignored, too slow

successes:

---- edition_probe stdout ----
course-edition: 01=student

successes:
    edition_probe

failures:

---- creation::t01_1_from_vec stdout ----

thread 'creation::t01_1_from_vec' panicked at modules/01_tensor/src/student/creation.rs:20:9:
not yet implemented: [01.1 Creating tensors] from_vec: not yet implemented. Read the module README, then run `cargo grade hint 01.1`.
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
---- t01_2_add stdout ----
some printed line
thread 't01_2_add' panicked at modules/01_tensor/tests/graded.rs:9:5:
assertion `left == right` failed: add
  left: [1.0]
 right: [2.0]
 extra line
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    creation::t01_1_from_vec
    t01_2_add

test result: FAILED. 1 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s

error: test failed, to rerun pass `-p tinytorch-tensor --test graded`
     Running tests/graded.rs (target/debug/deps/graded-bbb)

running 2 tests
test t03_1_init ... ok
error: test failed, to rerun pass `-p tinytorch-layers --test graded`

Caused by:
  process didn't exit successfully: `/ws/target/debug/deps/graded-bbb` (signal: 6, SIGABRT: process abort signal)
error: 2 targets failed:
"#;

    #[test]
    fn parses_results_outputs_and_packages() {
        let run = parse(OUTPUT);
        assert_eq!(run.build_succeeded, Some(true));
        assert!(!run.build_failed(false));
        assert_eq!(run.binaries.len(), 3);
        let graded = &run.binaries[1];
        assert_eq!(graded.source, "tests/graded.rs");
        assert_eq!(
            graded.package_dir.as_deref(),
            Some(Path::new("/ws/modules/01_tensor"))
        );
        assert!(graded.finished);
        let outcomes: Vec<(&str, Outcome)> = graded
            .tests
            .iter()
            .map(|t| (t.short_name(), t.outcome))
            .collect();
        assert_eq!(
            outcomes,
            vec![
                ("edition_probe", Outcome::Passed),
                ("t01_1_from_vec", Outcome::Failed),
                ("t01_2_add", Outcome::Failed),
                ("t01_3_slow", Outcome::Ignored)
            ]
        );
        assert_eq!(run.probe_lines(), vec!["course-edition: 01=student"]);
        let todo = &graded.tests[1];
        assert!(todo.is_todo());
        assert_eq!(todo.todo_task(), Some("01.1"));
        let failed = &graded.tests[2];
        assert!(!failed.is_todo());
        assert_eq!(
            failed.panic_summary(3),
            vec![
                "assertion `left == right` failed: add",
                "  left: [1.0]",
                " right: [2.0]"
            ]
        );
        let crashed = &run.binaries[2];
        assert!(!crashed.finished);
        assert!(crashed.crash.as_deref().unwrap().contains("SIGABRT"));
        assert_eq!(
            crashed.package_dir.as_deref(),
            Some(Path::new("/ws/modules/03_layers"))
        );
        assert!(run.compile_errors.is_empty());
    }

    #[test]
    fn reports_build_failures_with_the_first_error_lines() {
        let text = "   Compiling tinytorch-tensor v0.1.0 (/ws/modules/01_tensor)\nwarning: unused variable: `x`\n --> src/a.rs:1:1\n\nerror[E0308]: mismatched types\n --> src/student/a.rs:3:5\n  |\n3 |     1u8\n  |     ^^^ expected `f32`\n\nerror: could not compile `tinytorch-tensor` (lib) due to 1 previous error\n{\"reason\":\"build-finished\",\"success\":false}\n";
        let run = parse(text);
        assert!(run.build_failed(false));
        assert_eq!(run.compile_errors[0], "error[E0308]: mismatched types");
        assert!(
            run.compile_errors
                .iter()
                .any(|l| l == " --> src/student/a.rs:3:5")
        );
        assert!(
            run.compile_errors
                .last()
                .unwrap()
                .starts_with("error: could not compile")
        );
        assert!(
            !run.compile_errors
                .iter()
                .any(|l| l.contains("unused variable"))
        );
    }

    #[test]
    fn panic_location_is_the_file_line_and_column() {
        let out = "thread 't01_1' panicked at modules/01_tensor/tests/graded.rs:42:5:\nassertion failed\n";
        assert_eq!(
            panic_location(out).as_deref(),
            Some("modules/01_tensor/tests/graded.rs:42:5")
        );
        assert_eq!(panic_location("no panic here\n"), None);
    }

    #[test]
    fn panic_summary_without_panic_line_takes_the_tail() {
        assert_eq!(panic_summary("a\nb\n\nc\nd\n", 2), vec!["c", "d"]);
    }

    #[test]
    fn should_panic_suffix_is_dropped() {
        assert_eq!(
            result_line("test t01_1_x - should panic ... ok"),
            Some(("t01_1_x".to_string(), Outcome::Passed))
        );
        assert_eq!(result_line("test x ... bench: 1 ns/iter"), None);
    }
}

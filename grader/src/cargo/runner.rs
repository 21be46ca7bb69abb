//! Running built test binaries one test per process, a few at a time, each under a time
//! limit, so that every test gets its own verdict.
//!
//! Why not one `cargo test` run: libtest runs a binary's tests as threads of ONE process,
//! and Rust ends the whole process on an abort, a stack overflow or a failed allocation;
//! the tests that had not reported yet were lost, which ones depended on thread timing,
//! and an infinite loop held the run until the whole-run limit. One process per test (what
//! cargo-nextest does) makes a crash or a hang cost exactly the test that hit it, the same
//! on every run. Starting a test binary takes milliseconds, far below a graded test's time.
//!
//! The edition probe runs first, on its own, so its proof never depends on another test.

use super::build::TestExecutable;
use super::libtest::{self, Outcome, TestBinary, TestCase};
use crate::course::edition::EditionPlan;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The name of the test that prints the edition proof.
pub const PROBE_TEST: &str = "edition_probe";

/// How the tests are run.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long one test may run before it is stopped and failed.
    pub per_test: Duration,
    /// How many tests run at once.
    pub jobs: usize,
    /// When to stop starting tests at all (the whole-run safety net).
    pub deadline: Option<Instant>,
}

/// How a test process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It exited with this code.
    Code(i32),
    /// A signal ended it.
    Signal(i32),
    /// The grader stopped it at the time limit.
    TimedOut(Duration),
}

/// Runs every test of every executable that `keep` accepts (by its short name; the edition
/// probe always runs), one process each, and returns one [`TestBinary`] per executable with
/// a verdict for each test it ran.
pub fn run_all(
    exes: &[TestExecutable],
    plan: &EditionPlan,
    limits: &Limits,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<TestBinary> {
    let mut binaries: Vec<TestBinary> = Vec::new();
    let mut jobs: Vec<(usize, String)> = Vec::new();
    for (i, exe) in exes.iter().enumerate() {
        let mut binary = TestBinary {
            source: exe.source.clone(),
            executable: file_name(&exe.path),
            package_dir: Some(exe.package_dir.clone()),
            finished: true,
            ..TestBinary::default()
        };
        match list_tests(exe, plan, limits.per_test) {
            Ok(names) => jobs.extend(
                names
                    .into_iter()
                    .filter(|n| short_name(n) == PROBE_TEST || keep(short_name(n)))
                    .map(|n| (i, n)),
            ),
            Err(why) => {
                binary.finished = false;
                binary.crash = Some(why);
            }
        }
        binaries.push(binary);
    }
    let (probes, rest): (Vec<_>, Vec<_>) = jobs
        .into_iter()
        .partition(|(_, name)| short_name(name) == PROBE_TEST);
    let single = Limits {
        jobs: 1,
        ..limits.clone()
    };
    for batch in [(probes, &single), (rest, limits)] {
        for (i, case, probe_lines) in run_jobs(exes, &batch.0, plan, batch.1) {
            binaries[i].tests.push(case);
            binaries[i].probe_lines.extend(probe_lines);
        }
    }
    binaries
}

/// `exe --list --format terse`: the names of its tests (benchmarks are not tests).
fn list_tests(
    exe: &TestExecutable,
    plan: &EditionPlan,
    limit: Duration,
) -> Result<Vec<String>, String> {
    let args = ["--list", "--format", "terse"];
    let (exit, text) = run_one(exe, &args, plan, limit)
        .map_err(|e| format!("could not start it to list its tests: {e}"))?;
    if exit != Exit::Code(0) {
        return Err(format!(
            "listing its tests failed ({}): {}",
            describe_exit(exit, &text),
            text.lines().last().unwrap_or("")
        ));
    }
    Ok(text
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}

/// A running test: which executable and test, its process and its output reader.
struct Running {
    exe: usize,
    name: String,
    child: Child,
    started: Instant,
    reader: JoinHandle<String>,
}

/// Runs `jobs` (executable index, test name), `limits.jobs` at a time; results in the order
/// of `jobs`, each with the probe lines it printed.
fn run_jobs(
    exes: &[TestExecutable],
    jobs: &[(usize, String)],
    plan: &EditionPlan,
    limits: &Limits,
) -> Vec<(usize, TestCase, Vec<String>)> {
    let mut done: Vec<Option<(usize, TestCase, Vec<String>)>> = vec![None; jobs.len()];
    let mut running: Vec<(usize, Running)> = Vec::new();
    let mut next = 0;
    while next < jobs.len() || !running.is_empty() {
        while next < jobs.len() && running.len() < limits.jobs.max(1) {
            let (exe, name) = &jobs[next];
            let outcome = if limits.deadline.is_some_and(|d| Instant::now() > d) {
                Err("not run: the whole grading run reached its time limit".to_string())
            } else {
                start(exes, *exe, name, plan).map_err(|e| format!("could not start it: {e}"))
            };
            match outcome {
                Ok(child) => running.push((next, child)),
                Err(why) => done[next] = Some((*exe, failed(name, why), Vec::new())),
            }
            next += 1;
        }
        let mut still = Vec::new();
        for (slot, mut r) in running {
            match poll(&mut r, limits.per_test) {
                Some(exit) => {
                    let text = r.reader.join().unwrap_or_default();
                    let (case, probes) = verdict(&r.name, &text, exit);
                    done[slot] = Some((r.exe, case, probes));
                }
                None => still.push((slot, r)),
            }
        }
        running = still;
        if !running.is_empty() {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    done.into_iter().flatten().collect()
}

/// `Some(exit)` once the test ended or was stopped at the limit.
fn poll(r: &mut Running, limit: Duration) -> Option<Exit> {
    match r.child.try_wait() {
        Ok(Some(status)) => Some(exit_of(status)),
        Ok(None) if r.started.elapsed() > limit => {
            super::kill_tree(&mut r.child);
            Some(Exit::TimedOut(limit))
        }
        Ok(None) => None,
        Err(_) => {
            super::kill_tree(&mut r.child);
            Some(Exit::Code(-1))
        }
    }
}

/// Starts `exe --exact NAME --show-output`: one test in its own process, in its package's
/// directory (as `cargo test` runs it), with the grading environment.
fn start(
    exes: &[TestExecutable],
    exe: usize,
    name: &str,
    plan: &EditionPlan,
) -> std::io::Result<Running> {
    let args = ["--exact", name, "--show-output", "--color", "never"];
    let (child, reader) = spawn(&exes[exe], &args, plan)?;
    Ok(Running {
        exe,
        name: name.to_string(),
        child,
        started: Instant::now(),
        reader,
    })
}

fn spawn(
    exe: &TestExecutable,
    args: &[&str],
    plan: &EditionPlan,
) -> std::io::Result<(Child, JoinHandle<String>)> {
    let mut cmd = Command::new(&exe.path);
    cmd.args(args)
        .current_dir(&exe.package_dir)
        .stdin(Stdio::null())
        .env("CARGO_MANIFEST_DIR", &exe.package_dir)
        .env("CARGO_PKG_NAME", &exe.package)
        .env("RUST_TEST_THREADS", "1");
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    super::grading_env(&mut cmd, plan);
    let (reader, writer) = std::io::pipe()?;
    cmd.stdout(writer.try_clone()?).stderr(writer);
    let child = cmd.spawn()?;
    drop(cmd);
    let reading = std::thread::spawn(move || {
        let mut text = String::new();
        let mut buf = Vec::new();
        let mut reader = BufReader::new(reader);
        while reader.read_until(b'\n', &mut buf).unwrap_or(0) > 0 {
            text.push_str(&String::from_utf8_lossy(&buf));
            buf.clear();
        }
        text
    });
    Ok((child, reading))
}

/// Runs `exe args` to the end (or `limit`), returning how it ended and its output.
fn run_one(
    exe: &TestExecutable,
    args: &[&str],
    plan: &EditionPlan,
    limit: Duration,
) -> std::io::Result<(Exit, String)> {
    let (child, reader) = spawn(exe, args, plan)?;
    let mut r = Running {
        exe: 0,
        name: String::new(),
        child,
        started: Instant::now(),
        reader,
    };
    let exit = loop {
        if let Some(exit) = poll(&mut r, limit) {
            break exit;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok((exit, r.reader.join().unwrap_or_default()))
}

fn exit_of(status: std::process::ExitStatus) -> Exit {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Exit::Signal(signal);
        }
    }
    Exit::Code(status.code().unwrap_or(-1))
}

/// The verdict of one test from its process's output and exit, plus the probe lines it
/// printed. A test passes only when it reported `ok`, its process ended normally and no
/// thread it started panicked.
pub fn verdict(name: &str, text: &str, exit: Exit) -> (TestCase, Vec<String>) {
    let parsed = libtest::parse_binary_output(text);
    let reported = parsed.tests.into_iter().find(|t| t.name == name);
    let output = reported
        .as_ref()
        .map(|t| t.output.clone())
        .unwrap_or_else(|| text.to_string());
    let mut case = TestCase {
        name: name.to_string(),
        outcome: Outcome::Failed,
        output,
        reason: None,
    };
    match (exit, &reported) {
        (Exit::Code(_), Some(r)) if r.outcome != Outcome::Passed => case.outcome = r.outcome,
        (Exit::Code(0), Some(_)) => match spawned_panic(name, &case.output) {
            Some(thread) => {
                case.reason = Some(format!("a thread it started ('{thread}') panicked"));
            }
            None => case.outcome = Outcome::Passed,
        },
        _ => case.reason = Some(describe_exit(exit, text)),
    }
    (case, parsed.probe_lines)
}

/// The reason, in words, for a process that ended badly.
pub fn describe_exit(exit: Exit, text: &str) -> String {
    match exit {
        Exit::TimedOut(limit) => format!("did not finish within {} s", limit.as_secs()),
        Exit::Signal(_) if text.contains("has overflowed its stack") => "stack overflow".into(),
        Exit::Signal(_) if text.contains("memory allocation of") => {
            "out of memory (an allocation failed)".into()
        }
        Exit::Signal(6) => "aborted (SIGABRT)".into(),
        Exit::Signal(9) => "killed: out of memory (SIGKILL)".into(),
        Exit::Signal(11) => "segmentation fault (SIGSEGV)".into(),
        Exit::Signal(4) => "illegal instruction (SIGILL)".into(),
        Exit::Signal(7) => "bus error (SIGBUS)".into(),
        Exit::Signal(8) => "arithmetic exception (SIGFPE)".into(),
        Exit::Signal(15) => "terminated (SIGTERM)".into(),
        Exit::Signal(n) => format!("killed by signal {n}"),
        Exit::Code(n) => {
            format!(
                "its process exited with code {n} without reporting a result (std::process::exit?)"
            )
        }
    }
}

/// The name of a thread other than the test's own that panicked, per the test's output.
fn spawned_panic(test: &str, output: &str) -> Option<String> {
    output.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("thread '")?;
        let (thread, tail) = rest.split_once('\'')?;
        // Newer Rust prints the thread id too: `thread 'x' (1234) panicked at`.
        let tail = match tail.strip_prefix(" (") {
            Some(id) => id.split_once(')').map_or(tail, |(_, t)| t),
            None => tail,
        };
        (tail.starts_with(" panicked") && thread != test && thread != "main")
            .then(|| thread.to_string())
    })
}

fn failed(name: &str, why: String) -> TestCase {
    TestCase {
        name: name.to_string(),
        outcome: Outcome::Failed,
        output: String::new(),
        reason: Some(why),
    }
}

fn short_name(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "\nrunning 1 test\ntest m::t01_1_a ... ok\n\nsuccesses:\n\n---- m::t01_1_a stdout ----\ncourse-edition: 01=student\n\nsuccesses:\n    m::t01_1_a\n\ntest result: ok. 1 passed; 0 failed\n";

    #[test]
    fn a_reported_pass_with_a_clean_exit_passes() {
        let (case, probes) = verdict("m::t01_1_a", OK, Exit::Code(0));
        assert_eq!(case.outcome, Outcome::Passed);
        assert_eq!(case.reason, None);
        assert_eq!(probes, vec!["course-edition: 01=student"]);
    }

    #[test]
    fn crashes_and_hangs_fail_with_their_reason() {
        let cases = [
            (Exit::Signal(6), "\nrunning 1 test\n", "aborted (SIGABRT)"),
            (
                Exit::Signal(6),
                "thread 'x' has overflowed its stack\nfatal runtime error: stack overflow\n",
                "stack overflow",
            ),
            (Exit::Signal(9), "", "killed: out of memory (SIGKILL)"),
            (
                Exit::TimedOut(Duration::from_secs(20)),
                "",
                "did not finish within 20 s",
            ),
            (Exit::Signal(6), OK, "aborted (SIGABRT)"),
        ];
        for (exit, text, reason) in cases {
            let (case, _) = verdict("m::t01_1_a", text, exit);
            assert_eq!(case.outcome, Outcome::Failed, "{reason}");
            assert_eq!(case.reason.as_deref(), Some(reason));
        }
        let (exited, _) = verdict("m::t01_1_a", "", Exit::Code(0));
        assert!(
            exited
                .reason
                .unwrap()
                .contains("without reporting a result")
        );
    }

    #[test]
    fn a_panic_in_a_thread_the_test_started_fails_it() {
        let text = OK.replace(
            "course-edition: 01=student\n",
            "thread '<unnamed>' panicked at src/a.rs:1:1:\nboom\n",
        );
        let (case, _) = verdict("m::t01_1_a", &text, Exit::Code(0));
        assert_eq!(case.outcome, Outcome::Failed);
        assert_eq!(
            case.reason.as_deref(),
            Some("a thread it started ('<unnamed>') panicked")
        );
        let with_id = OK.replace(
            "course-edition: 01=student\n",
            "thread '<unnamed>' (4242) panicked at src/a.rs:1:1:\nboom\n",
        );
        assert_eq!(
            verdict("m::t01_1_a", &with_id, Exit::Code(0)).0.outcome,
            Outcome::Failed
        );
        let own = OK.replace(
            "course-edition: 01=student\n",
            "thread 'm::t01_1_a' panicked at src/a.rs:1:1:\ncaught\n",
        );
        assert_eq!(
            verdict("m::t01_1_a", &own, Exit::Code(0)).0.outcome,
            Outcome::Passed
        );
    }

    #[test]
    fn reported_failures_and_ignores_keep_their_outcome() {
        let failed = "test t01_1_a ... FAILED\n\nfailures:\n\n---- t01_1_a stdout ----\n\nthread 't01_1_a' panicked at x.rs:1:1:\nwrong\n\nfailures:\n    t01_1_a\n\ntest result: FAILED. 0 passed; 1 failed\n";
        let (case, _) = verdict("t01_1_a", failed, Exit::Code(101));
        assert_eq!(case.outcome, Outcome::Failed);
        assert_eq!(case.reason, None);
        assert_eq!(case.panic_summary(1), vec!["wrong"]);
        let ignored =
            "test t01_1_a ... ignored\n\ntest result: ok. 0 passed; 0 failed; 1 ignored\n";
        assert_eq!(
            verdict("t01_1_a", ignored, Exit::Code(0)).0.outcome,
            Outcome::Ignored
        );
    }
}

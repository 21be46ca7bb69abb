//! Running cargo as a subprocess with a controlled environment.
//!
//! The grader never links the code it grades: it runs `cargo build` / `cargo test` and
//! reads their output. Standard output and standard error go into ONE pipe, so cargo's
//! `Running tests/x.rs (...)` lines (stderr) stay in order with the test output (stdout).

use crate::course::edition::{ENV_PREFIX, EditionPlan};
pub mod build;
pub mod libtest;
pub mod runner;

use crate::util::error::{Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One cargo command to run.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// Directory to run in (the workspace, or its copy).
    pub cwd: PathBuf,
    /// Arguments after `cargo`.
    pub args: Vec<String>,
    /// The editions to request; every inherited `TINYTORCH_EDITION_*` is removed first.
    pub editions: EditionPlan,
    /// `CARGO_TARGET_DIR`, when it must differ from the workspace's own.
    pub target_dir: Option<PathBuf>,
    /// Echo cargo's output to stderr while it runs.
    pub verbose: bool,
}

/// What cargo printed and how it exited.
#[derive(Debug, Clone)]
pub struct Output {
    /// True on exit status 0.
    pub success: bool,
    /// Standard output and standard error, interleaved as written.
    pub text: String,
    /// Wall-clock time.
    pub duration: Duration,
}

/// Arguments of a grading run: `cargo test -p A -p B --test '*' --no-fail-fast` with machine
/// readable build messages (to map test binaries to packages) and every test's output.
///
/// Only the integration tests in `tests/` run (graded tests live there): `--tests` would
/// also compile each library a second time with `cfg(test)` for its unit tests, which
/// doubles the build of every knockout.
pub fn test_args(crates: &[&str]) -> Vec<String> {
    let mut args = vec!["test".to_string()];
    for name in crates {
        args.push("-p".into());
        args.push((*name).to_string());
    }
    for a in [
        "--test",
        "*",
        "--no-fail-fast",
        "--color",
        "never",
        "--message-format",
        "json-render-diagnostics",
    ] {
        args.push(a.into());
    }
    for a in ["--", "--show-output", "--color", "never"] {
        args.push(a.into());
    }
    args
}

/// The cargo executable: `$CARGO` (set when the grader runs under `cargo run`) or `cargo`.
pub fn cargo_program() -> String {
    std::env::var("CARGO")
        .ok()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "cargo".to_string())
}

/// The environment every grading run gets, on top of the edition variables: no
/// snapshot may be written or force-passed, and panics are short.
pub const FIXED_ENV: [(&str, &str); 3] = [
    ("CI", "true"),
    ("INSTA_UPDATE", "no"),
    ("RUST_BACKTRACE", "0"),
];

/// Variables removed from the inherited environment (besides `TINYTORCH_EDITION_*`).
pub const REMOVED_ENV: [&str; 1] = ["INSTA_FORCE_PASS"];

/// Runs the invocation to completion and captures its combined output.
pub fn run(inv: &Invocation) -> Result<Output> {
    run_observed(inv, &mut |_| {})
}

/// Like [`run`], and hands every line of output to `on_line` as it arrives (on this
/// thread), e.g. to turn cargo's JSON build messages into progress.
pub fn run_observed(inv: &Invocation, on_line: &mut dyn FnMut(&str)) -> Result<Output> {
    let start = Instant::now();
    let mut cmd = command(inv);
    let (reader, writer) = std::io::pipe().context("cannot create a pipe for cargo's output")?;
    let writer_err = writer
        .try_clone()
        .context("cannot create a pipe for cargo's output")?;
    cmd.stdout(writer).stderr(writer_err);
    let mut child = cmd.spawn().context(format!(
        "cannot run `{} {}`",
        cargo_program(),
        inv.args.join(" ")
    ))?;
    drop(cmd); // closes our copies of the pipe's write end, so reading ends with cargo
    let (lines, received) = std::sync::mpsc::channel();
    let verbose = inv.verbose;
    let reading = std::thread::spawn(move || read_lines(reader, verbose, &lines));
    let limit = time_limit();
    let mut text = String::new();
    let status = loop {
        while let Ok(line) = received.try_recv() {
            on_line(line.trim_end());
            text.push_str(&line);
        }
        if let Some(status) = child.try_wait().context("cargo did not finish")? {
            break Some(status);
        }
        if start.elapsed() > limit {
            kill_tree(&mut child);
            break None;
        }
        if let Ok(line) = received.recv_timeout(Duration::from_millis(50)) {
            on_line(line.trim_end());
            text.push_str(&line);
        }
    };
    let _ = reading.join();
    for line in received.try_iter() {
        on_line(line.trim_end());
        text.push_str(&line);
    }
    if status.is_none() {
        text.push_str(&format!(
            "\nerror: timed out after {} s: a test may loop forever (set {TIMEOUT_VAR} to allow more)\n",
            limit.as_secs()
        ));
    }
    Ok(Output {
        success: status.is_some_and(|s| s.success()),
        text,
        duration: start.elapsed(),
    })
}

/// The cargo command of `inv`: its own process group (so that a timeout can stop the test
/// binaries too), the edition variables and the fixed grading environment.
fn command(inv: &Invocation) -> Command {
    let mut cmd = Command::new(cargo_program());
    cmd.args(&inv.args)
        .current_dir(&inv.cwd)
        .stdin(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    grading_env(&mut cmd, &inv.editions);
    if let Some(dir) = &inv.target_dir {
        cmd.env("CARGO_TARGET_DIR", dir);
    }
    cmd
}

/// Sets the grading environment on `cmd`: inherited edition variables and
/// [`REMOVED_ENV`] removed, [`FIXED_ENV`] and the editions of `plan` set. Test binaries
/// the grader runs itself get the same.
pub fn grading_env(cmd: &mut Command, plan: &EditionPlan) {
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with(ENV_PREFIX) {
            cmd.env_remove(&key);
        }
    }
    for key in REMOVED_ENV {
        cmd.env_remove(key);
    }
    for (key, value) in FIXED_ENV {
        cmd.env(key, value);
    }
    for (number, edition) in &plan.env {
        cmd.env(format!("{ENV_PREFIX}{number}"), edition.as_str());
    }
}

/// The variable that overrides the time limit of one cargo run, in seconds.
pub const TIMEOUT_VAR: &str = "TINYTORCH_GRADE_TIMEOUT";

/// How long one cargo run (build + tests) may take before it is stopped: a student's
/// infinite loop must not hang the grader. Default 15 minutes.
pub fn time_limit() -> Duration {
    let seconds = std::env::var(TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(900);
    Duration::from_secs(seconds)
}

/// Stops cargo and everything it started (the test binaries are its children, and they
/// hold the output pipe open): the whole process group on Unix.
fn kill_tree(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let group = format!("-{}", child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn read_lines(reader: std::io::PipeReader, verbose: bool, lines: &std::sync::mpsc::Sender<String>) {
    let mut buf = Vec::new();
    let mut reader = BufReader::new(reader);
    let stderr = std::io::stderr();
    while reader.read_until(b'\n', &mut buf).unwrap_or(0) > 0 {
        let line = String::from_utf8_lossy(&buf).into_owned();
        if verbose && !line.starts_with("{\"reason\":") {
            let _ = stderr.lock().write_all(line.as_bytes());
        }
        if lines.send(line).is_err() {
            return;
        }
        buf.clear();
    }
}

/// `cargo test -p X ...` as a shell-like string, for messages.
pub fn display(inv: &Invocation) -> String {
    let env: Vec<String> = inv
        .editions
        .env
        .iter()
        .map(|(n, e)| format!("{ENV_PREFIX}{n}={e}"))
        .collect();
    let mut s = env.join(" ");
    if !s.is_empty() {
        s.push(' ');
    }
    s.push_str("cargo ");
    s.push_str(&inv.args.join(" "));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_args_select_packages_and_show_output() {
        let args = test_args(&["tinytorch-tensor", "tinytorch-layers"]);
        let joined = args.join(" ");
        assert!(
            joined.starts_with(
                "test -p tinytorch-tensor -p tinytorch-layers --test * --no-fail-fast"
            )
        );
        assert!(joined.ends_with("-- --show-output --color never"));
    }
}

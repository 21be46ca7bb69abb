//! Build progress while cargo compiles, on stderr: which crate, how many of how many, and
//! the time so far, so that a first grading (minutes of compiling on a small machine)
//! never looks stuck. The `cargo grade` alias runs the grader with `--quiet`, so cargo's
//! own progress bar is not there: this is it.
//!
//! On a terminal it is one line, rewritten in place and cleared when the build ends;
//! otherwise a plain line at most every [`PLAIN_EVERY`] (CI logs stay short).

use crate::cargo::build::BuildEvent;
use crate::course::manifest::Module;
use crate::grading::status::Progress;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// How often a plain (non-terminal) progress line may be printed.
pub const PLAIN_EVERY: Duration = Duration::from_secs(10);

/// The progress of the grading runs of one command.
#[derive(Debug)]
pub struct BuildLine {
    tty: bool,
    /// `Cargo.lock`, to estimate how many crates a module's build compiles.
    lock: Option<toml::Table>,
    module: String,
    total: Option<usize>,
    compiled: usize,
    started: Instant,
    last_plain: Instant,
    shown: bool,
}

impl BuildLine {
    /// Progress for grading runs in `workspace`, on a terminal when stderr is one.
    pub fn new(workspace: &Path) -> BuildLine {
        let lock = std::fs::read_to_string(workspace.join("Cargo.lock"))
            .ok()
            .and_then(|t| toml::from_str(&t).ok());
        BuildLine {
            tty: std::io::stderr().is_terminal(),
            lock,
            module: String::new(),
            total: None,
            compiled: 0,
            started: Instant::now(),
            last_plain: Instant::now(),
            shown: false,
        }
    }

    /// Takes one progress report of a grading.
    pub fn report(&mut self, progress: Progress<'_>) {
        match progress {
            Progress::Grading(module) => self.start(module),
            Progress::Build(event) => self.build(&event),
        }
    }

    /// A module's grading starts: says so, on its own line.
    pub fn start(&mut self, module: &Module) {
        self.clear();
        self.module = module.label();
        self.total = self
            .lock
            .as_ref()
            .map(|lock| crates_in_build(lock, &module.crate_name));
        self.compiled = 0;
        self.started = Instant::now();
        self.last_plain = Instant::now();
        eprintln!("grading module {} ...", self.module);
    }

    fn build(&mut self, event: &BuildEvent) {
        match event {
            BuildEvent::Compiled { package, fresh, .. } => {
                self.compiled += 1;
                let line = self.line(package, *fresh);
                if self.tty {
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[2K{line}");
                    let _ = err.flush();
                    self.shown = true;
                } else if !*fresh && self.last_plain.elapsed() >= PLAIN_EVERY {
                    eprintln!("{line}");
                    self.last_plain = Instant::now();
                }
            }
            BuildEvent::Finished { .. } => {
                self.clear();
                let secs = self.started.elapsed().as_secs_f64();
                if secs >= 1.0 {
                    eprintln!(
                        "  built {} crate(s) in {secs:.0} s; running the tests ...",
                        self.compiled
                    );
                }
            }
        }
    }

    /// `  compiling ndarray (12/~40, 9 s)`.
    fn line(&self, package: &str, fresh: bool) -> String {
        let verb = if fresh { "checked" } else { "compiling" };
        let of = match self.total {
            Some(total) => format!("{}/~{}", self.compiled, total.max(self.compiled)),
            None => self.compiled.to_string(),
        };
        format!(
            "  {verb} {package} ({of}, {} s)",
            self.started.elapsed().as_secs()
        )
    }

    /// Removes the in-place line (terminal only).
    pub fn clear(&mut self) {
        if self.tty && self.shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
            self.shown = false;
        }
    }
}

impl Drop for BuildLine {
    fn drop(&mut self) {
        self.clear();
    }
}

/// An estimate of how many crates building `root`'s tests compiles: the packages
/// reachable from it in `Cargo.lock` (which lists a workspace member's normal, build
/// and dev dependencies), plus its test targets. Cargo announces no total, so this is
/// shown with a `~`.
pub fn crates_in_build(lock: &toml::Table, root: &str) -> usize {
    let packages = lock
        .get("package")
        .and_then(|p| p.as_array())
        .cloned()
        .unwrap_or_default();
    let deps_of = |name: &str| -> Vec<String> {
        packages
            .iter()
            .filter(|p| p.get("name").and_then(|n| n.as_str()) == Some(name))
            .flat_map(|p| {
                p.get("dependencies")
                    .and_then(|d| d.as_array())
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|d| {
                d.as_str()
                    .and_then(|s| s.split_whitespace().next())
                    .map(str::to_string)
            })
            .collect()
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut todo = vec![root.to_string()];
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            todo.extend(deps_of(&name));
        }
    }
    seen.len() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_counts_reachable_packages_once() {
        let lock: toml::Table = toml::from_str(
            r#"
[[package]]
name = "tinytorch-layers"
dependencies = ["ndarray", "tinytorch-tensor"]
[[package]]
name = "tinytorch-tensor"
dependencies = ["ndarray", "rand 0.9.2"]
[[package]]
name = "ndarray"
dependencies = ["num-traits"]
[[package]]
name = "num-traits"
[[package]]
name = "rand"
version = "0.9.2"
[[package]]
name = "unrelated"
"#,
        )
        .unwrap();
        // layers, tensor, ndarray, num-traits, rand, and the test target.
        assert_eq!(crates_in_build(&lock, "tinytorch-layers"), 6);
        assert_eq!(crates_in_build(&lock, "num-traits"), 2);
    }
}

//! Building test binaries without running them (`cargo test --no-run`), so that the grader
//! runs every test itself (see [`super::runner`]): a crash or a hang then costs one test,
//! not the whole binary.

use super::{Invocation, Output};
use crate::util::error::Result;
use std::path::{Path, PathBuf};

/// One step of a build, from cargo's JSON `compiler-artifact` and `build-finished`
/// messages, for whoever renders progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildEvent {
    /// A crate target finished compiling (`fresh`: it was up to date).
    Compiled {
        /// The package, e.g. `tinytorch-layers` (or a dependency such as `ndarray`).
        package: String,
        /// The target's name, e.g. `graded` or `tinytorch_layers`.
        target: String,
        /// True when cargo reused an earlier build.
        fresh: bool,
    },
    /// The build ended.
    Finished {
        /// True when everything compiled.
        success: bool,
    },
}

/// A test executable cargo built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestExecutable {
    /// Its source as cargo prints it, e.g. `tests/graded.rs`.
    pub source: String,
    /// The executable.
    pub path: PathBuf,
    /// The directory of its package (tests run there, as under `cargo test`).
    pub package_dir: PathBuf,
    /// Its package's name.
    pub package: String,
}

/// What `cargo test --no-run` produced.
#[derive(Debug, Clone)]
pub struct Build {
    /// Cargo's output (JSON build messages and rendered compiler errors).
    pub output: Output,
    /// The test executables, in the order cargo reported them.
    pub executables: Vec<TestExecutable>,
}

/// `cargo test ... --no-run`: the arguments of `args` (from [`super::test_args`]) up to the
/// `--` that separates libtest's own arguments, plus `--no-run`.
pub fn no_run_args(args: &[String]) -> Vec<String> {
    let mut out: Vec<String> = args.iter().take_while(|a| *a != "--").cloned().collect();
    out.push("--no-run".into());
    out
}

/// Builds the test binaries of `inv` (whose arguments must hold
/// `--message-format json...`), reporting each compiled artifact to `progress`.
pub fn build_tests(inv: &Invocation, progress: &mut dyn FnMut(BuildEvent)) -> Result<Build> {
    let mut executables = Vec::new();
    let output = super::run_observed(inv, &mut |line| {
        if let Some(message) = parse_message(line) {
            if let Some(exe) = message.executable {
                executables.push(exe);
            }
            if let Some(event) = message.event {
                progress(event);
            }
        }
    })?;
    Ok(Build {
        output,
        executables,
    })
}

/// What one JSON line of cargo says.
#[derive(Debug, Default)]
struct Message {
    event: Option<BuildEvent>,
    executable: Option<TestExecutable>,
}

fn parse_message(line: &str) -> Option<Message> {
    if !line.starts_with("{\"reason\":") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    match value["reason"].as_str()? {
        "compiler-artifact" => Some(artifact(&value)),
        "build-finished" => Some(Message {
            event: Some(BuildEvent::Finished {
                success: value["success"].as_bool().unwrap_or(false),
            }),
            executable: None,
        }),
        _ => None,
    }
}

fn artifact(value: &serde_json::Value) -> Message {
    let manifest = value["manifest_path"].as_str().unwrap_or_default();
    let package_dir = Path::new(manifest)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let package = package_name(
        value["package_id"].as_str().unwrap_or_default(),
        &package_dir,
    );
    let target = value["target"]["name"].as_str().unwrap_or_default();
    let event = BuildEvent::Compiled {
        package: package.clone(),
        target: target.to_string(),
        fresh: value["fresh"].as_bool().unwrap_or(false),
    };
    let is_test = value["profile"]["test"].as_bool().unwrap_or(false);
    let executable = value["executable"]
        .as_str()
        .filter(|_| is_test)
        .map(|exe| TestExecutable {
            source: source_of(value, &package_dir),
            path: PathBuf::from(exe),
            package_dir,
            package,
        });
    Message {
        event: Some(event),
        executable,
    }
}

/// `tests/graded.rs` for an integration test, `unittests src/lib.rs` for a library's unit
/// tests (what cargo's `Running` line says).
fn source_of(value: &serde_json::Value, package_dir: &Path) -> String {
    let src = Path::new(value["target"]["src_path"].as_str().unwrap_or_default());
    let relative = src
        .strip_prefix(package_dir)
        .unwrap_or(src)
        .to_string_lossy()
        .replace('\\', "/");
    let kinds = &value["target"]["kind"];
    let is_integration = kinds
        .as_array()
        .is_some_and(|k| k.iter().any(|k| k == "test"));
    if is_integration {
        relative
    } else {
        format!("unittests {relative}")
    }
}

/// The package name from a package id (`path+file:///ws/modules/03_layers#tinytorch-layers@0.1.0`
/// or `path+file:///ws/modules/01_tensor#0.1.0`), else the directory's name.
fn package_name(id: &str, dir: &Path) -> String {
    let fragment = id.rsplit_once('#').map(|(_, f)| f).unwrap_or_default();
    match fragment.split_once('@') {
        Some((name, _)) => name.to_string(),
        None => dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_artifacts_become_executables_and_events() {
        let line = r#"{"reason":"compiler-artifact","package_id":"path+file:///ws/modules/03_layers#tinytorch-layers@0.1.0","manifest_path":"/ws/modules/03_layers/Cargo.toml","target":{"kind":["test"],"name":"graded","src_path":"/ws/modules/03_layers/tests/graded.rs"},"profile":{"test":true},"executable":"/ws/target/debug/deps/graded-bbb","fresh":true}"#;
        let m = parse_message(line).unwrap();
        assert_eq!(
            m.event,
            Some(BuildEvent::Compiled {
                package: "tinytorch-layers".into(),
                target: "graded".into(),
                fresh: true
            })
        );
        let exe = m.executable.unwrap();
        assert_eq!(exe.source, "tests/graded.rs");
        assert_eq!(exe.package_dir, Path::new("/ws/modules/03_layers"));
        assert_eq!(exe.path, Path::new("/ws/target/debug/deps/graded-bbb"));
    }

    #[test]
    fn libraries_and_build_end_are_events_only() {
        let lib = r#"{"reason":"compiler-artifact","package_id":"registry+https://github.com/rust-lang/crates.io-index#ndarray@0.16.1","manifest_path":"/r/ndarray/Cargo.toml","target":{"kind":["lib"],"name":"ndarray","src_path":"/r/ndarray/src/lib.rs"},"profile":{"test":false},"executable":null,"fresh":false}"#;
        let m = parse_message(lib).unwrap();
        assert!(m.executable.is_none());
        assert!(
            matches!(m.event, Some(BuildEvent::Compiled { ref package, .. }) if package == "ndarray")
        );
        let end = parse_message(r#"{"reason":"build-finished","success":false}"#).unwrap();
        assert_eq!(end.event, Some(BuildEvent::Finished { success: false }));
        assert!(parse_message("   Compiling x").is_none());
    }

    #[test]
    fn no_run_drops_libtest_arguments() {
        let args = super::super::test_args(&["tinytorch-tensor"]);
        let no_run = no_run_args(&args);
        assert_eq!(no_run.last().map(String::as_str), Some("--no-run"));
        assert!(!no_run.iter().any(|a| a == "--show-output"));
    }
}

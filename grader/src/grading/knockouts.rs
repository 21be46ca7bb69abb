//! Knockouts: sabotaged variants of the reference that the graded tests must catch.
//!
//! `knockouts.toml` in a module lists them; `cargo grade dev verify` writes each one as the
//! module's student code in a copy of the workspace and checks that at least one test of
//! the knockout's task fails.

use crate::bail;
use crate::course::edition;
use crate::course::manifest::{Course, Module, from_toml};
use crate::grading::grade::{self, GradeState, RunOptions};
use crate::grading::step::{ModuleRow, Scope, Step};
use crate::util::error::{Context, Error, Result};
use crate::util::fsutil;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name, at the module root.
pub const FILE: &str = "knockouts.toml";

/// One `[[knockout]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knockout {
    /// Short id, e.g. "matmul-zeros".
    pub id: String,
    /// The task whose tests must catch it.
    pub task: String,
    /// The reference file to sabotage, relative to the module (`src/reference/...`).
    pub file: String,
    /// Text that must occur exactly once in `file`.
    pub find: String,
    /// What replaces it.
    pub replace: String,
    /// What the sabotage means, for the report.
    pub why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnockoutFile {
    #[serde(default)]
    knockout: Vec<Knockout>,
}

/// Reads a module's knockouts; `None` when the module has no `knockouts.toml`.
pub fn load(module_dir: &Path) -> Result<Option<Vec<Knockout>>> {
    let path = module_dir.join(FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = fsutil::read(&path)?;
    parse(&text)
        .map(Some)
        .map_err(|e| Error::new(format!("{}: {}", path.display(), e.message())))
}

/// Parses `knockouts.toml` text.
pub fn parse(text: &str) -> Result<Vec<Knockout>> {
    let file: KnockoutFile = from_toml(text)?;
    Ok(file.knockout)
}

/// The student file a knockout writes: `src/reference/a/b.rs` → `src/student/a/b.rs`.
pub fn student_path(knockout: &Knockout) -> Result<String> {
    match knockout.file.strip_prefix("src/reference/") {
        Some(rest) if !rest.is_empty() => Ok(format!("src/student/{rest}")),
        _ => bail!(
            "knockout {}: file {:?} must be under src/reference/",
            knockout.id,
            knockout.file
        ),
    }
}

/// Applies `find` → `replace` to `text`; `find` must occur exactly once.
pub fn apply(knockout: &Knockout, text: &str) -> Result<String> {
    match text.matches(&knockout.find).count() {
        1 => Ok(text.replacen(&knockout.find, &knockout.replace, 1)),
        0 => bail!(
            "knockout {}: pattern not found in {} -- update knockouts.toml",
            knockout.id,
            knockout.file
        ),
        n => bail!(
            "knockout {}: pattern occurs {n} times in {} (it must occur once) -- update knockouts.toml",
            knockout.id,
            knockout.file
        ),
    }
}

/// What happened to one knockout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// These tests of the task failed.
    Caught(Vec<String>),
    /// Every test of the task passed: the tests miss this bug.
    NotCaught,
    /// The knockout could not be tried (bad pattern, does not compile, ...).
    Invalid(String),
}

/// Writes the knockout into the copy `copy` and grades the module there.
pub fn run_one(
    copy: &Path,
    course: &Course,
    module: &Module,
    knockout: &Knockout,
    opts: &RunOptions,
) -> Verdict {
    match try_run(copy, course, module, knockout, opts) {
        Ok(v) => v,
        Err(e) if e.message().starts_with("knockout ") => Verdict::Invalid(e.to_string()),
        Err(e) => Verdict::Invalid(format!("knockout {}: {e}", knockout.id)),
    }
}

fn try_run(
    copy: &Path,
    course: &Course,
    module: &Module,
    knockout: &Knockout,
    opts: &RunOptions,
) -> Result<Verdict> {
    if module.task(&knockout.task).is_none() {
        bail!(
            "knockout {}: task {} is not a task of module {} ({})",
            knockout.id,
            knockout.task,
            module.number,
            module.task_ids().join(", ")
        );
    }
    let dir = module.dir(copy);
    let student_rel = student_path(knockout)?;
    let source = fsutil::read(&dir.join(&knockout.file))?;
    let sabotaged = apply(knockout, &source)?;
    reset_student(&dir)?;
    fsutil::write(&dir.join(&student_rel), &sabotaged)?;
    let plan = edition::plan_for(copy, course, module, false);
    let g = grade::run_task_and_grade(module, &plan, opts, &knockout.task)?;
    if let GradeState::BuildFailed { errors } = &g.state {
        let first = errors.first().cloned().unwrap_or_default();
        bail!(
            "knockout {}: the sabotaged code does not compile ({first}) -- fix its `replace`",
            knockout.id
        );
    }
    if let Some(problem) = &g.edition_problem {
        bail!("knockout {}: edition not proven: {problem}", knockout.id);
    }
    let task = g
        .tasks
        .iter()
        .find(|t| t.id == knockout.task)
        .ok_or_else(|| {
            Error::new(format!(
                "knockout {}: no grade for task {}",
                knockout.id, knockout.task
            ))
        })?;
    let caught: Vec<String> = task
        .failures
        .iter()
        .filter(|f| !f.ignored)
        .map(|f| f.test.rsplit("::").next().unwrap_or(&f.test).to_string())
        .collect();
    Ok(if caught.is_empty() {
        Verdict::NotCaught
    } else {
        Verdict::Caught(caught)
    })
}

/// Makes the module's student code in the copy an exact copy of its reference.
pub fn reset_student(module_dir: &Path) -> Result<()> {
    let student = module_dir.join("src/student");
    if student.exists() {
        std::fs::remove_dir_all(&student)
            .context(format!("cannot remove {}", student.display()))?;
    }
    let reference = module_dir.join("src/reference");
    for rel in fsutil::rust_files(&reference)? {
        fsutil::write(&student.join(&rel), &fsutil::read(&reference.join(&rel))?)?;
    }
    Ok(())
}

/// Checks a knockout without running it: known task, path under `src/reference/`, and a
/// `find` that occurs exactly once in the workspace's reference file.
pub fn check_static(workspace: &Path, module: &Module, knockout: &Knockout) -> Result<()> {
    if module.task(&knockout.task).is_none() {
        bail!(
            "knockout {}: task {} is not a task of module {}",
            knockout.id,
            knockout.task,
            module.number
        );
    }
    student_path(knockout)?;
    let source = fsutil::read(&module.dir(workspace).join(&knockout.file))?;
    apply(knockout, &source).map(|_| ())
}

// ---- the verify step ---------------------------------------------------------------------
/// `cargo grade dev verify`, step e: copies the workspace to `target/verify/ws` (with the
/// hidden tests of `hidden`, so they help catch knockouts like any graded test) and tries
/// every knockout of every module there, one cargo run each.
pub fn verify_step(
    scope: &Scope,
    rows: &mut BTreeMap<String, ModuleRow>,
    step: &mut Step,
) -> Result<()> {
    let mut lists = Vec::new();
    for module in scope.modules {
        match load(&module.dir(scope.workspace)) {
            Ok(None) => step.warn(format!(
                "module {}: no knockouts ({} missing)",
                module.number, FILE
            )),
            Ok(Some(list)) if list.is_empty() => step.warn(format!(
                "module {}: {} lists no knockout",
                module.number, FILE
            )),
            Ok(Some(list)) => lists.push((*module, list)),
            Err(e) => step.fail(e.to_string()),
        }
    }
    if lists.is_empty() {
        return Ok(());
    }
    let copy = fsutil::target_base(scope.workspace)
        .join("verify")
        .join("ws");
    let files = fsutil::copy_workspace(scope.workspace, &copy)?;
    step.note(format!("copied {files} files to {}", copy.display()));
    if let Some(root) = &scope.opts.hidden {
        for (module, _) in &lists {
            let hidden = crate::grading::hidden::files_for(root, module)?;
            crate::grading::hidden::inject(&copy, module, &hidden)?;
            if !hidden.is_empty() {
                step.note(format!(
                    "module {}: {} hidden test file(s) included",
                    module.number,
                    hidden.len()
                ));
            }
        }
    }
    let copy_opts = RunOptions {
        cwd: copy.clone(),
        target_dir: Some(target_dir(scope.workspace)),
        verbose: scope.opts.verbose,
        graded_only: true,
        hidden: None,
    };
    for (module, list) in lists {
        let mut caught = 0;
        for k in &list {
            eprintln!("  knockout {} ...", k.id);
            match run_one(&copy, scope.course, module, k, &copy_opts) {
                Verdict::Caught(tests) => {
                    caught += 1;
                    step.note(format!(
                        "knockout {} ({}): caught by {}",
                        k.id,
                        k.why,
                        first_names(&tests, 3)
                    ));
                }
                Verdict::NotCaught => step.fail(format!(
                    "knockout {} ({}): NOT CAUGHT by any test of task {}",
                    k.id, k.why, k.task
                )),
                Verdict::Invalid(why) => step.fail(why),
            }
        }
        if let Some(row) = rows.get_mut(&module.number) {
            row.knockouts = Some((caught, list.len()));
        }
    }
    Ok(())
}

/// The target directory of the knockout copy: its own, never the workspace's.
///
/// Cargo names a path package's artifacts without its location, so a copy building into
/// the workspace's `target/` would overwrite the workspace's own module builds, and the
/// dep-info would then point at the copy's files: a later `cargo test` in the workspace
/// could run a knocked-out build and call it fresh. A separate directory costs one build
/// of the third-party crates, kept between runs.
fn target_dir(workspace: &Path) -> PathBuf {
    fsutil::target_base(workspace).join("verify").join("target")
}

fn first_names(names: &[String], n: usize) -> String {
    let mut s = names.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > n {
        s.push_str(&format!(" (+{} more)", names.len() - n));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
[[knockout]]
id = "matmul-zeros"
task = "01.3"
file = "src/reference/matmul.rs"
find = "general_mat_mul(1.0, &a, &b, 0.0, &mut c);"
replace = ""
why = "matmul returns zeros"
"#;

    #[test]
    fn parses_and_applies_knockouts() {
        let k = &parse(TOML).unwrap()[0];
        assert_eq!(k.id, "matmul-zeros");
        assert_eq!(student_path(k).unwrap(), "src/student/matmul.rs");
        let src = "let c = 0;\ngeneral_mat_mul(1.0, &a, &b, 0.0, &mut c);\nc\n";
        assert_eq!(apply(k, src).unwrap(), "let c = 0;\n\nc\n");
        assert!(
            apply(k, "nothing")
                .unwrap_err()
                .message()
                .contains("pattern not found")
        );
        let twice = format!("{src}{src}");
        assert!(apply(k, &twice).unwrap_err().message().contains("2 times"));
    }

    #[test]
    fn rejects_unknown_fields_and_bad_paths() {
        assert!(parse(&TOML.replace("why =", "wy =")).is_err());
        let k = &parse(&TOML.replace("src/reference/matmul.rs", "src/matmul.rs")).unwrap()[0];
        assert!(student_path(k).is_err());
        assert!(parse("").unwrap().is_empty());
    }
}

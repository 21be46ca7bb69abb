//! Knockouts: sabotaged variants of the reference that the graded tests must catch.
//!
//! `knockouts.toml` in a module lists them; `cargo grade dev verify` writes each one as the
//! module's student code in a copy of the workspace and checks that at least one test of
//! the knockout's task fails.

use crate::bail;
use crate::course::edition;
use crate::course::manifest::{Course, Module, from_toml};
use crate::grading::grade::{self, GradeState, RunOptions};
use crate::grading::knockout_lanes;
use crate::grading::step::{ModuleRow, Scope, Step};
use crate::util::error::{Context, Error, Result};
use crate::util::fsutil;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

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
/// `cargo grade dev verify`, step e: copies the workspace to `target/verify/ws` (one copy
/// per lane, see [`knockout_lanes`]; with the hidden tests) and tries every knockout of
/// every module, one cargo run each. Each copy builds into a target directory of its own,
/// never the workspace's: cargo names a workspace member's artifacts by its path relative to
/// the workspace, so a copy building into the workspace's `target/` would overwrite the
/// workspace's own module builds, and a later `cargo test` in the workspace could run a
/// knocked-out build and call it fresh.
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
    let items: Vec<(&Module, &Knockout)> = lists
        .iter()
        .flat_map(|(module, list)| list.iter().map(move |k| (*module, k)))
        .collect();
    let base = fsutil::target_base(scope.workspace).join("verify");
    let lanes = knockout_lanes::lanes(&base, knockout_lanes::count(items.len()));
    for lane in &lanes {
        prepare_copy(scope, &lists, &lane.copy, step)?;
    }
    if lanes.len() > 1 {
        step.note(format!(
            "{} knockouts in {} lanes (one copy and target directory each)",
            items.len(),
            lanes.len()
        ));
    }
    let verdicts = knockout_lanes::run(
        &lanes,
        &items,
        &|lane| knockout_lanes::seed(&lanes[0], lane),
        &|lane, (module, k)| {
            eprintln!("  knockout {} ({}) ...", k.id, module.number);
            let opts = RunOptions {
                cwd: lane.copy.clone(),
                target_dir: Some(lane.target.clone()),
                verbose: scope.opts.verbose,
                graded_only: true,
                hidden: None,
            };
            run_one(&lane.copy, scope.course, module, k, &opts)
        },
    )?;
    let mut caught: BTreeMap<&str, usize> = BTreeMap::new();
    for ((module, k), verdict) in items.iter().zip(verdicts) {
        match verdict {
            Verdict::Caught(tests) => {
                *caught.entry(module.number.as_str()).or_default() += 1;
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
    for (module, list) in &lists {
        if let Some(row) = rows.get_mut(&module.number) {
            let n = caught.get(module.number.as_str()).copied().unwrap_or(0);
            row.knockouts = Some((n, list.len()));
        }
    }
    Ok(())
}

/// Copies the workspace to `copy` with the hidden tests of the knockouts' modules (so they
/// help catch knockouts like any graded test).
fn prepare_copy(
    scope: &Scope,
    lists: &[(&Module, Vec<Knockout>)],
    copy: &Path,
    step: &mut Step,
) -> Result<()> {
    let files = fsutil::copy_workspace(scope.workspace, copy)?;
    step.note(format!("copied {files} files to {}", copy.display()));
    let Some(root) = &scope.opts.hidden else {
        return Ok(());
    };
    for (module, _) in lists {
        let hidden = crate::grading::hidden::files_for(root, module)?;
        crate::grading::hidden::inject(copy, module, &hidden)?;
        if !hidden.is_empty() {
            step.note(format!(
                "module {}: {} hidden test file(s) included in {}",
                module.number,
                hidden.len(),
                copy.display()
            ));
        }
    }
    Ok(())
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

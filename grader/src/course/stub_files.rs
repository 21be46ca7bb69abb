//! `cargo grade dev stubs`: keeps every module's `src/student/` in sync with `src/reference/`.

use crate::course::manifest::{Course, Module};
use crate::course::stubs::{self, Region, TaskRef};
use crate::util::error::{Error, Result};
use crate::util::fsutil;
use std::path::{Path, PathBuf};

/// How a student file differs from what the generator produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drift {
    /// The student file does not exist yet.
    Missing,
    /// The student file exists with other content.
    OutOfDate,
    /// The student file has no reference counterpart any more.
    Extra,
}

impl Drift {
    /// A short lowercase label: "missing", "out of date", "extra".
    pub fn label(self) -> &'static str {
        match self {
            Drift::Missing => "missing",
            Drift::OutOfDate => "out of date",
            Drift::Extra => "extra",
        }
    }
}

/// One student file that must change.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the workspace, e.g. `modules/01_tensor/src/student/matmul.rs`.
    pub path: String,
    /// What is wrong with it now.
    pub drift: Drift,
    /// The generated text (`None` for [`Drift::Extra`]: the file is removed).
    pub text: Option<String>,
}

/// The result of generating every stub: the changes needed and what was seen.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Files to create, rewrite or remove.
    pub changes: Vec<FileChange>,
    /// Student files already in sync.
    pub in_sync: usize,
    /// Every solution region found, with its module-relative reference path.
    pub regions: Vec<(String, Region)>,
    /// Modules skipped and why (not on disk, or no reference code).
    pub skipped: Vec<String>,
}

/// Generates the stubs of every built module (or only `only`) and compares them with the
/// student files on disk. Writes nothing.
pub fn plan(workspace: &Path, course: &Course, only: Option<&Module>) -> Result<Plan> {
    let mut plan = Plan::default();
    let width = rustfmt_max_width(workspace)?;
    for module in course
        .built()
        .filter(|m| only.is_none_or(|o| o.number == m.number))
    {
        plan_module(workspace, module, width, &mut plan)?;
    }
    Ok(plan)
}

/// The workspace's rustfmt `max_width` (`rustfmt.toml` or `.rustfmt.toml`), default 100,
/// so that generated stubs are exactly what `cargo fmt` would leave.
pub fn rustfmt_max_width(workspace: &Path) -> Result<usize> {
    for name in ["rustfmt.toml", ".rustfmt.toml"] {
        let path = workspace.join(name);
        if path.is_file() {
            let table: toml::Table = toml::from_str(&fsutil::read(&path)?)
                .map_err(|e| Error::new(format!("{}: {}", path.display(), e.message())))?;
            let width = table.get("max_width").and_then(|v| v.as_integer());
            return Ok(width
                .and_then(|w| usize::try_from(w).ok())
                .unwrap_or(stubs::RUSTFMT_MAX_WIDTH));
        }
    }
    Ok(stubs::RUSTFMT_MAX_WIDTH)
}

fn plan_module(workspace: &Path, module: &Module, width: usize, plan: &mut Plan) -> Result<()> {
    let dir = module.dir(workspace);
    if !dir.is_dir() {
        plan.skipped.push(format!(
            "module {}: {} does not exist yet",
            module.label(),
            module.path
        ));
        return Ok(());
    }
    if !module.has_reference(workspace) {
        plan.skipped.push(format!(
            "module {}: no src/reference (student edition), nothing to generate",
            module.label()
        ));
        return Ok(());
    }
    let tasks: Vec<TaskRef> = module
        .tasks
        .iter()
        .map(|t| TaskRef {
            id: t.id.clone(),
            title: t.title.clone(),
        })
        .collect();
    let reference_dir = dir.join("src/reference");
    let student_dir = dir.join("src/student");
    let reference_files = fsutil::rust_files(&reference_dir)?;
    for rel in &reference_files {
        let source = fsutil::read(&reference_dir.join(rel))?;
        let stub = stubs::generate_with_width(rel, &source, &tasks, width).map_err(|e| {
            Error::new(format!(
                "{}/src/reference/{rel}:{}: {}",
                module.path, e.line, e.message
            ))
        })?;
        plan.regions.extend(
            stub.regions
                .into_iter()
                .map(|r| (format!("src/reference/{rel}"), r)),
        );
        let student_path = student_dir.join(rel);
        let path = format!("{}/src/student/{rel}", module.path);
        match std::fs::read_to_string(&student_path) {
            Ok(current) if current == stub.text => plan.in_sync += 1,
            Ok(_) => plan.changes.push(FileChange {
                path,
                drift: Drift::OutOfDate,
                text: Some(stub.text),
            }),
            Err(_) if student_path.exists() => plan.changes.push(FileChange {
                path,
                drift: Drift::OutOfDate,
                text: Some(stub.text),
            }),
            Err(_) => plan.changes.push(FileChange {
                path,
                drift: Drift::Missing,
                text: Some(stub.text),
            }),
        }
    }
    for rel in fsutil::rust_files(&student_dir)? {
        if !reference_files.contains(&rel) {
            let path = format!("{}/src/student/{rel}", module.path);
            plan.changes.push(FileChange {
                path,
                drift: Drift::Extra,
                text: None,
            });
        }
    }
    Ok(())
}

/// What [`apply`] did to one file.
#[derive(Debug, Clone)]
pub struct Applied {
    /// Workspace-relative path of the student file.
    pub path: String,
    /// What was wrong with it.
    pub drift: Drift,
    /// Where the previous content was saved, if the file existed.
    pub backup: Option<PathBuf>,
}

/// Writes the planned changes. Every existing file that is rewritten or removed is first
/// copied under `.grade-backups/<unix-time>/`: a student file may hold real work.
pub fn apply(workspace: &Path, changes: &[FileChange]) -> Result<Vec<Applied>> {
    apply_with_backup(workspace, changes, &fsutil::new_backup_dir(workspace))
}

/// [`apply`], backing up into `backup_dir` (created only if something is backed up).
pub fn apply_with_backup(
    workspace: &Path,
    changes: &[FileChange],
    backup_dir: &Path,
) -> Result<Vec<Applied>> {
    let mut applied = Vec::new();
    for change in changes {
        let full = workspace.join(&change.path);
        let backup = if full.exists() {
            Some(fsutil::back_up(workspace, &change.path, backup_dir)?)
        } else {
            None
        };
        match &change.text {
            Some(text) => fsutil::write(&full, text)?,
            None => std::fs::remove_file(&full)
                .map_err(|e| Error::new(format!("cannot remove {}: {e}", full.display())))?,
        }
        applied.push(Applied {
            path: change.path.clone(),
            drift: change.drift,
            backup,
        });
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::stubs::{BEGIN, END};
    use std::fs;

    const COURSE: &str = r#"
format_version = 1
[course]
name = "T"
[[modules]]
number = "01"
name = "tensor"
title = "Tensor"
crate = "tinytorch-tensor"
path = "modules/01_tensor"
status = "built"
[[modules.tasks]]
id = "01.1"
title = "Creating"
points = 10
"#;

    fn workspace(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("grader-stubfiles-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fsutil::write(
            &dir.join("modules/01_tensor/src/reference/a.rs"),
            &format!("pub fn f() -> u8 {{\n    {BEGIN} 01.1\n    1\n    {END}\n}}\n"),
        )
        .unwrap();
        fsutil::write(
            &dir.join("modules/01_tensor/src/reference/sub/mod.rs"),
            "pub mod x;\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn plans_creates_then_is_in_sync_then_backs_up_changes() {
        let ws = workspace("cycle");
        let course = Course::parse(COURSE).unwrap();
        let first = plan(&ws, &course, None).unwrap();
        assert_eq!(first.changes.len(), 2);
        assert!(first.changes.iter().all(|c| c.drift == Drift::Missing));
        assert_eq!(first.regions.len(), 1);
        let applied = apply(&ws, &first.changes).unwrap();
        assert!(applied.iter().all(|a| a.backup.is_none()));
        assert!(plan(&ws, &course, None).unwrap().changes.is_empty());

        let student = ws.join("modules/01_tensor/src/student/a.rs");
        fs::write(&student, "my work").unwrap();
        fsutil::write(&ws.join("modules/01_tensor/src/student/old.rs"), "old work").unwrap();
        let second = plan(&ws, &course, None).unwrap();
        let drifts: Vec<Drift> = second.changes.iter().map(|c| c.drift).collect();
        assert_eq!(drifts, vec![Drift::OutOfDate, Drift::Extra]);
        let applied = apply(&ws, &second.changes).unwrap();
        let saved = applied[0].backup.as_ref().unwrap();
        assert_eq!(fs::read_to_string(saved).unwrap(), "my work");
        assert!(saved.to_string_lossy().contains("grade-backups"));
        assert_eq!(
            fs::read_to_string(applied[1].backup.as_ref().unwrap()).unwrap(),
            "old work"
        );
        assert!(!ws.join("modules/01_tensor/src/student/old.rs").exists());
        assert!(
            fs::read_to_string(&student)
                .unwrap()
                .contains("todo!(\n        \"[01.1 Creating] f:")
        );
        fs::remove_dir_all(&ws).unwrap();
    }

    #[test]
    fn marker_errors_name_file_and_line() {
        let ws = workspace("error");
        fsutil::write(
            &ws.join("modules/01_tensor/src/reference/a.rs"),
            &format!("fn f() {{\n{BEGIN} 01.7\n{END}\n}}\n"),
        )
        .unwrap();
        let course = Course::parse(COURSE).unwrap();
        let err = plan(&ws, &course, None).unwrap_err();
        assert!(
            err.message()
                .starts_with("modules/01_tensor/src/reference/a.rs:2: unknown task id 01.7"),
            "{err}"
        );
        fs::remove_dir_all(&ws).unwrap();
    }

    #[test]
    fn a_plain_item_is_named_with_file_and_line() {
        let ws = workspace("plain");
        fsutil::write(
            &ws.join("modules/01_tensor/src/reference/sub/mod.rs"),
            "pub mod x;\n\nfn sample_row() {}\n",
        )
        .unwrap();
        let course = Course::parse(COURSE).unwrap();
        let err = plan(&ws, &course, None).unwrap_err();
        assert!(
            err.message().starts_with(
                "modules/01_tensor/src/reference/sub/mod.rs:3: `fn sample_row` holds no solution region"
            ),
            "{err}"
        );
        fs::remove_dir_all(&ws).unwrap();
    }
}

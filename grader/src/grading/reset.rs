//! `cargo grade reset <module>`: puts a module's generated stubs back in `src/student/`.
//!
//! The stubs come from the reference (instructor workspace) or, in the student edition,
//! from the pristine copy `cargo grade dev release` keeps in `course/stubs/<NN_name>/`.
//! Every student file that would change is first copied to `.grade-backups/<time>/`.
//! Nothing is asked on a terminal: overwriting a file needs `--yes`, and without it the
//! command lists what would be overwritten and changes nothing.

use crate::bail;
use crate::course::manifest::{BuildStatus, Course, Module};
use crate::course::stub_files::{self, Applied, Drift, FileChange};
use crate::util::error::Result;
use crate::util::fsutil;
use std::path::{Path, PathBuf};

/// Where the student edition keeps the pristine stubs, relative to the workspace.
pub const SNAPSHOT_DIR: &str = "course/stubs";

/// Where a module's stubs come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Generated from `src/reference/` (instructor workspace).
    Reference,
    /// Copied from the edition's pristine stubs.
    Snapshot(PathBuf),
}

/// What a reset would do.
#[derive(Debug, Clone)]
pub struct ResetPlan {
    /// Where the stubs come from.
    pub source: Source,
    /// Files to create, overwrite or remove.
    pub changes: Vec<FileChange>,
    /// Student files already equal to their stub.
    pub in_sync: usize,
}

impl ResetPlan {
    /// The changes that overwrite or remove a file the student has (they need `--yes`).
    pub fn overwrites(&self) -> impl Iterator<Item = &FileChange> {
        self.changes.iter().filter(|c| c.drift != Drift::Missing)
    }
}

/// The pristine-stub directory of `module` in a student edition.
pub fn snapshot_dir(workspace: &Path, module: &Module) -> PathBuf {
    workspace.join(SNAPSHOT_DIR).join(module.dir_name())
}

/// Works out what resetting `module` would change; writes nothing.
pub fn plan(workspace: &Path, course: &Course, module: &Module) -> Result<ResetPlan> {
    if module.status == BuildStatus::Planned {
        bail!(
            "module {} is planned: it has no code to reset",
            module.label()
        );
    }
    if module.has_reference(workspace) {
        let p = stub_files::plan(workspace, course, Some(module))?;
        return Ok(ResetPlan {
            source: Source::Reference,
            changes: p.changes,
            in_sync: p.in_sync,
        });
    }
    let snapshot = snapshot_dir(workspace, module);
    if !snapshot.is_dir() {
        bail!(
            "module {} has no stubs to restore: neither {}/src/reference (instructor workspace) nor {} (student edition) exists",
            module.label(),
            module.path,
            fsutil::relative_slash(workspace, &snapshot)
        );
    }
    plan_from_snapshot(workspace, module, snapshot)
}

fn plan_from_snapshot(workspace: &Path, module: &Module, snapshot: PathBuf) -> Result<ResetPlan> {
    let student = module.dir(workspace).join("src/student");
    let stubs = fsutil::rust_files(&snapshot)?;
    if stubs.is_empty() {
        bail!(
            "{} holds no stub files: the student edition is incomplete",
            snapshot.display()
        );
    }
    let mut plan = ResetPlan {
        source: Source::Snapshot(snapshot.clone()),
        changes: Vec::new(),
        in_sync: 0,
    };
    for rel in &stubs {
        let text = fsutil::read(&snapshot.join(rel))?;
        let path = format!("{}/src/student/{rel}", module.path);
        let drift = match std::fs::read_to_string(student.join(rel)) {
            Ok(current) if current == text => {
                plan.in_sync += 1;
                continue;
            }
            Err(_) if !student.join(rel).exists() => Drift::Missing,
            _ => Drift::OutOfDate,
        };
        plan.changes.push(FileChange {
            path,
            drift,
            text: Some(text),
        });
    }
    for rel in fsutil::rust_files(&student)? {
        if !stubs.contains(&rel) {
            plan.changes.push(FileChange {
                path: format!("{}/src/student/{rel}", module.path),
                drift: Drift::Extra,
                text: None,
            });
        }
    }
    Ok(plan)
}

/// What [`apply`] did.
#[derive(Debug, Clone)]
pub struct ResetDone {
    /// The files written or removed.
    pub applied: Vec<Applied>,
    /// Where the previous files were saved (absent when nothing needed saving).
    pub backup_dir: Option<PathBuf>,
}

/// Carries out the plan, backing up every file it overwrites or removes.
pub fn apply(workspace: &Path, plan: &ResetPlan) -> Result<ResetDone> {
    let backup_dir = fsutil::new_backup_dir(workspace);
    let applied = stub_files::apply_with_backup(workspace, &plan.changes, &backup_dir)?;
    let saved = applied.iter().any(|a| a.backup.is_some());
    Ok(ResetDone {
        applied,
        backup_dir: saved.then_some(backup_dir),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course_toml() -> String {
        tinytorch_course::fixture::CourseToml::new("T")
            .module("01", "alpha", "built")
            .module("02", "beta", "planned")
            .text()
    }

    fn edition(name: &str) -> PathBuf {
        let dir = tinytorch_course::fixture::scratch_dir("grader-reset", name);
        fsutil::write(&dir.join("course/stubs/01_alpha/mod.rs"), "todo stub\n").unwrap();
        fsutil::write(&dir.join("course/stubs/01_alpha/a.rs"), "stub a\n").unwrap();
        fsutil::write(
            &dir.join("modules/01_alpha/src/student/mod.rs"),
            "todo stub\n",
        )
        .unwrap();
        fsutil::write(&dir.join("modules/01_alpha/src/student/extra.rs"), "mine\n").unwrap();
        dir
    }

    #[test]
    fn restores_from_the_edition_snapshot_with_backups() {
        let ws = edition("snapshot");
        let course = Course::parse(&course_toml()).unwrap();
        let module = &course.modules[0];
        let p = plan(&ws, &course, module).unwrap();
        assert!(matches!(p.source, Source::Snapshot(_)));
        assert_eq!(p.in_sync, 1);
        let drifts: Vec<Drift> = p.changes.iter().map(|c| c.drift).collect();
        assert_eq!(drifts, vec![Drift::Missing, Drift::Extra]);
        assert_eq!(p.overwrites().count(), 1);

        let done = apply(&ws, &p).unwrap();
        let backup = done.backup_dir.unwrap();
        assert_eq!(
            fsutil::read(&backup.join("modules/01_alpha/src/student/extra.rs")).unwrap(),
            "mine\n"
        );
        assert!(!ws.join("modules/01_alpha/src/student/extra.rs").exists());
        assert_eq!(
            fsutil::read(&ws.join("modules/01_alpha/src/student/a.rs")).unwrap(),
            "stub a\n"
        );
        assert!(plan(&ws, &course, module).unwrap().changes.is_empty());
        std::fs::remove_dir_all(&ws).unwrap();
    }

    #[test]
    fn refuses_without_stubs_and_for_planned_modules() {
        let ws = edition("refuse");
        let course = Course::parse(&course_toml()).unwrap();
        std::fs::remove_dir_all(ws.join("course/stubs")).unwrap();
        let err = plan(&ws, &course, &course.modules[0]).unwrap_err();
        assert!(err.message().contains("has no stubs to restore"), "{err}");
        let err = plan(&ws, &course, &course.modules[1]).unwrap_err();
        assert!(err.message().contains("planned"), "{err}");
        std::fs::remove_dir_all(&ws).unwrap();
    }
}

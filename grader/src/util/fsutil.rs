//! Small file-system helpers: listing sources, copying a workspace, backups.

use crate::util::error::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub use tinytorch_course::scan::{all_files, files_where, relative_slash, rust_files};

/// Reads a UTF-8 file with the path in the error.
pub fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).context(format!("cannot read {}", path.display()))
}

/// Writes a file, creating its parent directories.
pub fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).context(format!("cannot create {}", parent.display()))?;
    }
    fs::write(path, text).context(format!("cannot write {}", path.display()))
}

/// Writes a file through a temporary sibling and a rename, so a reader never sees half a
/// file and an interrupted write leaves the old one intact.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    write(&tmp, text)?;
    fs::rename(&tmp, path).context(format!("cannot write {}", path.display()))
}

/// A fresh backup directory `<workspace>/.grade-backups/<unix-seconds>` (outside `target/`,
/// so `cargo clean` never deletes a student's work; with a
/// `-2`, `-3`... suffix if that one exists). It is not created until something is copied in.
pub fn new_backup_dir(workspace: &Path) -> PathBuf {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let base = workspace.join(".grade-backups");
    let mut dir = base.join(seconds.to_string());
    let mut n = 2;
    while dir.exists() {
        dir = base.join(format!("{seconds}-{n}"));
        n += 1;
    }
    dir
}

/// Copies `workspace/rel` to `backup_dir/rel` and returns the backup's path.
pub fn back_up(workspace: &Path, rel: &str, backup_dir: &Path) -> Result<PathBuf> {
    let from = workspace.join(rel);
    let to = backup_dir.join(rel);
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).context(format!("cannot create {}", parent.display()))?;
    }
    fs::copy(&from, &to).context(format!(
        "cannot back up {} to {}",
        from.display(),
        to.display()
    ))?;
    Ok(to)
}

/// Replaces `to` by a copy of the tree `from`, skipping the top-level `target/` and `.git/`
/// (and any nested cargo target directory). File modification times are kept, except under
/// `src/student/` directories (rewritten by knockouts), so cargo can reuse what it built
/// from the previous copy without ever trusting a stale student file.
pub fn copy_workspace(from: &Path, to: &Path) -> Result<usize> {
    if to.exists() {
        fs::remove_dir_all(to).context(format!("cannot remove the old copy {}", to.display()))?;
    }
    fs::create_dir_all(to).context(format!("cannot create {}", to.display()))?;
    let mut count = 0;
    copy_dir(from, from, to, &mut count)?;
    Ok(count)
}

fn copy_dir(root: &Path, dir: &Path, to_root: &Path, count: &mut usize) -> Result<()> {
    for path in entries(dir)? {
        let rel = relative_slash(root, &path);
        let target = to_root.join(&rel);
        if path.is_dir() {
            let top_level_skip =
                dir == root && (rel == "target" || rel == ".git" || rel == ".grade-backups");
            if top_level_skip || path.join("CACHEDIR.TAG").exists() {
                continue;
            }
            fs::create_dir_all(&target).context(format!("cannot create {}", target.display()))?;
            copy_dir(root, &path, to_root, count)?;
        } else if path.is_file() {
            copy_file(&path, &target, !rel.contains("src/student/"))?;
            *count += 1;
        }
    }
    Ok(())
}

/// The paths in `dir`.
fn entries(dir: &Path) -> Result<Vec<PathBuf>> {
    fs::read_dir(dir)
        .and_then(|list| list.map(|e| e.map(|e| e.path())).collect())
        .context(format!("cannot list {}", dir.display()))
}

/// Copies one file, with its modification time when `keep_time`.
fn copy_file(from: &Path, to: &Path, keep_time: bool) -> Result<()> {
    fs::copy(from, to).context(format!(
        "cannot copy {} to {}",
        from.display(),
        to.display()
    ))?;
    if keep_time {
        keep_mtime(from, to);
    }
    Ok(())
}

/// Gives `to` the modification time of `from` (best effort: a lost time costs a rebuild).
pub fn keep_mtime(from: &Path, to: &Path) {
    let modified = fs::metadata(from).and_then(|m| m.modified());
    if let Ok(time) = modified
        && let Ok(file) = fs::File::options().write(true).open(to)
    {
        // Best effort: a lost mtime only costs a rebuild.
        let _ = file.set_modified(time);
    }
}

/// Copies the directory tree `from` to `to` (created), every file with its modification
/// time: used to seed a build directory from another, whose fingerprints compare mtimes.
/// Returns the number of files copied.
pub fn copy_tree(from: &Path, to: &Path) -> Result<usize> {
    fs::create_dir_all(to).context(format!("cannot create {}", to.display()))?;
    let mut count = 0;
    for path in entries(from)? {
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            count += copy_tree(&path, &target)?;
        } else if path.is_file() {
            copy_file(&path, &target, true)?;
            count += 1;
        }
    }
    Ok(count)
}

/// The workspace's cargo target directory: `$CARGO_TARGET_DIR` (relative to the workspace
/// when relative) or `<workspace>/target`. Scratch copies and their builds live below it.
pub fn target_base(workspace: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace.join(dir),
        _ => workspace.join("target"),
    }
}

/// Seconds since the Unix epoch, for timestamps in reports.
pub fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        tinytorch_course::fixture::scratch_dir("grader-fsutil", name)
    }

    #[test]
    fn lists_rust_files_recursively_and_sorted() {
        let dir = scratch("list");
        write(&dir.join("b.rs"), "").unwrap();
        write(&dir.join("a/c.rs"), "").unwrap();
        write(&dir.join("notes.md"), "").unwrap();
        assert_eq!(rust_files(&dir).unwrap(), vec!["a/c.rs", "b.rs"]);
        assert!(rust_files(&dir.join("missing")).unwrap().is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn copies_a_tree_with_its_modification_times() {
        let dir = scratch("tree");
        let src = dir.join("from");
        write(&src.join("a/b/c.bin"), "x").unwrap();
        write(&src.join("d.txt"), "y").unwrap();
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let file = fs::File::options()
            .write(true)
            .open(src.join("a/b/c.bin"))
            .unwrap();
        file.set_modified(old).unwrap();
        let to = dir.join("to");
        assert_eq!(copy_tree(&src, &to).unwrap(), 2);
        assert_eq!(read(&to.join("d.txt")).unwrap(), "y");
        let copied = fs::metadata(to.join("a/b/c.bin"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(copied, old);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn copies_a_workspace_without_target_and_git() {
        let dir = scratch("copy");
        let src = dir.join("ws");
        write(&src.join("Cargo.toml"), "x").unwrap();
        write(&src.join("target/debug/big"), "x").unwrap();
        write(&src.join(".git/HEAD"), "x").unwrap();
        write(&src.join("m/src/student/a.rs"), "x").unwrap();
        let dst = dir.join("copy");
        write(&dst.join("stale.txt"), "old").unwrap();
        assert_eq!(copy_workspace(&src, &dst).unwrap(), 2);
        assert!(dst.join("m/src/student/a.rs").is_file());
        assert!(
            !dst.join("target").exists()
                && !dst.join(".git").exists()
                && !dst.join("stale.txt").exists()
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn backups_never_overwrite() {
        let dir = scratch("backup");
        write(&dir.join("m/src/student/a.rs"), "work").unwrap();
        let first = new_backup_dir(&dir);
        let saved = back_up(&dir, "m/src/student/a.rs", &first).unwrap();
        assert_eq!(read(&saved).unwrap(), "work");
        let second = new_backup_dir(&dir);
        assert_ne!(first, second);
        fs::remove_dir_all(&dir).unwrap();
    }
}

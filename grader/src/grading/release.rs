//! `cargo grade dev release DIR`: writes the student edition.
//!
//! The edition is a copy of the workspace with every trace of the solutions removed: each
//! module's `src/reference/` and [`MODULE_INSTRUCTOR_FILES`], and the instructor-only paths
//! of [`INSTRUCTOR_ONLY`] (hidden tests, the instructor CI, the authoring guide, the tests
//! that cross-check the reference). `src/student/` becomes the only implementation:
//! the edition build script compiles it whenever `src/reference/` is absent. Generated
//! for students: `README.md`, `.github/workflows/classroom.yml` (GitHub Classroom
//! autograding), and `course/stubs/` (pristine stubs for `cargo grade reset`).
//!
//! After writing, [`scan`] proves what was promised: no file holds a solution marker or a
//! hidden test, and no reference directory, knockout list or hidden directory exists. A
//! failed scan is an error.

use crate::bail;
use crate::course::manifest::{BuildStatus, Course, Module};
use crate::course::stub_files;
use crate::course::stubs::{BEGIN_WORDS, END_WORDS};
use crate::grading::hidden;
use crate::grading::integrity;
use crate::grading::knockouts;
use crate::grading::mutants;
use crate::grading::reset::SNAPSHOT_DIR;
use crate::util::error::{Context, Result};
use crate::util::fsutil;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Workspace paths (relative, `/`-separated) that never go into the edition. A new test
/// that reads `src/reference/` (it would fail in the edition) belongs here.
pub const INSTRUCTOR_ONLY: &[&str] = &[
    "target",
    ".git",
    ".grade-backups",
    ".grade",
    "checkpoints",
    hidden::DEFAULT_DIR,
    ".ci",
    ".github",
    "docs/AUTHORING.md",
    "docs/MUTANTS.md",
    "docs/RELEASE.md",
    "tests/manifest.rs",
    "tests/milestone_items.rs",
    "grader/tests/release.rs",
];

/// Files removed from every module: the knockouts and the equivalent mutants quote
/// reference code.
pub const MODULE_INSTRUCTOR_FILES: &[&str] =
    &[knockouts::FILE, mutants::EQUIVALENTS_FILE, "TASKS.toml"];

/// Where the edition's GitHub Classroom workflow goes.
pub const WORKFLOW_PATH: &str = ".github/workflows/classroom.yml";

const README_TEMPLATE: &str = include_str!("../../templates/student_readme.md");
const WORKFLOW_TEMPLATE: &str = include_str!("../../templates/classroom.yml");

/// What `release` was asked to do.
#[derive(Debug, Clone)]
pub struct ReleaseOptions {
    /// Where to write the edition (must be outside the workspace).
    pub dir: PathBuf,
    /// Replace the contents of a non-empty `dir` (a `.git` in it is kept).
    pub force: bool,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct ReleaseSummary {
    /// The edition's directory (absolute).
    pub dir: PathBuf,
    /// Files written.
    pub files: usize,
    /// Built modules in the edition.
    pub modules: Vec<String>,
    /// Module directories left out (planned in course.toml).
    pub left_out: Vec<String>,
    /// Stub files kept in `course/stubs/`.
    pub stub_files: usize,
    /// Set when the edition's Cargo.lock could not be brought in line with its members.
    pub lock_warning: Option<String>,
}

/// Writes the student edition of `workspace` into `opts.dir`.
pub fn release(workspace: &Path, course: &Course, opts: &ReleaseOptions) -> Result<ReleaseSummary> {
    check_source(workspace, course)?;
    let dir = resolve_target(workspace, &opts.dir)?;
    prepare_target(&dir, opts.force)?;
    let mut summary = ReleaseSummary {
        dir: dir.clone(),
        files: 0,
        modules: course.built().map(|m| m.number.clone()).collect(),
        left_out: Vec::new(),
        stub_files: 0,
        lock_warning: None,
    };
    let mut copier = Copier {
        workspace,
        course,
        to: &dir,
        files: 0,
        left_out: BTreeSet::new(),
    };
    copier.copy_dir(workspace)?;
    summary.files = copier.files;
    summary.left_out = copier.left_out.into_iter().collect();
    if !summary.left_out.is_empty() {
        summary.lock_warning = refresh_lock(&dir);
    }
    summary.stub_files = write_snapshots(workspace, course, &dir)?;
    summary.files += summary.stub_files + write_generated(workspace, course, &dir)?;
    // Last, so that it records every instructor file as written.
    integrity::write_manifest(&dir)?;
    summary.files += 1;
    let leaks = scan(&dir, hidden::locate(workspace, None)?.as_deref())?;
    if !leaks.is_empty() {
        bail!(
            "the edition in {} is NOT safe to hand out ({} finding(s)): {}",
            dir.display(),
            leaks.len(),
            leaks.join("; ")
        );
    }
    Ok(summary)
}

/// The workspace must be the instructor's, with stubs in sync with the reference.
fn check_source(workspace: &Path, course: &Course) -> Result<()> {
    if course.built().next().is_none() {
        bail!("no module is built in course.toml: there is nothing to release");
    }
    if course.is_student_edition(workspace) {
        bail!(
            "{} is already a student edition (no reference code): release from the instructor workspace",
            workspace.display()
        );
    }
    let plan = stub_files::plan(workspace, course, None)?;
    if let Some(first) = plan.changes.first() {
        bail!(
            "{} student file(s) are out of date with the reference (first: {} {}): run `cargo grade dev stubs`, then release",
            plan.changes.len(),
            first.drift.label(),
            first.path
        );
    }
    if let Some(m) = course
        .built()
        .find(|m| !m.dir(workspace).join("src/student/mod.rs").is_file())
    {
        bail!(
            "module {} has no src/student/mod.rs: run `cargo grade dev stubs`, then release",
            m.label()
        );
    }
    Ok(())
}

/// The absolute edition directory. It must lie outside the workspace, and must not
/// contain it (replacing its contents would delete the course).
fn resolve_target(workspace: &Path, dir: &Path) -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let abs = normalize(&cwd.join(dir));
    let real = canonical_prefix(&abs);
    let ws = workspace
        .canonicalize()
        .unwrap_or_else(|_| workspace.to_path_buf());
    if real.starts_with(&ws) {
        bail!(
            "{} is inside the course workspace {}: write the edition elsewhere, e.g. ../{}-student",
            dir.display(),
            ws.display(),
            ws.file_name().unwrap_or_default().to_string_lossy()
        );
    }
    if ws.starts_with(&real) {
        bail!(
            "{} contains the course workspace {}: choose a directory outside it",
            dir.display(),
            ws.display()
        );
    }
    Ok(real)
}

/// Removes `.` and resolves `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` with its longest existing ancestor canonicalized (symbolic links resolved).
fn canonical_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for name in rest.iter().rev() {
        real.push(name);
    }
    real
}

/// Creates `dir`, or empties it with `force` (keeping `.git`); refuses a non-empty one.
fn prepare_target(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} exists and is not a directory", dir.display());
    }
    if !dir.exists() {
        return fs::create_dir_all(dir).context(format!("cannot create {}", dir.display()));
    }
    let entries: Vec<PathBuf> = fs::read_dir(dir)
        .context(format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_none_or(|n| n != ".git"))
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    if !force {
        bail!(
            "{} is not empty ({} entries): choose an empty directory, or pass --force to replace its contents (a .git directory in it is kept)",
            dir.display(),
            entries.len()
        );
    }
    for path in entries {
        let removed = if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        removed.context(format!("cannot remove {}", path.display()))?;
    }
    Ok(())
}

/// Copies the workspace, leaving out everything instructor-only.
struct Copier<'a> {
    workspace: &'a Path,
    course: &'a Course,
    to: &'a Path,
    files: usize,
    left_out: BTreeSet<String>,
}

impl Copier<'_> {
    fn copy_dir(&mut self, dir: &Path) -> Result<()> {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .context(format!("cannot list {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            let rel = fsutil::relative_slash(self.workspace, &path);
            if path.is_symlink() || self.excluded(&rel, &path) {
                continue;
            }
            if path.is_dir() {
                self.copy_dir(&path)?;
            } else if path.is_file() {
                let target = self.to.join(&rel);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)
                        .context(format!("cannot create {}", parent.display()))?;
                }
                fs::copy(&path, &target).context(format!("cannot copy {rel}"))?;
                // Keep modification times (cargo then reuses builds across releases),
                // except for student code: an old time on new content could make cargo
                // trust a stale build of it.
                if !rel.contains("/src/student/") {
                    fsutil::keep_mtime(&path, &target);
                }
                self.files += 1;
            }
        }
        Ok(())
    }

    fn excluded(&mut self, rel: &str, path: &Path) -> bool {
        if INSTRUCTOR_ONLY.contains(&rel) || rel == "README.md" || rel == "course.toml" {
            return true;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
            return true;
        }
        if path.is_dir() && path.join("CACHEDIR.TAG").exists() {
            return true; // a cargo target directory somewhere below
        }
        if let Some(module_dir) = rel.strip_prefix("modules/")
            && path.is_dir()
            && !module_dir.contains('/')
            && !self.is_built_module(rel)
        {
            self.left_out.insert(rel.to_string());
            return true;
        }
        self.course.built().any(|m| {
            rel.strip_prefix(&format!("{}/", m.path))
                .is_some_and(|inside| {
                    inside == "src/reference" || MODULE_INSTRUCTOR_FILES.contains(&inside)
                })
        })
    }

    fn is_built_module(&self, rel: &str) -> bool {
        self.course
            .modules
            .iter()
            .any(|m| m.path == rel && m.status == BuildStatus::Built)
    }
}

/// Drops the left-out modules from the edition's Cargo.lock (any cargo command rewrites
/// the lock to match the members; `--offline` keeps every version as it was), so that
/// `--locked` builds work in the edition. Returns a warning when cargo could not do it.
fn refresh_lock(dir: &Path) -> Option<String> {
    let out = std::process::Command::new(crate::cargo::cargo_program())
        .args(["metadata", "--offline", "--format-version", "1"])
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .stdin(std::process::Stdio::null())
        .output();
    match out {
        Ok(o) if o.status.success() => None,
        Ok(o) => Some(format!(
            "Cargo.lock still lists the left-out modules (cargo metadata failed: {}); the first build in the edition updates it",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or_default()
        )),
        Err(e) => Some(format!("cannot run cargo to update Cargo.lock: {e}")),
    }
}

/// Copies each built module's `src/student/` to `course/stubs/<NN_name>/`.
fn write_snapshots(workspace: &Path, course: &Course, to: &Path) -> Result<usize> {
    let mut count = 0;
    for module in course.built() {
        let from = module.dir(workspace).join("src/student");
        let snapshot = to.join(SNAPSHOT_DIR).join(module.dir_name());
        for rel in fsutil::rust_files(&from)? {
            fsutil::write(&snapshot.join(&rel), &fsutil::read(&from.join(&rel))?)?;
            count += 1;
        }
    }
    Ok(count)
}

/// Writes the student README, the course manifest and the Classroom workflow; returns how
/// many files that is.
fn write_generated(workspace: &Path, course: &Course, to: &Path) -> Result<usize> {
    let rust_version = rust_version(workspace);
    let readme = README_TEMPLATE
        .replace("@@course@@", &course.course.name)
        .replace("@@description@@", &course.course.description)
        .replace("@@rust_version@@", &rust_version)
        .replace("@@modules@@", &module_table(course));
    fsutil::write(&to.join("README.md"), &readme)?;
    let manifest = fsutil::read(&workspace.join(crate::course::manifest::MANIFEST_FILE))?;
    fsutil::write(
        &to.join(crate::course::manifest::MANIFEST_FILE),
        &student_manifest(&manifest),
    )?;
    let workflow = WORKFLOW_TEMPLATE
        .replace("@@course@@", &course.course.name)
        .replace("@@rust_version@@", &rust_version);
    fsutil::write(&to.join(WORKFLOW_PATH), &workflow)?;
    Ok(3)
}

fn rust_version(workspace: &Path) -> String {
    let text = fs::read_to_string(workspace.join("Cargo.toml")).unwrap_or_default();
    text.lines()
        .find_map(|l| {
            let v = l.trim().strip_prefix("rust-version")?.trim_start();
            let v = v.strip_prefix('=')?.trim().trim_matches('"');
            (!v.is_empty()).then(|| v.to_string())
        })
        .unwrap_or_else(|| "stable".into())
}

/// One Markdown row per built module.
fn module_table(course: &Course) -> String {
    let rows: Vec<String> = course
        .built()
        .map(|m: &Module| {
            format!(
                "| {} | {} | {} | [{}/README.md]({}/README.md) |",
                m.number,
                m.title,
                m.max_points(),
                m.path,
                m.path
            )
        })
        .collect();
    rows.join("\n")
}

/// The manifest with its instructor header (the leading comment block, which explains the
/// authoring conventions) replaced by a note for students.
pub fn student_manifest(text: &str) -> String {
    let body_start = text
        .lines()
        .position(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .unwrap_or(0);
    let body: Vec<&str> = text.lines().skip(body_start).collect();
    format!(
        "# The course manifest: modules, tasks, points, hints and milestones. `cargo grade`\n\
         # reads it to grade your code; do not edit it.\n\n{}\n",
        body.join("\n")
    )
}

/// Checks an edition: returns one line per leak (empty when it is safe to hand out).
/// `hidden_root` is the instructor's hidden-test directory, whose files must not appear.
pub fn scan(dir: &Path, hidden_root: Option<&Path>) -> Result<Vec<String>> {
    let mut hidden_contents = BTreeSet::new();
    if let Some(root) = hidden_root {
        for rel in fsutil::rust_files(root)? {
            hidden_contents.insert(fs::read(root.join(&rel)).unwrap_or_default());
        }
    }
    let mut leaks = Vec::new();
    scan_dir(dir, dir, &hidden_contents, &mut leaks)?;
    Ok(leaks)
}

fn scan_dir(
    root: &Path,
    dir: &Path,
    hidden_contents: &BTreeSet<Vec<u8>>,
    leaks: &mut Vec<String>,
) -> Result<()> {
    let entries = fs::read_dir(dir).context(format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .context(format!("cannot list {}", dir.display()))?
            .path();
        let rel = fsutil::relative_slash(root, &path);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            if rel == ".git" || path.join("CACHEDIR.TAG").exists() {
                continue;
            }
            if rel == hidden::DEFAULT_DIR {
                leaks.push(format!("{rel}/: the hidden tests"));
            }
            if name == "reference" && dir.file_name().is_some_and(|p| p == "src") {
                leaks.push(format!("{rel}/: reference code"));
            }
            scan_dir(root, &path, hidden_contents, leaks)?;
            continue;
        }
        if MODULE_INSTRUCTOR_FILES.contains(&name.as_ref()) {
            leaks.push(format!("{rel}: instructor file"));
        }
        let bytes = fs::read(&path).context(format!("cannot read {}", path.display()))?;
        if contains(&bytes, BEGIN_WORDS.as_bytes()) || contains(&bytes, END_WORDS.as_bytes()) {
            leaks.push(format!("{rel}: contains a solution marker"));
        }
        if hidden_contents.contains(&bytes) {
            leaks.push(format!("{rel}: a copy of a hidden test"));
        }
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_manifest_replaces_only_the_header() {
        let text = "# authoring notes\n# markers\n\nformat_version = 1\n# kept comment\n[course]\n";
        let out = student_manifest(text);
        assert!(out.starts_with("# The course manifest"));
        assert!(!out.contains("authoring notes"));
        assert!(out.contains("format_version = 1\n# kept comment\n[course]\n"));
    }

    #[test]
    fn normalizes_paths_lexically() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }

    #[test]
    fn scan_finds_every_kind_of_leak() {
        let dir = tinytorch_course::fixture::scratch_dir("grader-scan", "test");
        let ed = dir.join("edition");
        fsutil::write(&ed.join("modules/01_a/src/student/mod.rs"), "todo!()").unwrap();
        assert!(scan(&ed, None).unwrap().is_empty());

        let marker = format!("fn f() {{\n    // {BEGIN_WORDS} 01.1\n}}\n");
        fsutil::write(&ed.join("modules/01_a/src/student/a.rs"), &marker).unwrap();
        fsutil::write(&ed.join("modules/01_a/src/reference/mod.rs"), "x").unwrap();
        fsutil::write(&ed.join("modules/01_a/knockouts.toml"), "").unwrap();
        fsutil::write(&ed.join("hidden/01/extra.rs"), "y").unwrap();
        fsutil::write(&dir.join("secret/01/t.rs"), "secret test").unwrap();
        fsutil::write(&ed.join("modules/01_a/tests/copied.rs"), "secret test").unwrap();
        let leaks = scan(&ed, Some(&dir.join("secret"))).unwrap().join("\n");
        for expected in [
            "modules/01_a/src/student/a.rs: contains a solution marker",
            "modules/01_a/src/reference/: reference code",
            "modules/01_a/knockouts.toml: instructor file",
            "hidden/: the hidden tests",
            "modules/01_a/tests/copied.rs: a copy of a hidden test",
        ] {
            assert!(
                leaks.contains(expected),
                "missing {expected:?} in:\n{leaks}"
            );
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}

//! The release manifest: which files of a student edition are the instructor's, by
//! SHA-256, so that a changed test, snapshot, `course.toml`, build file or grader is
//! reported instead of silently graded with.
//!
//! `cargo grade dev release` writes [`MANIFEST_PATH`] into the edition. Every file of the
//! edition is the instructor's except the student's own ([`is_student_owned`]: each
//! module's `src/student/**`) and prose ([`is_unchecked`]: Markdown outside `tests/`,
//! `.gitignore`). In the edition, grading checks the manifest first
//! ([`check`]); a changed or missing file makes every grade untrusted, naming the files.
//!
//! A student who also edits the manifest defeats this local check: it is a tripwire for
//! honest mistakes and a loud signal, not a proof. The grade that counts comes from
//! `cargo grade submissions`, which copies only the student's files into a pristine copy.

use crate::util::error::{Context, Result};
use crate::util::fsutil;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Where the edition keeps its manifest (relative to the edition's root).
pub const MANIFEST_PATH: &str = "course/release-manifest.json";

/// Directories never recorded (build output, version control, grader state).
const SKIPPED_DIRS: &[&str] = &["target", ".git", ".grade", ".grade-backups", "checkpoints"];

/// The manifest file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseManifest {
    /// Version of this format.
    pub format_version: u32,
    /// What belongs to the student (glob-like patterns, for people reading the file).
    pub student_owned: Vec<String>,
    /// Instructor-owned file (relative, `/`-separated) → SHA-256 (hex).
    pub files: BTreeMap<String, String>,
}

/// How [`Tampering::problem`] begins.
const TAMPERED: &str = "TAMPERED";

/// True when a grade's edition problem is tampering (instructor files changed), which
/// running again cannot mend: the student must restore the files.
pub fn is_tampering(problem: &str) -> bool {
    problem.starts_with(TAMPERED)
}

/// Instructor files that differ from the release.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tampering {
    /// Files whose content changed.
    pub changed: Vec<String>,
    /// Files that were deleted.
    pub missing: Vec<String>,
}

impl Tampering {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty()
    }

    /// Every file named, changed first.
    pub fn files(&self) -> Vec<String> {
        let missing = self.missing.iter().map(|f| format!("{f} (deleted)"));
        self.changed.iter().cloned().chain(missing).collect()
    }

    /// The one-line problem shown in every grade of a tampered edition.
    pub fn problem(&self) -> String {
        format!(
            "{TAMPERED}: {} instructor file(s) differ from the release ({}); no grade from this copy counts: restore them (e.g. `git checkout -- FILE`)",
            self.changed.len() + self.missing.len(),
            self.files().join(", ")
        )
    }
}

/// True for the student's own files: each module's `src/student/**`.
pub fn is_student_owned(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    parts.len() > 4 && parts[0] == "modules" && parts[2] == "src" && parts[3] == "student"
}

/// True for files no grade depends on: prose outside `tests/` and `.gitignore`.
pub fn is_unchecked(rel: &str) -> bool {
    let in_tests = rel.split('/').any(|p| p == "tests");
    (rel.ends_with(".md") && !in_tests) || rel.ends_with(".gitignore") || rel == MANIFEST_PATH
}

/// Hashes every instructor-owned file of the edition in `dir` and writes the manifest;
/// returns how many files it records.
pub fn write_manifest(dir: &Path) -> Result<usize> {
    let manifest = ReleaseManifest {
        format_version: 1,
        student_owned: vec!["modules/*/src/student/**".into()],
        files: hash_tree(dir)?,
    };
    let text = serde_json::to_string_pretty(&manifest).context("cannot encode the manifest")?;
    crate::util::fsutil::write(&dir.join(MANIFEST_PATH), &format!("{text}\n"))?;
    Ok(manifest.files.len())
}

/// In a student edition with a manifest: the instructor files that changed. `Ok(None)`
/// when there is no manifest (the instructor's workspace, or an edition released before
/// manifests existed).
pub fn check(workspace: &Path) -> Result<Option<Tampering>> {
    let path = workspace.join(MANIFEST_PATH);
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::util::fsutil::read(&path)?;
    let manifest: ReleaseManifest = serde_json::from_str(&text).map_err(|e| {
        crate::util::error::Error::new(format!(
            "{}: not a release manifest ({e}); restore it from the release",
            path.display()
        ))
    })?;
    let mut found = Tampering::default();
    for (rel, want) in &manifest.files {
        match fs::read(workspace.join(rel)) {
            Ok(bytes) if &sha256_hex(&bytes) == want => {}
            Ok(_) => found.changed.push(rel.clone()),
            Err(_) => found.missing.push(rel.clone()),
        }
    }
    Ok(Some(found))
}

/// Relative path → SHA-256 of every instructor-owned file under `dir`.
fn hash_tree(dir: &Path) -> Result<BTreeMap<String, String>> {
    let owned = fsutil::files_where(dir, &|rel, is_dir| {
        if is_dir {
            !SKIPPED_DIRS.contains(&rel)
        } else {
            !is_student_owned(rel) && !is_unchecked(rel)
        }
    })?;
    let mut files = BTreeMap::new();
    for rel in owned {
        let path = dir.join(&rel);
        let bytes = fs::read(&path).context(format!("cannot read {}", path.display()))?;
        files.insert(rel, sha256_hex(&bytes));
    }
    Ok(files)
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinytorch_course::fixture::scratch_dir;

    fn put(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    #[test]
    fn ownership_rules() {
        assert!(is_student_owned(
            "modules/02_activations/src/student/pointwise.rs"
        ));
        assert!(!is_student_owned("modules/02_activations/src/lib.rs"));
        assert!(!is_student_owned("modules/02_activations/tests/graded.rs"));
        assert!(is_unchecked("modules/02_activations/README.md"));
        assert!(!is_unchecked("modules/02_activations/tests/snapshots/a.md"));
        assert!(!is_unchecked("course.toml"));
    }

    #[test]
    fn a_changed_or_deleted_instructor_file_is_named_and_student_files_are_free() {
        let ws = scratch_dir("grader-integrity", "ws");
        put(&ws, "course.toml", "format_version = 1\n");
        put(
            &ws,
            "modules/01_a/tests/graded.rs",
            "#[test] fn t01_1_x() { assert!(false) }\n",
        );
        put(&ws, "modules/01_a/tests/snapshots/s.snap", "42\n");
        put(&ws, "modules/01_a/src/student/mod.rs", "todo!()\n");
        put(&ws, "modules/01_a/README.md", "lesson\n");
        put(&ws, "target/debug/x", "built\n");
        assert_eq!(write_manifest(&ws).unwrap(), 3);
        assert_eq!(check(&ws).unwrap(), Some(Tampering::default()));
        put(&ws, "modules/01_a/src/student/mod.rs", "42\n");
        put(&ws, "modules/01_a/README.md", "my notes\n");
        assert!(check(&ws).unwrap().unwrap().is_empty());
        put(
            &ws,
            "modules/01_a/tests/graded.rs",
            "#[test] fn t01_1_x() { return; }\n",
        );
        fs::remove_file(ws.join("modules/01_a/tests/snapshots/s.snap")).unwrap();
        let found = check(&ws).unwrap().unwrap();
        assert_eq!(found.changed, vec!["modules/01_a/tests/graded.rs"]);
        assert_eq!(found.missing, vec!["modules/01_a/tests/snapshots/s.snap"]);
        assert!(
            found
                .problem()
                .starts_with("TAMPERED: 2 instructor file(s)")
        );
        assert!(found.problem().contains("s.snap (deleted)"));
        assert!(is_tampering(&found.problem()));
        assert!(!is_tampering(
            "the `edition_probe` test did not pass: it crashed"
        ));
        assert_eq!(
            check(&scratch_dir("grader-integrity", "none")).unwrap(),
            None
        );
    }
}

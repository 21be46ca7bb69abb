//! Milestone records: the evidence that a milestone ran successfully on the current code.
//!
//! `cargo grade status` shows a milestone as *achieved* only when all its required modules
//! are complete AND a record exists whose fingerprint matches the current sources. The
//! fingerprint is a SHA-256 over the student's source files of the required modules
//! (everything under `src/` except `src/reference/`) and the milestone crate (`src/` and
//! `Cargo.toml`): change one line of your tensor after a milestone run and the record no
//! longer counts, so status can never drift from the code.
//!
//! The milestone command writes records; it calls, in order:
//!
//! ```no_run
//! # use tinytorch_grader::{course::manifest::Course, grading::milestone_record};
//! # fn run(workspace: &std::path::Path, course: &Course) -> tinytorch_grader::util::error::Result<()> {
//! let milestone = course.find_milestone("06")?;
//! let fingerprint = milestone_record::fingerprint(workspace, course, milestone)?; // BEFORE the run
//! // ... run the milestone on the student's chain; only if every gate passes:
//! let record = milestone_record::MilestoneRecord::new(&milestone.id, fingerprint, "accuracy 0.97 >= 0.95");
//! let path = milestone_record::write_record(workspace, &record)?;
//! # let _ = path; Ok(()) }
//! ```
//!
//! Records live in `.grade/milestones/<id>.json` (outside `target/`, so `cargo clean` keeps
//! them). A record is not a signature: anyone can write one. It is a local cache of a
//! successful run; an instructor who needs proof re-runs the milestone.

use crate::bail;
use crate::course::manifest::{Course, Milestone};
use crate::util::error::{Context, Error, Result};
use crate::util::fsutil;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The directory of the records, relative to the workspace.
pub const RECORD_DIR: &str = ".grade/milestones";

/// The record format this grader writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// What a successful milestone run leaves behind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRecord {
    /// Record format, [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Milestone id, e.g. "06".
    pub milestone: String,
    /// [`fingerprint`] of the sources the run used, `sha256:<hex>`.
    pub fingerprint: String,
    /// When the run finished, seconds since the Unix epoch.
    pub achieved_at_unix: u64,
    /// The grader version that wrote the record.
    pub grader_version: String,
    /// One line for people: what the run achieved.
    pub summary: String,
    /// Anything else the milestone wants to keep (measurements), as JSON.
    #[serde(default)]
    pub details: serde_json::Value,
}

impl MilestoneRecord {
    /// A record of a run that finished now.
    pub fn new(milestone: &str, fingerprint: String, summary: impl Into<String>) -> Self {
        MilestoneRecord {
            schema_version: SCHEMA_VERSION,
            milestone: milestone.to_string(),
            fingerprint,
            achieved_at_unix: fsutil::unix_seconds(),
            grader_version: env!("CARGO_PKG_VERSION").to_string(),
            summary: summary.into(),
            details: serde_json::Value::Null,
        }
    }
}

/// The fingerprint of the sources a milestone runs on: `sha256:<hex>` over every file
/// under `src/` (except `src/reference/`) of each required module, and the milestone
/// crate's `src/` and `Cargo.toml`, in sorted path order, each as path, length and
/// content (CRLF read as LF, so a Windows checkout gives the same fingerprint).
pub fn fingerprint(workspace: &Path, course: &Course, milestone: &Milestone) -> Result<String> {
    let mut files: Vec<String> = Vec::new();
    let mut required = milestone.requires.clone();
    required.sort();
    required.dedup();
    for number in &required {
        let Some(module) = course.modules.iter().find(|m| &m.number == number) else {
            bail!(
                "milestone {} requires module {number}, which course.toml does not list",
                milestone.id
            );
        };
        let src = module.dir(workspace).join("src");
        for rel in fsutil::all_files(&src)? {
            if !rel.starts_with("reference/") {
                files.push(format!("{}/src/{rel}", module.path));
            }
        }
    }
    if !milestone.path.is_empty() {
        let dir = workspace.join(&milestone.path);
        for rel in fsutil::all_files(&dir.join("src"))? {
            files.push(format!("{}/src/{rel}", milestone.path));
        }
        if dir.join("Cargo.toml").is_file() {
            files.push(format!("{}/Cargo.toml", milestone.path));
        }
    }
    files.sort();
    let mut hash = Sha256::new();
    hash.update(b"tinytorch milestone fingerprint v1\n");
    for rel in &files {
        let bytes = std::fs::read(workspace.join(rel)).context(format!("cannot read {rel}"))?;
        let text = normalize_newlines(&bytes);
        hash.update(rel.as_bytes());
        hash.update([0]);
        hash.update((text.len() as u64).to_le_bytes());
        hash.update(&text);
    }
    Ok(format!("sha256:{:x}", hash.finalize()))
}

fn normalize_newlines(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(b);
    }
    out
}

/// Where the record of milestone `id` lives.
pub fn record_path(workspace: &Path, id: &str) -> PathBuf {
    workspace.join(RECORD_DIR).join(format!("{id}.json"))
}

/// Writes the record (replacing an older one) and returns its path.
pub fn write_record(workspace: &Path, record: &MilestoneRecord) -> Result<PathBuf> {
    if record.milestone.is_empty()
        || !record
            .milestone
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        bail!(
            "milestone id {:?} cannot name a record file: use letters, digits, - and _",
            record.milestone
        );
    }
    let path = record_path(workspace, &record.milestone);
    let text = serde_json::to_string_pretty(record).context("cannot write the record as JSON")?;
    fsutil::write_atomic(&path, &format!("{text}\n"))?;
    Ok(path)
}

/// Reads the record of milestone `id`: `Ok(None)` when there is none, an error when the
/// file is unreadable or from an unknown format.
pub fn read_record(workspace: &Path, id: &str) -> Result<Option<MilestoneRecord>> {
    let path = record_path(workspace, id);
    if !path.exists() {
        return Ok(None);
    }
    let text = fsutil::read(&path)?;
    let record: MilestoneRecord = serde_json::from_str(&text).map_err(|e| {
        Error::new(format!(
            "{}: not a milestone record ({e}): delete it and run the milestone again",
            path.display()
        ))
    })?;
    if record.schema_version != SCHEMA_VERSION {
        bail!(
            "{}: record format {} is not supported by this grader (expected {SCHEMA_VERSION}): run the milestone again",
            path.display(),
            record.schema_version
        );
    }
    if record.milestone != id {
        bail!(
            "{}: the record is for milestone {}, not {id}: delete it and run the milestone again",
            path.display(),
            record.milestone
        );
    }
    Ok(Some(record))
}

/// What the record of a milestone says about the current sources.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordState {
    /// No record: the milestone never ran successfully here.
    Missing,
    /// A record whose fingerprint matches the current sources.
    Current(MilestoneRecord),
    /// A record from other sources (the code changed since the run).
    Stale(MilestoneRecord),
    /// The record file cannot be used; the message says why and what to do.
    Unreadable(String),
}

/// Reads the record of `milestone` and compares its fingerprint with the current sources.
pub fn state(workspace: &Path, course: &Course, milestone: &Milestone) -> RecordState {
    let record = match read_record(workspace, &milestone.id) {
        Ok(Some(r)) => r,
        Ok(None) => return RecordState::Missing,
        Err(e) => return RecordState::Unreadable(e.to_string()),
    };
    match fingerprint(workspace, course, milestone) {
        Ok(f) if f == record.fingerprint => RecordState::Current(record),
        Ok(_) => RecordState::Stale(record),
        Err(e) => RecordState::Unreadable(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course_toml() -> String {
        tinytorch_course::fixture::CourseToml::new("T")
            .module("01", "alpha", "built")
            .milestone("01", "First", "built", &["01"])
            .text()
    }

    fn workspace(name: &str) -> PathBuf {
        let dir = tinytorch_course::fixture::scratch_dir("grader-record", name);
        fsutil::write(&dir.join("modules/01_alpha/src/student/a.rs"), "mine\n").unwrap();
        fsutil::write(&dir.join("modules/01_alpha/src/lib.rs"), "lib\n").unwrap();
        fsutil::write(&dir.join("milestones/01_first/src/main.rs"), "main\n").unwrap();
        dir
    }

    #[test]
    fn fingerprint_follows_student_sources_only() {
        let ws = workspace("fp");
        let course = Course::parse(&course_toml()).unwrap();
        let m = &course.milestones[0];
        let first = fingerprint(&ws, &course, m).unwrap();
        assert!(first.starts_with("sha256:") && first.len() == 7 + 64);
        // The reference is not the student's code: it does not count.
        fsutil::write(&ws.join("modules/01_alpha/src/reference/a.rs"), "ref").unwrap();
        assert_eq!(fingerprint(&ws, &course, m).unwrap(), first);
        // CRLF checkouts give the same fingerprint.
        fsutil::write(&ws.join("modules/01_alpha/src/student/a.rs"), "mine\r\n").unwrap();
        assert_eq!(fingerprint(&ws, &course, m).unwrap(), first);
        // One changed byte of student code, or of the milestone, changes it.
        fsutil::write(&ws.join("modules/01_alpha/src/student/a.rs"), "mine!\n").unwrap();
        let second = fingerprint(&ws, &course, m).unwrap();
        assert_ne!(second, first);
        fsutil::write(&ws.join("milestones/01_first/src/main.rs"), "main2\n").unwrap();
        assert_ne!(fingerprint(&ws, &course, m).unwrap(), second);
        std::fs::remove_dir_all(&ws).unwrap();
    }

    #[test]
    fn records_round_trip_and_go_stale_when_code_changes() {
        let ws = workspace("record");
        let course = Course::parse(&course_toml()).unwrap();
        let m = &course.milestones[0];
        assert_eq!(state(&ws, &course, m), RecordState::Missing);
        assert_eq!(read_record(&ws, "01").unwrap(), None);

        let record = MilestoneRecord::new("01", fingerprint(&ws, &course, m).unwrap(), "ok");
        let path = write_record(&ws, &record).unwrap();
        assert!(path.ends_with(".grade/milestones/01.json"));
        assert_eq!(read_record(&ws, "01").unwrap(), Some(record.clone()));
        assert_eq!(state(&ws, &course, m), RecordState::Current(record.clone()));

        fsutil::write(&ws.join("modules/01_alpha/src/student/a.rs"), "changed\n").unwrap();
        assert_eq!(state(&ws, &course, m), RecordState::Stale(record));

        fsutil::write(&path, "{ not json").unwrap();
        match state(&ws, &course, m) {
            RecordState::Unreadable(why) => assert!(why.contains("run the milestone again")),
            other => panic!("{other:?}"),
        }
        let bad = MilestoneRecord::new("../x", String::new(), "");
        assert!(write_record(&ws, &bad).is_err());
        std::fs::remove_dir_all(&ws).unwrap();
    }
}

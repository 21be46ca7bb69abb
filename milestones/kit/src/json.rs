//! Writing a report as pretty JSON (every binary's `--json PATH`).

use crate::MilestoneError;
use serde::Serialize;
use std::path::Path;

/// Writes `report` to `path` as pretty-printed JSON.
///
/// # Errors
/// [`MilestoneError::Io`] naming the path if it cannot be serialized or written.
pub fn write_json(path: &Path, report: &impl Serialize) -> Result<(), MilestoneError> {
    let io = |message: String| MilestoneError::Io {
        path: path.to_path_buf(),
        message,
    };
    let text = serde_json::to_string_pretty(report)
        .map_err(|e| io(format!("cannot serialize the report: {e}")))?;
    std::fs::write(path, text + "\n").map_err(|e| {
        io(format!(
            "cannot write the JSON report: {e}; pass a writable --json path"
        ))
    })
}

/// Writes `text` (an SVG, a report) to `path`, creating its directory.
///
/// # Errors
/// [`MilestoneError::Io`] naming the path if the directory or the file cannot be written.
pub fn write_text(path: &Path, text: &str) -> Result<(), MilestoneError> {
    let io = |e: std::io::Error| MilestoneError::Io {
        path: path.to_path_buf(),
        message: format!("cannot write it: {e}; check the directory's permissions or pass --dir"),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, text).map_err(io)
}

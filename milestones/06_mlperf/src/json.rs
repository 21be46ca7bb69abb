//! Writing a report as pretty JSON (every binary's `--json PATH`).

use crate::MlperfError;
use serde::Serialize;
use std::path::Path;

/// Writes `report` to `path` as pretty-printed JSON.
///
/// # Errors
/// [`MlperfError::Io`] naming the path if it cannot be serialized or written.
pub fn write_json(path: &Path, report: &impl Serialize) -> Result<(), MlperfError> {
    let io = |message: String| MlperfError::Io {
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

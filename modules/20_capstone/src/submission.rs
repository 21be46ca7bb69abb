//! The submission (shared code): what an entrant hands in beside the model file. The
//! reading and checking of one is task 20.2 (`reference/submission.rs`).
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "name": "alice-int8",
//!   "model_file": "alice-int8.safetensors",
//!   "model_sha256": "9f86d08...",
//!   "measured": { "accuracy": 0.96, "correct": 350, "samples": 364,
//!                 "latency_p90_ms": 0.021, "size_bytes": 3321 },
//!   "editions": [ { "module": "01", "edition": "student" }, ... ],
//!   "machine": { "os": "linux", "arch": "x86_64", "cpus": 2 },
//!   "created_by": "tinytorch-capstone 0.1.0"
//! }
//! ```

use crate::{CapstoneError, Measured};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tinytorch_tensor::ModuleEdition;

/// The schema version this code writes, and the newest it reads.
pub const SCHEMA_VERSION: u64 = 1;

/// Which code a module was compiled from when the entry was measured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionRecord {
    /// The two-digit module number, `"01"` to `"20"`.
    pub module: String,
    /// `"reference"` or `"student"`.
    pub edition: String,
}

impl From<ModuleEdition> for EditionRecord {
    fn from(m: ModuleEdition) -> EditionRecord {
        EditionRecord {
            module: m.module.to_string(),
            edition: m.edition.as_str().to_string(),
        }
    }
}

/// The machine an entry was measured on, so that an instructor can tell why its latency
/// differs on theirs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// The operating system (`std::env::consts::OS`), e.g. `"linux"`.
    pub os: String,
    /// The CPU architecture (`std::env::consts::ARCH`), e.g. `"x86_64"`.
    pub arch: String,
    /// Logical CPUs available to the process.
    pub cpus: usize,
}

impl Machine {
    /// The machine this code runs on.
    pub fn this() -> Machine {
        Machine {
            os: std::env::consts::OS.to_string(),
            arch: std::env::consts::ARCH.to_string(),
            cpus: std::thread::available_parallelism().map_or(1, usize::from),
        }
    }
}

/// One entry: the numbers it claims, the hash of the model file they were measured on,
/// which code measured them, and where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Must be [`SCHEMA_VERSION`]; a newer one is refused with a clear error.
    pub schema_version: u64,
    /// The entry's name on the leaderboard: 1 to 64 characters of `A-Z a-z 0-9 - _ .`.
    pub name: String,
    /// The model file, a plain file name in the submission's folder (no path).
    pub model_file: String,
    /// SHA-256 of the model file, 64 lowercase hex digits.
    pub model_sha256: String,
    /// The numbers the entrant measured.
    pub measured: Measured,
    /// The edition of every module the measuring code was built from.
    pub editions: Vec<EditionRecord>,
    /// The machine it was measured on.
    pub machine: Machine,
    /// The program that wrote the submission.
    pub created_by: String,
}

impl Submission {
    /// A submission of `measured` for the model file `model_file` (a plain file name) whose
    /// SHA-256 is `model_sha256`, stamped with this build's editions and this machine.
    pub fn new(name: &str, model_file: &str, model_sha256: &str, measured: Measured) -> Submission {
        Submission {
            schema_version: SCHEMA_VERSION,
            name: name.to_string(),
            model_file: model_file.to_string(),
            model_sha256: model_sha256.to_string(),
            measured,
            editions: crate::editions().into_iter().map(Into::into).collect(),
            machine: Machine::this(),
            created_by: format!("tinytorch-capstone {}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// The submission as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a submission holds only numbers and strings")
    }

    /// Reads and checks the submission at `path` ([`Submission::from_json`]).
    ///
    /// # Errors
    /// [`CapstoneError::Io`] if the file cannot be read; any error of `from_json`.
    pub fn read(path: &Path) -> Result<Submission, CapstoneError> {
        let text = std::fs::read_to_string(path).map_err(|e| CapstoneError::io(path, &e))?;
        Submission::from_json(&text)
    }

    /// Writes the submission as JSON to `path`.
    ///
    /// # Errors
    /// [`CapstoneError::Io`] if the file cannot be written.
    pub fn write(&self, path: &Path) -> Result<(), CapstoneError> {
        std::fs::write(path, self.to_json() + "\n").map_err(|e| CapstoneError::io(path, &e))
    }

    /// The model file's path: `model_file` in the folder holding the submission `json`.
    pub fn model_path(&self, json: &Path) -> PathBuf {
        json.parent()
            .unwrap_or_else(|| Path::new("."))
            .join(&self.model_file)
    }
}

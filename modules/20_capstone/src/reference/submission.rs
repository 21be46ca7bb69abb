//! Task 20.2: reading a submission safely: the version first, then the schema, then every
//! field's rules; and the SHA-256 that ties it to its model file.

use crate::{CapstoneError, SCHEMA_VERSION, Submission};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

impl Submission {
    /// Parses a submission and checks it ([`Submission::check`]).
    ///
    /// The version is read FIRST, from the raw JSON value: a file from a newer course may
    /// have fields this code does not know, and must be refused as "newer, update the
    /// course", not as a confusing "unknown field". Only then is the whole object
    /// deserialized, refusing unknown fields (a typo such as `"acuracy"` must not be
    /// silently ignored).
    ///
    /// # Errors
    /// [`CapstoneError::Json`] for text that is not a JSON object of the schema,
    /// [`CapstoneError::NewerVersion`] for a `schema_version` above [`SCHEMA_VERSION`],
    /// [`CapstoneError::UnsupportedVersion`] for a missing, non-integer or older one, and
    /// any error of [`Submission::check`].
    ///
    /// ```
    /// use tinytorch_capstone::{CapstoneError, Submission};
    /// let newer = r#"{"schema_version": 7, "hologram": true}"#;
    /// assert!(matches!(Submission::from_json(newer), Err(CapstoneError::NewerVersion { found: 7, .. })));
    /// ```
    pub fn from_json(text: &str) -> Result<Submission, CapstoneError> {
        // BEGIN SOLUTION 20.2
        let json = |e: serde_json::Error| CapstoneError::Json {
            message: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(json)?;
        let Some(object) = value.as_object() else {
            return Err(CapstoneError::Json {
                message: "the top level is not an object".to_string(),
            });
        };
        let version = object.get("schema_version");
        match version.and_then(serde_json::Value::as_u64) {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(CapstoneError::NewerVersion {
                    found: v,
                    supported: SCHEMA_VERSION,
                });
            }
            Some(SCHEMA_VERSION) => {}
            _ => {
                return Err(CapstoneError::UnsupportedVersion {
                    found: version.map_or("missing".to_string(), ToString::to_string),
                    supported: SCHEMA_VERSION,
                });
            }
        }
        let submission: Submission = serde_json::from_value(value).map_err(json)?;
        submission.check()?;
        Ok(submission)
        // END SOLUTION
    }

    /// Checks the rules serde cannot: a valid name and plain file name, a well-formed hash,
    /// measured numbers in range and consistent (`accuracy == correct / samples`), and
    /// editions that name course modules.
    ///
    /// # Errors
    /// [`CapstoneError::Schema`] naming the first field that breaks a rule, and the rule.
    pub fn check(&self) -> Result<(), CapstoneError> {
        // BEGIN SOLUTION 20.2
        let name_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if self.name.is_empty() || self.name.len() > 64 || !self.name.chars().all(name_ok) {
            let reason = format!(
                "{:?} must be 1 to 64 characters of A-Z a-z 0-9 - _ .",
                self.name
            );
            return Err(CapstoneError::schema("name", reason));
        }
        let file = &self.model_file;
        if file.is_empty() || file.contains(['/', '\\']) || file == "." || file == ".." {
            let reason = format!(
                "{file:?} must be a plain file name in the submission's folder, without a path"
            );
            return Err(CapstoneError::schema("model_file", reason));
        }
        let hash = &self.model_sha256;
        let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
        if hash.len() != 64 || !hash.chars().all(hex) {
            let reason = format!("{hash:?} must be 64 lowercase hex digits (a SHA-256)");
            return Err(CapstoneError::schema("model_sha256", reason));
        }
        let m = &self.measured;
        if m.samples == 0 || m.correct > m.samples {
            let reason = format!(
                "{} correct of {} samples: need 0 <= correct <= samples and samples > 0",
                m.correct, m.samples
            );
            return Err(CapstoneError::schema("measured.correct", reason));
        }
        let fraction = m.correct as f64 / m.samples as f64;
        if !m.accuracy.is_finite() || (m.accuracy - fraction).abs() > 1e-9 {
            let reason = format!(
                "{} is not correct / samples = {} / {} = {fraction}",
                m.accuracy, m.correct, m.samples
            );
            return Err(CapstoneError::schema("measured.accuracy", reason));
        }
        if !(m.latency_p90_ms.is_finite() && m.latency_p90_ms > 0.0) {
            let reason = format!("{} must be a finite number of ms > 0", m.latency_p90_ms);
            return Err(CapstoneError::schema("measured.latency_p90_ms", reason));
        }
        if m.size_bytes == 0 {
            return Err(CapstoneError::schema(
                "measured.size_bytes",
                "0: must be > 0",
            ));
        }
        if self.editions.is_empty() {
            return Err(CapstoneError::schema(
                "editions",
                "empty: list every module",
            ));
        }
        for e in &self.editions {
            let number_ok =
                e.module.len() == 2 && e.module.parse::<u32>().is_ok_and(|n| (1..=20).contains(&n));
            if !number_ok || !matches!(e.edition.as_str(), "reference" | "student") {
                let reason = format!(
                    "module {:?} edition {:?}: need a module \"01\"..\"20\" and \
                     \"reference\" or \"student\"",
                    e.module, e.edition
                );
                return Err(CapstoneError::schema("editions", reason));
            }
        }
        if self.machine.cpus == 0 {
            return Err(CapstoneError::schema("machine.cpus", "0: must be >= 1"));
        }
        Ok(())
        // END SOLUTION
    }
}

/// The SHA-256 of the file at `path` as 64 lowercase hex digits, read in 64 KiB chunks (a
/// model file need not fit in memory twice).
///
/// # Errors
/// [`CapstoneError::Io`] if the file cannot be read.
///
/// ```
/// let path = std::env::temp_dir().join(format!("doc-sha-{}.txt", std::process::id()));
/// std::fs::write(&path, b"abc").unwrap();
/// assert_eq!(
///     tinytorch_capstone::sha256_file(&path).unwrap(),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn sha256_file(path: &Path) -> Result<String, CapstoneError> {
    // BEGIN SOLUTION 20.2
    let io = |e: std::io::Error| CapstoneError::io(path, &e);
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
    // END SOLUTION
}

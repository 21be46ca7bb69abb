//! The recipe stamp: a small JSON file beside each checkpoint (`<name>.json`) recording
//! which recipe, seed, data and course editions trained it, a fingerprint of the
//! checkpoint's bytes, and what the training run measured.
//!
//! A checkpoint whose stamp is missing, names another recipe, seed, data set or edition,
//! or whose bytes no longer match the fingerprint is stale and gets retrained: safetensors
//! validation alone would accept a file with flipped weight bits, or one trained by an
//! older recipe.

use crate::MilestoneError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::Path;

/// What a training run did (kept in the stamp, so a reloaded network still reports it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// `"epochs"` (digit networks) or `"steps"` (GPTs).
    pub unit: String,
    /// How many epochs or steps ran.
    pub count: usize,
    /// Wall-clock seconds of the training loop.
    pub seconds: f64,
    /// The training loss of the last epoch (mean) or step.
    pub final_train_loss: f32,
}

/// What identifies the recipe a checkpoint was trained with: change any field and the
/// checkpoint is stale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipeIdentity {
    /// The network's name.
    pub network: String,
    /// The recipe's identity string: change the recipe, change this string.
    pub recipe: String,
    /// The recipe's seed.
    pub seed: u64,
    /// A fingerprint of the training data (`"sha256:..."` of the file, or `"synthetic"`).
    pub data: String,
    /// Which course editions (reference or student) the code that trained it used.
    pub editions: String,
}

/// The stamp file's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    /// The recipe that trained the checkpoint.
    pub identity: RecipeIdentity,
    /// The checkpoint file's size.
    pub checkpoint_bytes: u64,
    /// SHA-256 of the checkpoint file's bytes, in hex.
    pub checkpoint_sha256: String,
    /// What the training run did.
    pub training: TrainingSummary,
}

/// The SHA-256 of `bytes`, as 64 hex digits: the fingerprint of a checkpoint or a data
/// file (the grader fingerprints sources the same way).
///
/// ```
/// assert_eq!(
///     tinytorch_milestone_kit::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `"sha256:<hex>"` of the file at `path`: the data fingerprint a [`RecipeIdentity`] records.
///
/// # Errors
/// [`MilestoneError::Io`] if the file cannot be read.
pub fn file_fingerprint(path: &Path) -> Result<String, MilestoneError> {
    Ok(format!("sha256:{}", sha256_hex(&read_bytes(path)?)))
}

/// Reads `path` for fingerprinting.
///
/// # Errors
/// [`MilestoneError::Io`] naming the path.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, MilestoneError> {
    fs::read(path).map_err(|e| MilestoneError::Io {
        path: path.to_path_buf(),
        message: format!("cannot read it: {e}; check that it exists and is readable"),
    })
}

/// Reads the stamp at `path`.
///
/// # Errors
/// Why it cannot be used (missing, unreadable, not a stamp), for the user.
pub fn read_stamp(path: &Path) -> Result<Stamp, String> {
    let text = fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!(
            "it has no recipe stamp {} (trained by an older recipe, or copied without it)",
            path.display()
        ),
        _ => format!("its recipe stamp {} is unreadable: {e}", path.display()),
    })?;
    serde_json::from_str(&text)
        .map_err(|e| format!("its recipe stamp {} is not valid: {e}", path.display()))
}

/// Writes `stamp` to `path` through a temporary file and a rename (never half a file).
///
/// # Errors
/// [`MilestoneError::Io`] naming the path.
pub fn write_stamp(path: &Path, stamp: &Stamp) -> Result<(), MilestoneError> {
    let io = |e: std::io::Error| MilestoneError::Io {
        path: path.to_path_buf(),
        message: format!(
            "cannot write the recipe stamp: {e}; check the directory's permissions and free space"
        ),
    };
    let json = serde_json::to_string_pretty(stamp).map_err(|e| MilestoneError::Io {
        path: path.to_path_buf(),
        message: format!("cannot encode the recipe stamp: {e}"),
    })?;
    let temp = path.with_extension(format!("json.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(json.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(io)
}

/// Why `stamp` does not vouch for a checkpoint of `expected` whose bytes are `bytes`, or
/// `None` when it does.
pub fn stale_reason(stamp: &Stamp, expected: &RecipeIdentity, bytes: &[u8]) -> Option<String> {
    let found = &stamp.identity;
    let differs = |what: &str, old: &str, new: &str| {
        Some(format!(
            "it is stale: it was trained with {what} {old:?}, the current one is {new:?}"
        ))
    };
    if found.network != expected.network {
        return differs("the network", &found.network, &expected.network);
    }
    if found.recipe != expected.recipe {
        return differs("the recipe", &found.recipe, &expected.recipe);
    }
    if found.seed != expected.seed {
        return differs(
            "the seed",
            &found.seed.to_string(),
            &expected.seed.to_string(),
        );
    }
    if found.data != expected.data {
        return differs("the data", &found.data, &expected.data);
    }
    if found.editions != expected.editions {
        return differs("the course editions", &found.editions, &expected.editions);
    }
    let hash = sha256_hex(bytes);
    if stamp.checkpoint_bytes != bytes.len() as u64 || stamp.checkpoint_sha256 != hash {
        return Some(format!(
            "its bytes changed after training ({} bytes, fingerprint {hash}; the stamp recorded \
             {} bytes, {}): it was modified or corrupted",
            bytes.len(),
            stamp.checkpoint_bytes,
            stamp.checkpoint_sha256
        ));
    }
    None
}

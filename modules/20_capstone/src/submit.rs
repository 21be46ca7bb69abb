//! Making a submission (shared code): save the model, measure it, hash it, write the JSON.

use crate::{CapstoneError, MeasureConfig, Submission, measure, sha256_file};
use std::path::{Path, PathBuf};
use tinytorch_dataloader::TensorDataset;
use tinytorch_layers::Sequential;

/// Saves `model` as an f32 checkpoint (module 08's format) at `path`: the baseline entry.
///
/// # Errors
/// [`CapstoneError::Model`] if the checkpoint cannot be written.
pub fn save_baseline(model: &Sequential, path: &Path) -> Result<(), CapstoneError> {
    tinytorch_training::save_checkpoint(model, path).map_err(|e| CapstoneError::Model {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Submits the model file `dir/model_file` as the entry `name`: measures it on `test`
/// ([`measure`]), hashes it, and writes `dir/<name>.json`. Returns the submission and the
/// JSON's path.
///
/// # Errors
/// [`CapstoneError::Schema`] for a name or file name the schema refuses, and any error
/// of measuring, hashing or writing.
pub fn submit(
    dir: &Path,
    name: &str,
    model_file: &str,
    test: &TensorDataset,
    config: &MeasureConfig,
) -> Result<(Submission, PathBuf), CapstoneError> {
    let model_path = dir.join(model_file);
    let measured = measure(&model_path, test, config)?;
    let hash = sha256_file(&model_path)?;
    let submission = Submission::new(name, model_file, &hash, measured);
    submission.check()?;
    let json = dir.join(format!("{name}.json"));
    submission.write(&json)?;
    Ok((submission, json))
}

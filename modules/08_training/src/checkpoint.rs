//! Saving and loading a model's parameters as a safetensors file (shared code, not an
//! exercise).
//!
//! The file holds one little-endian `f32` tensor per named parameter (`"0.weight"`,
//! `"2.bias"`, ...) and the metadata `{"format": "tinytorch-checkpoint", "version": "1"}`
//! (plus the model's name, for humans). safetensors is a header of JSON and a flat byte
//! buffer: no code runs when loading it, unlike a pickle, and the header alone says what
//! is inside.

use crate::{CheckpointError, RawTensor};
use ndarray::{ArrayD, IxDyn};
use safetensors::tensor::TensorView;
use safetensors::{Dtype, SafeTensors};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

/// The `format` metadata of every checkpoint this crate writes.
pub const CHECKPOINT_FORMAT: &str = "tinytorch-checkpoint";

/// The checkpoint format version this code writes, and the newest it reads.
pub const CHECKPOINT_VERSION: u32 = 1;

/// Writes every named parameter of `model` to `path` as a safetensors checkpoint.
///
/// The bytes go to a temporary file in the same directory, which is flushed to disk and
/// then renamed over `path`: a rename within a directory is atomic, so a crash (or a full
/// disk) leaves either the old file or the new one, never half a file. A parameter shared
/// by two layers is stored under each of its names.
///
/// # Errors
/// [`CheckpointError::Io`] if the file cannot be written (e.g. the directory does not
/// exist); [`CheckpointError::DuplicateName`] if two parameters share a name.
///
/// ```
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// use tinytorch_training::{load_checkpoint, save_checkpoint};
///
/// let path = std::env::temp_dir().join(format!("doc-ckpt-{}.safetensors", std::process::id()));
/// let trained = Linear::new(3, 2, &mut seeded_rng(1));
/// save_checkpoint(&trained, &path).unwrap();
///
/// let fresh = Linear::new(3, 2, &mut seeded_rng(2)); // other weights, same shapes
/// load_checkpoint(&fresh, &path).unwrap();
/// let x = Tensor::ones(&[1, 3]);
/// assert_eq!(fresh.forward(&x).to_vec(), trained.forward(&x).to_vec());
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn save_checkpoint(model: &dyn Module, path: &Path) -> Result<(), CheckpointError> {
    let named = model.named_parameters();
    let mut seen = HashSet::new();
    if let Some((name, _)) = named.iter().find(|(name, _)| !seen.insert(name.as_str())) {
        return Err(CheckpointError::DuplicateName { name: name.clone() });
    }
    let tensors: Vec<(String, RawTensor)> = named
        .iter()
        .map(|(name, param)| (name.clone(), RawTensor::f32(&param.get())))
        .collect();
    let metadata = HashMap::from([
        ("format".to_string(), CHECKPOINT_FORMAT.to_string()),
        ("version".to_string(), CHECKPOINT_VERSION.to_string()),
        ("model".to_string(), model.name()),
    ]);
    let bytes =
        safetensors::serialize(tensors, Some(metadata)).map_err(|e| CheckpointError::Io {
            path: path.to_path_buf(),
            message: format!("could not serialize the parameters: {e}"),
        })?;
    write_atomically(path, &bytes).map_err(|e| CheckpointError::Io {
        path: path.to_path_buf(),
        message: format!("could not write the checkpoint: {e} (does the directory exist?)"),
    })
}

/// Sets every named parameter of `model` from the checkpoint at `path`.
///
/// Everything is checked before the first parameter is set: that the file is a valid
/// safetensors file written by [`save_checkpoint`] in a version this code reads, and that
/// it holds exactly the model's parameter names, each as `F32` with the parameter's shape.
/// A failed load therefore leaves the model exactly as it was.
///
/// # Errors
/// A [`CheckpointError`] naming the file and what to do: missing file, corrupt or
/// truncated file, not a checkpoint, newer format version, missing or unexpected tensor,
/// shape mismatch (with both shapes), dtype other than `F32`.
pub fn load_checkpoint(model: &dyn Module, path: &Path) -> Result<(), CheckpointError> {
    let bytes = fs::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => CheckpointError::NotFound {
            path: path.to_path_buf(),
        },
        _ => CheckpointError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    })?;
    let corrupt = |reason: String| CheckpointError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    let (_, metadata) = SafeTensors::read_metadata(&bytes).map_err(|e| corrupt(e.to_string()))?;
    check_format(path, metadata.metadata().as_ref())?;
    let file = SafeTensors::deserialize(&bytes).map_err(|e| corrupt(e.to_string()))?;

    // Phase 1: validate every tensor and decode it; nothing is set yet.
    let named = model.named_parameters();
    let mut decoded: Vec<(Parameter, Tensor)> = Vec::with_capacity(named.len());
    for (name, param) in &named {
        let view = file
            .tensor(name)
            .map_err(|_| CheckpointError::MissingTensor {
                path: path.to_path_buf(),
                name: name.clone(),
            })?;
        decoded.push((param.clone(), decode(path, name, &param.shape(), &view)?));
    }
    let expected: HashSet<&str> = named.iter().map(|(name, _)| name.as_str()).collect();
    let mut extra: Vec<&str> = file
        .names()
        .into_iter()
        .filter(|name| !expected.contains(name))
        .collect();
    extra.sort_unstable();
    if let Some(name) = extra.first() {
        return Err(CheckpointError::UnexpectedTensor {
            path: path.to_path_buf(),
            name: name.to_string(),
        });
    }

    // Phase 2: every check passed; set the parameters.
    for (param, value) in decoded {
        param.set(value);
    }
    Ok(())
}

/// Checks the `format` and `version` metadata.
fn check_format(
    path: &Path,
    metadata: Option<&HashMap<String, String>>,
) -> Result<(), CheckpointError> {
    let get = |key: &str| metadata.and_then(|m| m.get(key)).cloned();
    let format = get("format");
    if format.as_deref() != Some(CHECKPOINT_FORMAT) {
        return Err(CheckpointError::NotACheckpoint {
            path: path.to_path_buf(),
            format,
        });
    }
    let found = get("version").unwrap_or_else(|| "missing".into());
    match found.parse::<u32>() {
        Ok(v) if (1..=CHECKPOINT_VERSION).contains(&v) => Ok(()),
        // A number above ours is a newer format; anything else is not a version we wrote.
        Ok(_) => Err(CheckpointError::UnsupportedVersion {
            path: path.to_path_buf(),
            found,
            supported: CHECKPOINT_VERSION,
        }),
        Err(_) => Err(CheckpointError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("its version metadata is {found:?}, not a number"),
        }),
    }
}

/// The tensor `name` of the file as a `Tensor`, after checking its dtype and shape.
fn decode(
    path: &Path,
    name: &str,
    expected: &[usize],
    view: &TensorView<'_>,
) -> Result<Tensor, CheckpointError> {
    if view.dtype() != Dtype::F32 {
        return Err(CheckpointError::WrongDtype {
            path: path.to_path_buf(),
            name: name.to_string(),
            dtype: view.dtype().to_string(),
        });
    }
    if view.shape() != expected {
        return Err(CheckpointError::ShapeMismatch {
            path: path.to_path_buf(),
            name: name.to_string(),
            expected: expected.to_vec(),
            found: view.shape().to_vec(),
        });
    }
    // safetensors checked that the byte count matches the shape and dtype.
    let values: Vec<f32> = view
        .data()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let array =
        ArrayD::from_shape_vec(IxDyn(expected), values).map_err(|e| CheckpointError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("tensor {name:?}: {e}"),
        })?;
    Ok(Tensor::from_array(array))
}

/// Writes `bytes` to a temporary sibling of `path`, syncs it, and renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(path);
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        // On disk before the rename, or a power cut could leave a renamed empty file.
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        // Best effort: the error that matters is the one being returned.
        let _ = fs::remove_file(&temp);
    }
    result
}

/// `dir/.name.tmp-PID`: in the same directory (a rename across file systems is not
/// atomic), hidden, and distinct per process.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "checkpoint".into());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

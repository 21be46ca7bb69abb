//! The compressed-model file: safetensors holding every parameter in its encoding, with
//! the layout (names, shapes, encodings) in the metadata. Sizes are measured from the
//! written file by module 15's `stored_size`.

use super::encoding::{Encoded, WeightFormat, decode, encode_matrix, encode_vector};
use crate::MlperfError;
use crate::error::io;
use safetensors::SafeTensors;
use std::collections::HashMap;
use std::path::Path;
use tinytorch_layers::Module;
use tinytorch_quantization::{StoredSize, stored_size};
use tinytorch_tensor::Tensor;
use tinytorch_training::RawTensor;

/// The `format` metadata of a compressed-model file.
pub const COMPRESSED_FORMAT: &str = "tinytorch-compressed";
/// The version this code writes and reads.
pub const COMPRESSED_VERSION: u32 = 1;

/// How the weight matrices of a model are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct StoragePlan {
    /// The number format of every parameter of rank >= 2.
    pub format: WeightFormat,
    /// Store only the nonzero entries, with a bitmask (for pruned models).
    pub sparse: bool,
}

impl StoragePlan {
    /// How vectors (biases, LayerNorm gains) are stored: f32 in the f32 baseline, f16 in
    /// every compressed format (a few hundred values: at f32 they alone keep a small
    /// model's INT8 file below 3.9x; f16's 11-bit mantissa changes them by < 0.05%).
    pub fn vector_format(&self) -> WeightFormat {
        match self.format {
            WeightFormat::F32 => WeightFormat::F32,
            _ => WeightFormat::F16,
        }
    }

    /// A short label, e.g. `int8+bitmask`.
    pub fn label(&self) -> String {
        match self.sparse {
            true => format!("{}+bitmask", self.format.name()),
            false => self.format.name().to_string(),
        }
    }
}

/// A model's parameters encoded under a [`StoragePlan`], ready to write.
#[derive(Clone, Debug)]
pub struct CompressedModel {
    plan: StoragePlan,
    entries: Vec<Entry>,
}

#[derive(Clone, Debug)]
struct Entry {
    name: String,
    shape: Vec<usize>,
    matrix: bool,
    encoded: Encoded,
}

impl CompressedModel {
    /// Encodes every parameter of `model` under `plan`.
    pub fn encode(model: &dyn Module, plan: StoragePlan) -> CompressedModel {
        let entries = model
            .named_parameters()
            .into_iter()
            .map(|(name, p)| {
                let t = p.get();
                let matrix = t.ndim() >= 2;
                let encoded = match matrix {
                    true => encode_matrix(&t, plan.format, plan.sparse),
                    false => encode_vector(&t, plan.vector_format()),
                };
                Entry {
                    name,
                    shape: t.shape().to_vec(),
                    matrix,
                    encoded,
                }
            })
            .collect();
        CompressedModel { plan, entries }
    }

    /// The plan it was encoded with.
    pub fn plan(&self) -> StoragePlan {
        self.plan
    }

    /// The largest INT8 rounding error over every matrix, in quantization steps (`None`
    /// unless the format is INT8). Round-to-nearest keeps it at or below 0.5.
    pub fn max_error_steps(&self) -> Option<f32> {
        self.entries
            .iter()
            .filter_map(|e| e.encoded.max_error_steps)
            .reduce(f32::max)
    }

    /// The parameters a decoder reconstructs, by name.
    pub fn decoded(&self) -> Vec<(String, Tensor)> {
        self.entries
            .iter()
            .map(|e| {
                let t = Tensor::from_vec(e.encoded.decoded.clone(), &e.shape)
                    .expect("decoded values fit the shape");
                (e.name.clone(), t)
            })
            .collect()
    }

    /// Writes the file and returns its sizes, measured from the file.
    ///
    /// # Errors
    /// [`MlperfError::Milestone`] (an I/O error) if the file cannot be written or read back.
    pub fn save(&self, path: &Path) -> Result<StoredSize, MlperfError> {
        let tensors: Vec<(String, RawTensor)> = self
            .entries
            .iter()
            .flat_map(|e| {
                e.encoded.parts.iter().map(|p| {
                    let raw = RawTensor {
                        dtype: p.dtype,
                        shape: p.shape.clone(),
                        bytes: p.bytes.clone(),
                    };
                    (format!("{}{}", e.name, p.suffix), raw)
                })
            })
            .collect();
        let bytes = safetensors::serialize(tensors, Some(self.metadata()))
            .map_err(|e| io(path, format!("could not serialize: {e}")))?;
        std::fs::write(path, bytes).map_err(|e| {
            io(
                path,
                format!("could not write: {e} (does the directory exist?)"),
            )
        })?;
        stored_size(path).map_err(|e| io(path, e.to_string()))
    }

    fn metadata(&self) -> HashMap<String, String> {
        let layout: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|e| serde_json::json!({ "name": e.name, "shape": e.shape, "matrix": e.matrix }))
            .collect();
        HashMap::from([
            ("format".into(), COMPRESSED_FORMAT.into()),
            ("version".into(), COMPRESSED_VERSION.to_string()),
            ("weights".into(), self.plan.format.name().into()),
            ("sparse".into(), self.plan.sparse.to_string()),
            (
                "layout".into(),
                serde_json::Value::Array(layout).to_string(),
            ),
        ])
    }
}

/// Reads a compressed-model file back into named f32 parameters.
///
/// # Errors
/// [`MlperfError::Milestone`] (an I/O error) if it cannot be read, [`MlperfError::Corrupt`]
/// if it is not a compressed-model file of this version or any part is missing or inconsistent.
pub fn load_compressed(path: &Path) -> Result<Vec<(String, Tensor)>, MlperfError> {
    let corrupt = |reason: String| MlperfError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| io(path, e.to_string()))?;
    let (_, header) = SafeTensors::read_metadata(&bytes).map_err(|e| corrupt(e.to_string()))?;
    let meta = header.metadata().clone().unwrap_or_default();
    let get = |k: &str| meta.get(k).cloned().unwrap_or_default();
    if get("format") != COMPRESSED_FORMAT || get("version") != COMPRESSED_VERSION.to_string() {
        return Err(corrupt(format!(
            "format {:?} version {:?}, expected {COMPRESSED_FORMAT:?} version {COMPRESSED_VERSION}",
            get("format"),
            get("version")
        )));
    }
    let format = WeightFormat::parse(&get("weights"))
        .ok_or_else(|| corrupt(format!("unknown weight format {:?}", get("weights"))))?;
    let sparse = get("sparse") == "true";
    let vectors = StoragePlan { format, sparse }.vector_format();
    let layout: Vec<serde_json::Value> =
        serde_json::from_str(&get("layout")).map_err(|e| corrupt(format!("layout: {e}")))?;
    let file = SafeTensors::deserialize(&bytes).map_err(|e| corrupt(e.to_string()))?;
    layout
        .iter()
        .map(|entry| load_entry(&file, entry, (format, vectors), sparse).map_err(&corrupt))
        .collect()
}

fn load_entry(
    file: &SafeTensors<'_>,
    entry: &serde_json::Value,
    (format, vectors): (WeightFormat, WeightFormat),
    sparse: bool,
) -> Result<(String, Tensor), String> {
    let name = entry["name"].as_str().ok_or("a layout entry has no name")?;
    let shape: Vec<usize> = serde_json::from_value(entry["shape"].clone())
        .map_err(|e| format!("{name}: shape: {e}"))?;
    let numel = shape.iter().product();
    let get = |suffix: &str| {
        file.tensor(&format!("{name}{suffix}"))
            .ok()
            .map(|v| v.data().to_vec())
    };
    let values = match entry["matrix"].as_bool() == Some(true) {
        true => decode(numel, format, sparse, &get).map_err(|e| format!("{name}: {e}"))?,
        false => decode(numel, vectors, false, &get).map_err(|e| format!("{name}: {e}"))?,
    };
    let t = Tensor::from_vec(values, &shape).map_err(|e| format!("{name}: {e}"))?;
    Ok((name.to_string(), t))
}

/// Sets every parameter of `model` from `params` (by name).
///
/// # Errors
/// [`MlperfError::Corrupt`] (for `source`) if a parameter is missing or has another shape.
pub fn assign(
    model: &dyn Module,
    params: &[(String, Tensor)],
    source: &Path,
) -> Result<(), MlperfError> {
    let by_name: HashMap<&str, &Tensor> = params.iter().map(|(n, t)| (n.as_str(), t)).collect();
    for (name, p) in model.named_parameters() {
        let t = by_name
            .get(name.as_str())
            .ok_or_else(|| MlperfError::Corrupt {
                path: source.to_path_buf(),
                reason: format!("no parameter {name:?}: a file of another model"),
            })?;
        if t.shape() != p.shape() {
            return Err(MlperfError::Corrupt {
                path: source.to_path_buf(),
                reason: format!(
                    "{name} has shape {:?}, the model {:?}",
                    t.shape(),
                    p.shape()
                ),
            });
        }
        p.set((*t).clone());
    }
    Ok(())
}

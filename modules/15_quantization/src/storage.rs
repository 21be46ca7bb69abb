//! safetensors plumbing shared by the INT8 and FP16 formats (shared code): raw tensors to
//! write, reading a file, checking its format and version, measuring what it stores.

use crate::QuantError;
use safetensors::tensor::TensorView;
use safetensors::{Dtype, SafeTensors, View};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// What a saved model occupies, read back from its file.
///
/// Both numbers count what is on disk, nothing estimated: `weight_bytes` adds up the
/// byte length of every tensor in the file (codes, scales, zero points, biases: whatever
/// the format stores), and `file_bytes` is the length of the whole file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredSize {
    /// The length of the file: header (JSON: names, dtypes, shapes, metadata) and data.
    pub file_bytes: u64,
    /// The bytes of tensor data in the file: every value, scale, zero point and bias as
    /// stored (the header excluded).
    pub weight_bytes: u64,
}

impl StoredSize {
    /// How many times smaller `self` is than `baseline`, by data bytes and by file bytes:
    /// `(baseline.weight_bytes / self.weight_bytes, baseline.file_bytes / self.file_bytes)`.
    ///
    /// ```
    /// use tinytorch_quantization::StoredSize;
    /// let f32_file = StoredSize { file_bytes: 1_000, weight_bytes: 800 };
    /// let int8_file = StoredSize { file_bytes: 400, weight_bytes: 200 };
    /// assert_eq!(int8_file.ratio_to(f32_file), (4.0, 2.5));
    /// ```
    pub fn ratio_to(self, baseline: StoredSize) -> (f64, f64) {
        (
            baseline.weight_bytes as f64 / self.weight_bytes.max(1) as f64,
            baseline.file_bytes as f64 / self.file_bytes.max(1) as f64,
        )
    }
}

/// The sizes of the safetensors file at `path` (any: INT8, FP16 or an f32 checkpoint of
/// module 08), measured from the file itself.
///
/// # Errors
/// [`QuantError::NotFound`], [`QuantError::Io`], or [`QuantError::Corrupt`] if the file is
/// not valid safetensors.
pub fn stored_size(path: &Path) -> Result<StoredSize, QuantError> {
    let bytes = read(path)?;
    let file = SafeTensors::deserialize(&bytes).map_err(|e| corrupt(path, e.to_string()))?;
    let weight_bytes = file
        .tensors()
        .iter()
        .map(|(_, view)| view.data().len() as u64)
        .sum();
    Ok(StoredSize {
        file_bytes: bytes.len() as u64,
        weight_bytes,
    })
}

/// A tensor's raw little-endian bytes, for safetensors to write.
pub(crate) struct RawTensor {
    pub(crate) dtype: Dtype,
    pub(crate) shape: Vec<usize>,
    pub(crate) bytes: Vec<u8>,
}

impl View for RawTensor {
    fn dtype(&self) -> Dtype {
        self.dtype
    }

    fn shape(&self) -> &[usize] {
        &self.shape
    }

    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.bytes)
    }

    fn data_len(&self) -> usize {
        self.bytes.len()
    }
}

/// Serializes `tensors` with the metadata `format`, `version` and `layers` and writes them.
pub(crate) fn write(
    path: &Path,
    tensors: Vec<(String, RawTensor)>,
    format: &str,
    version: u32,
    layers: &[String],
) -> Result<(), QuantError> {
    let metadata = HashMap::from([
        ("format".to_string(), format.to_string()),
        ("version".to_string(), version.to_string()),
        ("layers".to_string(), layers.join(",")),
    ]);
    let io = |message: String| QuantError::Io {
        path: path.to_path_buf(),
        message,
    };
    let bytes = safetensors::serialize(tensors, Some(metadata))
        .map_err(|e| io(format!("could not serialize the model: {e}")))?;
    std::fs::write(path, bytes).map_err(|e| {
        io(format!(
            "could not write the file: {e} (does the directory exist?)"
        ))
    })
}

/// The bytes of the file at `path`.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, QuantError> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => QuantError::NotFound {
            path: path.to_path_buf(),
        },
        _ => QuantError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    })
}

/// A [`QuantError::Corrupt`] for `path`.
pub(crate) fn corrupt(path: &Path, reason: impl Into<String>) -> QuantError {
    QuantError::Corrupt {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Checks the `format` metadata and that the `version` is in `versions` (oldest, newest)
/// and returns the `layers` list.
pub(crate) fn check_header(
    path: &Path,
    bytes: &[u8],
    format: &str,
    (oldest, newest): (u32, u32),
) -> Result<Vec<String>, QuantError> {
    let (_, header) =
        SafeTensors::read_metadata(bytes).map_err(|e| corrupt(path, e.to_string()))?;
    let metadata = header.metadata().clone().unwrap_or_default();
    let get = |key: &str| metadata.get(key).cloned();
    if get("format").as_deref() != Some(format) {
        return Err(corrupt(
            path,
            format!("its format is {:?}, not {format:?}", get("format")),
        ));
    }
    let found = get("version").unwrap_or_else(|| "missing".into());
    match found.parse::<u32>() {
        Ok(v) if (oldest..=newest).contains(&v) => {}
        Ok(_) => {
            return Err(QuantError::UnsupportedVersion {
                path: path.to_path_buf(),
                found,
                oldest,
                newest,
            });
        }
        Err(_) => {
            return Err(corrupt(
                path,
                format!("its version {found:?} is not a number"),
            ));
        }
    }
    let layers = get("layers").ok_or_else(|| corrupt(path, "no `layers` metadata"))?;
    Ok(layers
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}

/// The tensor `name` of `file`, checked to have `dtype` and (if given) `shape`.
pub(crate) fn tensor<'a>(
    path: &Path,
    file: &'a SafeTensors<'a>,
    name: &str,
    dtype: Dtype,
    shape: Option<&[usize]>,
) -> Result<TensorView<'a>, QuantError> {
    let view = file
        .tensor(name)
        .map_err(|_| corrupt(path, format!("tensor {name:?} is missing")))?;
    if view.dtype() != dtype {
        return Err(corrupt(
            path,
            format!("tensor {name:?} is {}, not {dtype}", view.dtype()),
        ));
    }
    if let Some(shape) = shape
        && view.shape() != shape
    {
        return Err(corrupt(
            path,
            format!(
                "tensor {name:?} has shape {:?}, not {shape:?}",
                view.shape()
            ),
        ));
    }
    Ok(view)
}

/// Little-endian `f32` bytes of `values`.
pub(crate) fn f32_bytes(values: impl IntoIterator<Item = f32>) -> Vec<u8> {
    values.into_iter().flat_map(f32::to_le_bytes).collect()
}

/// Little-endian `i32` bytes of `values`.
pub(crate) fn i32_bytes(values: impl IntoIterator<Item = i32>) -> Vec<u8> {
    values.into_iter().flat_map(i32::to_le_bytes).collect()
}

/// The bytes of `i8` values (two's complement).
pub(crate) fn i8_bytes(values: impl IntoIterator<Item = i8>) -> Vec<u8> {
    values.into_iter().map(|v| v.to_le_bytes()[0]).collect()
}

/// The `i8` values of bytes.
pub(crate) fn i8_values(bytes: &[u8]) -> Vec<i8> {
    bytes.iter().map(|&b| i8::from_le_bytes([b])).collect()
}

/// The `f32` values of little-endian bytes (the length was checked by safetensors).
pub(crate) fn f32_values(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// The `i32` values of little-endian bytes.
pub(crate) fn i32_values(bytes: &[u8]) -> Vec<i32> {
    bytes
        .chunks_exact(4)
        .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

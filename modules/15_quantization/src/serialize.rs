//! Saving and loading a [`QuantizedModel`] as a safetensors file (shared code).
//!
//! Per linear layer `i`: `i.weight` (I8 `[out, in]`), `i.weight_scale` (F32 `[out]`),
//! `i.weight_zero_point` (I32 `[out]`), `i.bias` (F32 `[out]`), `i.input_scale` (F32 `[1]`)
//! and `i.input_zero_point` (I32 `[1]`). The metadata holds `format`, `version` and the
//! comma-separated layer kinds (`linear,relu,linear`).

use crate::storage::{self, RawTensor, corrupt, f32_bytes, f32_values, i32_bytes, i32_values};
use crate::{
    QuantError, QuantParams, QuantizedLayer, QuantizedLinear, QuantizedModel, QuantizedTensor,
};
use safetensors::{Dtype, SafeTensors};
use std::path::Path;

/// The `format` metadata of every INT8 model file this crate writes.
pub const QUANT_FORMAT: &str = "tinytorch-int8";

/// The INT8 format version this code writes, and the newest it reads.
pub const QUANT_VERSION: u32 = 1;

/// Writes `model` to `path` (safetensors, INT8 weights).
///
/// # Errors
/// [`QuantError::Io`] if the file cannot be written (e.g. the directory does not exist).
///
/// ```
/// use tinytorch_layers::{Linear, Sequential};
/// use tinytorch_quantization::{load, quantize_model, save, stored_size};
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let model = Sequential::new().add(Linear::new(64, 32, &mut seeded_rng(0)));
/// let q = quantize_model(&model, &[Tensor::randn(&[16, 64], &mut seeded_rng(1))]).unwrap();
/// let path = std::env::temp_dir().join(format!("doc-int8-{}.safetensors", std::process::id()));
/// save(&q, &path).unwrap();
/// assert_eq!(load(&path).unwrap(), q);
/// // 64 * 32 codes + 32 * (4 + 4) weight scales and zero points + 32 * 4 bias + 4 + 4 input
/// assert_eq!(stored_size(&path).unwrap().weight_bytes, 2048 + 256 + 128 + 8);
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn save(model: &QuantizedModel, path: &Path) -> Result<(), QuantError> {
    let mut tensors = Vec::new();
    for (i, layer) in model.layers.iter().enumerate() {
        let QuantizedLayer::Linear(linear) = layer else {
            continue;
        };
        let w = &linear.weight;
        let raw = |dtype, shape: &[usize], bytes| RawTensor {
            dtype,
            shape: shape.to_vec(),
            bytes,
        };
        let out = [linear.out_features];
        let values = w.values.iter().map(|&v| v.to_le_bytes()[0]).collect();
        tensors.extend([
            (format!("{i}.weight"), raw(Dtype::I8, &w.shape, values)),
            (
                format!("{i}.weight_scale"),
                raw(
                    Dtype::F32,
                    &out,
                    f32_bytes(w.params.iter().map(|p| p.scale)),
                ),
            ),
            (
                format!("{i}.weight_zero_point"),
                raw(
                    Dtype::I32,
                    &out,
                    i32_bytes(w.params.iter().map(|p| p.zero_point)),
                ),
            ),
            (
                format!("{i}.bias"),
                raw(Dtype::F32, &out, f32_bytes(linear.bias.iter().copied())),
            ),
            (
                format!("{i}.input_scale"),
                raw(Dtype::F32, &[1], f32_bytes([linear.input.scale])),
            ),
            (
                format!("{i}.input_zero_point"),
                raw(Dtype::I32, &[1], i32_bytes([linear.input.zero_point])),
            ),
        ]);
    }
    let kinds: Vec<&str> = model.layers.iter().map(QuantizedLayer::kind).collect();
    storage::write(path, tensors, QUANT_FORMAT, QUANT_VERSION, &kinds)
}

/// Reads a model written by [`save`]. Its outputs are identical to the saved model's.
///
/// # Errors
/// [`QuantError::NotFound`] or [`QuantError::Io`] if the file cannot be read,
/// [`QuantError::UnsupportedVersion`] for a newer format version, and
/// [`QuantError::Corrupt`] for anything else wrong: not safetensors, another format, an
/// unknown layer kind, a missing tensor, a wrong dtype or shape, a scale that is not
/// positive and finite, a zero point outside `[-128, 127]`.
pub fn load(path: &Path) -> Result<QuantizedModel, QuantError> {
    let bytes = storage::read(path)?;
    let kinds = storage::check_header(path, &bytes, QUANT_FORMAT, QUANT_VERSION)?;
    let file = SafeTensors::deserialize(&bytes).map_err(|e| corrupt(path, e.to_string()))?;
    let layers = kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| match kind.as_str() {
            "linear" => load_linear(path, &file, i).map(QuantizedLayer::Linear),
            other => QuantizedLayer::from_kind(other)
                .ok_or_else(|| corrupt(path, format!("layer {i} has unknown kind {other:?}"))),
        })
        .collect::<Result<_, _>>()?;
    Ok(QuantizedModel { layers })
}

/// The linear layer `i` of `file`, every tensor checked.
fn load_linear(
    path: &Path,
    file: &SafeTensors<'_>,
    i: usize,
) -> Result<QuantizedLinear, QuantError> {
    let weight = storage::tensor(path, file, &format!("{i}.weight"), Dtype::I8, None)?;
    let &[out_features, in_features] = weight.shape() else {
        return Err(corrupt(path, format!("tensor \"{i}.weight\" is not 2-D")));
    };
    let out = [out_features];
    let get = |name: &str, dtype, shape: &[usize]| {
        storage::tensor(path, file, &format!("{i}.{name}"), dtype, Some(shape))
            .map(|v| v.data().to_vec())
    };
    let scales = f32_values(&get("weight_scale", Dtype::F32, &out)?);
    let zero_points = i32_values(&get("weight_zero_point", Dtype::I32, &out)?);
    let bias = f32_values(&get("bias", Dtype::F32, &out)?);
    let input_scale = f32_values(&get("input_scale", Dtype::F32, &[1])?);
    let input_zero_point = i32_values(&get("input_zero_point", Dtype::I32, &[1])?);
    let params = scales
        .iter()
        .zip(&zero_points)
        .chain(input_scale.iter().zip(&input_zero_point))
        .map(|(&scale, &zero_point)| valid_params(path, i, scale, zero_point))
        .collect::<Result<Vec<_>, _>>()?;
    let (weight_params, input) = params.split_at(out_features);
    let weight = QuantizedTensor {
        values: weight
            .data()
            .iter()
            .map(|&b| i8::from_le_bytes([b]))
            .collect(),
        shape: vec![out_features, in_features],
        params: weight_params.to_vec(),
        axis: Some(0),
    };
    Ok(QuantizedLinear {
        weight_sums: QuantizedLinear::row_sums(&weight),
        weight,
        bias,
        input: input[0],
        in_features,
        out_features,
    })
}

/// `QuantParams` after checking the scale is positive and finite and the zero point a code.
fn valid_params(
    path: &Path,
    i: usize,
    scale: f32,
    zero_point: i32,
) -> Result<QuantParams, QuantError> {
    let valid = scale.is_finite() && scale > 0.0 && (-128..=127).contains(&zero_point);
    if !valid {
        return Err(corrupt(
            path,
            format!(
                "layer {i} has scale {scale} and zero point {zero_point}: a scale must be positive and finite, a zero point in [-128, 127]"
            ),
        ));
    }
    Ok(QuantParams { scale, zero_point })
}

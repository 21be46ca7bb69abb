//! Saving and loading a [`QuantizedModel`] as a safetensors file (shared code).
//!
//! Per quantized layer `i` (linear or convolution), five tensors:
//!
//! | tensor                | dtype | shape                          | bytes           |
//! |-----------------------|-------|--------------------------------|-----------------|
//! | `i.weight`            | I8    | `[out, in]` or `[out, C, kh, kw]` | one per weight |
//! | `i.weight_scale`      | F32   | `[out]`                        | 4 per channel   |
//! | `i.bias`              | I32   | `[out]`, codes at `s_x * s_w`  | 4 per channel   |
//! | `i.input_scale`       | F32   | `[1]`                          | 4               |
//! | `i.input_zero_point`  | I8    | `[1]`                          | 1               |
//!
//! The weights are symmetric, so their zero points are all 0 and are not stored. The
//! metadata holds `format`, `version` and the comma-separated layer kinds
//! (`conv2d:1:1,relu,maxpool2d:2:2,...,linear`, see [`QuantizedLayer::kind`]).

use crate::storage::{
    self, RawTensor, corrupt, f32_bytes, f32_values, i8_bytes, i8_values, i32_bytes, i32_values,
};
use crate::{
    QuantError, QuantParams, QuantizedConv2d, QuantizedLayer, QuantizedLinear, QuantizedModel,
    QuantizedTensor, model::two_numbers,
};
use safetensors::{Dtype, SafeTensors};
use std::path::Path;

/// The `format` metadata of every INT8 model file this crate writes.
pub const QUANT_FORMAT: &str = "tinytorch-int8";

/// The INT8 format version this code writes and reads. Version 1 (f32 biases, stored
/// weight zero points, no convolutions) is not read: quantize and save such a model again.
pub const QUANT_VERSION: u32 = 2;

/// Writes `model` to `path` (safetensors, INT8 weights; the layout is in this module's
/// documentation).
///
/// # Errors
/// [`QuantError::InvalidLayer`] (naming the layer) for a quantized layer whose parts no
/// longer fit ([`QuantizedLinear::check`]), e.g. a weight zero point that is not 0;
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
/// // 64 * 32 codes + 32 * 4 weight scales + 32 * 4 bias codes + 4 + 1 for the input
/// assert_eq!(stored_size(&path).unwrap().weight_bytes, 2048 + 128 + 128 + 5);
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn save(model: &QuantizedModel, path: &Path) -> Result<(), QuantError> {
    let mut tensors = Vec::new();
    for (i, layer) in model.layers.iter().enumerate() {
        let (linear, shape) = match layer {
            QuantizedLayer::Linear(linear) => (linear, linear.weight.shape.clone()),
            QuantizedLayer::Conv2d(conv) => {
                let (kh, kw) = conv.kernel;
                let shape = vec![conv.out_channels(), conv.in_channels, kh, kw];
                (&conv.linear, shape)
            }
            _ => continue,
        };
        // What is not stored (the weights' zero points) must be what load assumes.
        linear.check().map_err(|e| invalid_layer(i, e))?;
        tensors.extend(layer_tensors(i, linear, &shape));
    }
    let kinds: Vec<String> = model.layers.iter().map(QuantizedLayer::kind).collect();
    storage::write(path, tensors, QUANT_FORMAT, QUANT_VERSION, &kinds)
}

/// `error` (a [`QuantError::InvalidLayer`]) with the layer's index in its reason.
fn invalid_layer(i: usize, error: QuantError) -> QuantError {
    match error {
        QuantError::InvalidLayer { reason } => QuantError::InvalidLayer {
            reason: format!("layer {i}: {reason}"),
        },
        other => other,
    }
}

/// The five tensors of the quantized layer `i`, its weight stored with `weight_shape`.
fn layer_tensors(
    i: usize,
    linear: &QuantizedLinear,
    weight_shape: &[usize],
) -> [(String, RawTensor); 5] {
    let raw = |dtype, shape: &[usize], bytes| RawTensor {
        dtype,
        shape: shape.to_vec(),
        bytes,
    };
    let out = [linear.out_features];
    let w = &linear.weight;
    [
        (
            format!("{i}.weight"),
            raw(Dtype::I8, weight_shape, i8_bytes(w.values.iter().copied())),
        ),
        (
            format!("{i}.weight_scale"),
            raw(
                Dtype::F32,
                &out,
                f32_bytes(w.params.iter().map(|p| p.scale)),
            ),
        ),
        (
            format!("{i}.bias"),
            raw(Dtype::I32, &out, i32_bytes(linear.bias.iter().copied())),
        ),
        (
            format!("{i}.input_scale"),
            raw(Dtype::F32, &[1], f32_bytes([linear.input.scale])),
        ),
        (
            format!("{i}.input_zero_point"),
            raw(Dtype::I8, &[1], i8_bytes([linear.input.zero_point as i8])),
        ),
    ]
}

/// Reads a model written by [`save`]. Its outputs are identical to the saved model's.
///
/// # Errors
/// [`QuantError::NotFound`] or [`QuantError::Io`] if the file cannot be read,
/// [`QuantError::UnsupportedVersion`] for another format version, and
/// [`QuantError::Corrupt`] for anything else wrong: not safetensors, another format, an
/// unknown layer kind, a missing tensor, a wrong dtype or shape, a scale that is not
/// positive and finite, a bias code out of range.
pub fn load(path: &Path) -> Result<QuantizedModel, QuantError> {
    let bytes = storage::read(path)?;
    let kinds = storage::check_header(path, &bytes, QUANT_FORMAT, (QUANT_VERSION, QUANT_VERSION))?;
    let file = SafeTensors::deserialize(&bytes).map_err(|e| corrupt(path, e.to_string()))?;
    let layers = kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| load_layer(path, &file, i, kind))
        .collect::<Result<_, _>>()?;
    Ok(QuantizedModel { layers })
}

/// Layer `i` of `file`, of kind `kind`.
fn load_layer(
    path: &Path,
    file: &SafeTensors<'_>,
    i: usize,
    kind: &str,
) -> Result<QuantizedLayer, QuantError> {
    if kind == "linear" {
        let (linear, shape) = load_quantized(path, file, i)?;
        if shape.len() != 2 {
            return Err(corrupt(
                path,
                format!("layer {i}: a linear weight of shape {shape:?}"),
            ));
        }
        return Ok(QuantizedLayer::Linear(linear));
    }
    if let Some((stride, padding)) = two_numbers(kind, "conv2d") {
        let (linear, shape) = load_quantized(path, file, i)?;
        let &[_, c, kh, kw] = shape.as_slice() else {
            return Err(corrupt(
                path,
                format!("layer {i}: a conv2d weight of shape {shape:?}"),
            ));
        };
        return QuantizedConv2d::from_parts(linear, c, (kh, kw), stride, padding)
            .map(QuantizedLayer::Conv2d)
            .map_err(|e| corrupt(path, format!("layer {i}: {e}")));
    }
    QuantizedLayer::from_kind(kind)
        .ok_or_else(|| corrupt(path, format!("layer {i} has unknown kind {kind:?}")))
}

/// The five tensors of the quantized layer `i` as a [`QuantizedLinear`] (the weight
/// flattened to `[out, rest]`), and the weight's stored shape.
fn load_quantized(
    path: &Path,
    file: &SafeTensors<'_>,
    i: usize,
) -> Result<(QuantizedLinear, Vec<usize>), QuantError> {
    let weight = storage::tensor(path, file, &format!("{i}.weight"), Dtype::I8, None)?;
    let shape = weight.shape().to_vec();
    let Some((&out, rest)) = shape.split_first() else {
        return Err(corrupt(path, format!("tensor \"{i}.weight\" is a scalar")));
    };
    let get = |name: &str, dtype, shape: &[usize]| {
        storage::tensor(path, file, &format!("{i}.{name}"), dtype, Some(shape))
            .map(|v| v.data().to_vec())
    };
    let scales = f32_values(&get("weight_scale", Dtype::F32, &[out])?);
    let bias = i32_values(&get("bias", Dtype::I32, &[out])?);
    let input = QuantParams {
        scale: f32_values(&get("input_scale", Dtype::F32, &[1])?)[0],
        zero_point: i32::from(i8_values(&get("input_zero_point", Dtype::I8, &[1])?)[0]),
    };
    let weight = QuantizedTensor {
        values: i8_values(weight.data()),
        shape: vec![out, rest.iter().product()],
        params: scales
            .iter()
            .map(|&scale| QuantParams {
                scale,
                zero_point: 0,
            })
            .collect(),
        axis: Some(0),
    };
    let linear = QuantizedLinear::from_parts(weight, bias, input)
        .map_err(|e| corrupt(path, format!("layer {i}: {e}")))?;
    Ok((linear, shape))
}

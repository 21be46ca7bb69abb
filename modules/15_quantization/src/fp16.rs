//! FP16 storage (shared code): weights stored as IEEE half precision (2 bytes each) and
//! converted back to f32 when loaded, so the model computes in f32 as before.
//!
//! Half the bytes of f32 with no calibration at all: f16 keeps 11 significant bits (about
//! 3 decimal digits, relative error <= 2^-11 ~ 0.05%) over a range of 6e-5 to 65504, which
//! trained weights fit comfortably. Sizes are measured the same way as for INT8: by
//! [`stored_size`](crate::stored_size) on the written file.

use crate::model::two_numbers;
use crate::storage::{self, RawTensor, corrupt};
use crate::{QuantError, QuantizedLayer};
use half::f16;
use safetensors::{Dtype, SafeTensors};
use std::path::Path;
use tinytorch_activations::{Gelu, Relu, Sigmoid, Tanh};
use tinytorch_convolutions::{Conv2d, Flatten};
use tinytorch_layers::{Linear, Sequential};
use tinytorch_tensor::{Tensor, seeded_rng};

/// The `format` metadata of every FP16 model file this crate writes.
pub const FP16_FORMAT: &str = "tinytorch-fp16";

/// The FP16 format version this code writes, and the newest it reads (version 1 files,
/// which hold no convolutions or pooling, read as before).
pub const FP16_VERSION: u32 = 2;

/// Writes `model` to `path` with every weight and bias as F16: `i.weight` (`[in, out]`
/// for a `Linear`, `[out, C, kh, kw]` for a `Conv2d`) and `i.bias` (`[out]`, if the layer
/// has one). The other layers are stored by kind (see [`QuantizedLayer::kind`]; a
/// convolution is `conv2d:STRIDE:PADDING`).
///
/// # Errors
/// [`QuantError::UnsupportedLayer`] for a layer other than `Linear`, `Conv2d` and the
/// parameter-free ones of [`QuantizedLayer::parameter_free`], [`QuantError::Io`] if
/// writing fails.
///
/// ```
/// use tinytorch_layers::{Linear, Module, Sequential};
/// use tinytorch_quantization::{load_f16, save_f16, stored_size};
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let model = Sequential::new().add(Linear::new(64, 32, &mut seeded_rng(0)));
/// let path = std::env::temp_dir().join(format!("doc-f16-{}.safetensors", std::process::id()));
/// save_f16(&model, &path).unwrap();
/// assert_eq!(stored_size(&path).unwrap().weight_bytes, 2 * (64 * 32 + 32));
/// let back = load_f16(&path).unwrap();
/// let x = Tensor::ones(&[1, 64]);
/// let (y, y16) = (model.forward(&x).to_vec(), back.forward(&x).to_vec());
/// assert!(y.iter().zip(&y16).all(|(a, b)| (a - b).abs() < 1e-2));
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn save_f16(model: &Sequential, path: &Path) -> Result<(), QuantError> {
    let mut tensors = Vec::new();
    let mut kinds = Vec::new();
    for (i, module) in model.layers().iter().enumerate() {
        let module = module.as_ref();
        let any = module.as_any();
        let (weight, bias) = if let Some(linear) = any.downcast_ref::<Linear>() {
            kinds.push("linear".to_string());
            (linear.weight(), linear.bias())
        } else if let Some(conv) = any.downcast_ref::<Conv2d>() {
            kinds.push(format!("conv2d:{}:{}", conv.stride(), conv.padding()));
            (conv.weight(), conv.bias())
        } else {
            kinds.push(QuantizedLayer::parameter_free(module)?.kind());
            continue;
        };
        tensors.push((format!("{i}.weight"), f16_tensor(&weight.get())));
        if let Some(bias) = bias {
            tensors.push((format!("{i}.bias"), f16_tensor(&bias.get())));
        }
    }
    storage::write(path, tensors, FP16_FORMAT, FP16_VERSION, &kinds)
}

/// Reads a model written by [`save_f16`], its weights converted back to f32 (Dropout,
/// stored as the identity, is left out).
///
/// # Errors
/// [`QuantError::NotFound`] or [`QuantError::Io`] if the file cannot be read,
/// [`QuantError::UnsupportedVersion`] for a newer format, [`QuantError::Corrupt`] for a file
/// that is not a valid FP16 model.
pub fn load_f16(path: &Path) -> Result<Sequential, QuantError> {
    let bytes = storage::read(path)?;
    let kinds = storage::check_header(path, &bytes, FP16_FORMAT, (1, FP16_VERSION))?;
    let file = SafeTensors::deserialize(&bytes).map_err(|e| corrupt(path, e.to_string()))?;
    let mut model = Sequential::new();
    for (i, kind) in kinds.iter().enumerate() {
        if kind == "linear" {
            model.push(load_linear(path, &file, i)?);
        } else if let Some((stride, padding)) = two_numbers(kind, "conv2d") {
            model.push(load_conv(path, &file, i, stride, padding)?);
        } else {
            let layer = QuantizedLayer::from_kind(kind)
                .ok_or_else(|| corrupt(path, format!("layer {i} has unknown kind {kind:?}")))?;
            push_parameter_free(&mut model, layer);
        }
    }
    Ok(model)
}

/// Appends the f32 module of a parameter-free `layer` (the identity is left out).
fn push_parameter_free(model: &mut Sequential, layer: QuantizedLayer) {
    match layer {
        QuantizedLayer::Relu => model.push(Relu),
        QuantizedLayer::Sigmoid => model.push(Sigmoid),
        QuantizedLayer::Tanh => model.push(Tanh),
        QuantizedLayer::Gelu => model.push(Gelu),
        QuantizedLayer::Flatten => model.push(Flatten),
        QuantizedLayer::MaxPool2d(pool) => model.push(pool),
        QuantizedLayer::AvgPool2d(pool) => model.push(pool),
        QuantizedLayer::Identity | QuantizedLayer::Linear(_) | QuantizedLayer::Conv2d(_) => {}
    }
}

/// The weight and (optional) bias of layer `i` of `file`, as f32 tensors.
fn load_parameters(
    path: &Path,
    file: &SafeTensors<'_>,
    i: usize,
) -> Result<(Tensor, Option<Tensor>), QuantError> {
    let weight = storage::tensor(path, file, &format!("{i}.weight"), Dtype::F16, None)?;
    let weight = f32_tensor(path, weight.shape(), weight.data())?;
    let bias_name = format!("{i}.bias");
    let bias = match file.names().contains(&bias_name.as_str()) {
        true => {
            let view = storage::tensor(path, file, &bias_name, Dtype::F16, None)?;
            Some(f32_tensor(path, view.shape(), view.data())?)
        }
        false => None,
    };
    Ok((weight, bias))
}

/// The linear layer `i` of `file`.
fn load_linear(path: &Path, file: &SafeTensors<'_>, i: usize) -> Result<Linear, QuantError> {
    let (weight, bias) = load_parameters(path, file, i)?;
    Linear::from_parameters(weight, bias).map_err(|e| corrupt(path, format!("layer {i}: {e}")))
}

/// The convolution `i` of `file`: a `Conv2d` of the stored shape, its parameters then
/// replaced by the stored ones.
fn load_conv(
    path: &Path,
    file: &SafeTensors<'_>,
    i: usize,
    stride: usize,
    padding: usize,
) -> Result<Conv2d, QuantError> {
    let (weight, bias) = load_parameters(path, file, i)?;
    let &[out, c, kh, kw] = weight.shape() else {
        return Err(corrupt(
            path,
            format!("layer {i}: a conv2d weight of shape {:?}", weight.shape()),
        ));
    };
    // The initial weights are overwritten right away: any seed does.
    let conv = Conv2d::new(c, out, (kh, kw), stride, padding, &mut seeded_rng(0))
        .map_err(|e| corrupt(path, format!("layer {i}: {e}")))?;
    conv.weight().set(weight);
    match bias {
        Some(b) if b.shape() == [out] => {
            if let Some(parameter) = conv.bias() {
                parameter.set(b);
            }
            Ok(conv)
        }
        Some(b) => Err(corrupt(
            path,
            format!(
                "layer {i}: a bias of shape {:?} for {out} filters",
                b.shape()
            ),
        )),
        None => Ok(conv.without_bias()),
    }
}

/// `tensor` as little-endian F16 bytes (each value rounded to the nearest f16).
fn f16_tensor(tensor: &Tensor) -> RawTensor {
    RawTensor {
        dtype: Dtype::F16,
        shape: tensor.shape().to_vec(),
        bytes: tensor
            .data()
            .iter()
            .flat_map(|&v| f16::from_f32(v).to_le_bytes())
            .collect(),
    }
}

/// Little-endian F16 bytes as an f32 tensor of `shape`.
fn f32_tensor(path: &Path, shape: &[usize], bytes: &[u8]) -> Result<Tensor, QuantError> {
    let values = bytes
        .chunks_exact(2)
        .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32())
        .collect();
    Tensor::from_vec(values, shape).map_err(|e| corrupt(path, e.to_string()))
}

//! Loading an entry's model file and running it (shared code).
//!
//! The capstone classifies the 8x8 digits (`[N, 64]` pixels in, `[N, 10]` logits out) and
//! reads the three formats the course writes, recognised by the file's `format` metadata:
//!
//! | `format`                | written by                              | runs on                         |
//! |-------------------------|-----------------------------------------|---------------------------------|
//! | `tinytorch-checkpoint`  | module 08's `save_checkpoint` (f32)     | module 17's `FusedLinear`       |
//! | `tinytorch-fp16`        | module 15's `save_f16`                  | module 17's `FusedLinear` (f32) |
//! | `tinytorch-int8`        | module 15's `save`                      | module 15's INT8 kernel         |
//!
//! An f32 checkpoint stores only named tensors, so it is read as an MLP: `Linear` layers
//! at indices 0, 2, 4, ... (`"0.weight"` of shape `[in, out]`, `"0.bias"`) with a ReLU
//! between consecutive ones, the shape of [`digit_mlp`](tinytorch_training::digit_mlp)
//! and of any wider or deeper MLP built the same way. The FP16 and INT8 files record their
//! layer kinds, so any MLP of `Linear`, ReLU and GELU layers loads.

use crate::CapstoneError;
use ndarray::Axis;
use safetensors::SafeTensors;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use tinytorch_acceleration::{Activation, FusedLinear};
use tinytorch_activations::{Gelu, Relu};
use tinytorch_dataloader::Digits;
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_quantization::{QuantizedLayer, QuantizedModel};
use tinytorch_tensor::{Tensor, seeded_rng};

/// The storage format of a model file, read from its `format` metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelFormat {
    /// f32 weights, module 08's checkpoint.
    F32,
    /// f16 weights, module 15's FP16 file, computed in f32.
    Fp16,
    /// INT8 weights with scales, module 15's quantized model, computed on INT8.
    Int8,
}

impl fmt::Display for ModelFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModelFormat::F32 => "f32",
            ModelFormat::Fp16 => "fp16",
            ModelFormat::Int8 => "int8",
        })
    }
}

/// What runs the model: module 17's fused f32 layers, or module 15's INT8 model.
enum Runner {
    Dense(Sequential),
    Int8(QuantizedModel),
}

/// A digit classifier loaded from a model file, ready for inference (parameters frozen: no
/// graph is recorded).
pub struct EntryModel {
    format: ModelFormat,
    runner: Runner,
}

impl fmt::Debug for EntryModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntryModel")
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl EntryModel {
    /// Loads the model file at `path` in whichever of the three formats it is, and checks
    /// that it maps 64 pixels to 10 logits.
    ///
    /// # Errors
    /// [`CapstoneError::Io`] if the file cannot be read; [`CapstoneError::Model`] if it is
    /// not safetensors, is of another format, is corrupt (the loaders of modules 08 and
    /// 15 say what is wrong), holds a layer the capstone does not run, or does not map 64
    /// inputs to 10 classes.
    pub fn load(path: &Path) -> Result<EntryModel, CapstoneError> {
        let bytes = std::fs::read(path).map_err(|e| CapstoneError::io(path, &e))?;
        let model = |reason: String| CapstoneError::Model {
            path: path.to_path_buf(),
            reason,
        };
        let (_, metadata) = SafeTensors::read_metadata(&bytes)
            .map_err(|e| model(format!("not a safetensors model file ({e})")))?;
        let format = metadata
            .metadata()
            .as_ref()
            .and_then(|m| m.get("format"))
            .cloned()
            .unwrap_or_default();
        let entry = match format.as_str() {
            "tinytorch-checkpoint" => EntryModel {
                format: ModelFormat::F32,
                runner: Runner::Dense(fuse(&checkpoint_mlp(path, &bytes)?, path)?),
            },
            "tinytorch-fp16" => {
                let seq =
                    tinytorch_quantization::load_f16(path).map_err(|e| model(e.to_string()))?;
                EntryModel {
                    format: ModelFormat::Fp16,
                    runner: Runner::Dense(fuse(&seq, path)?),
                }
            }
            "tinytorch-int8" => {
                let q = tinytorch_quantization::load(path).map_err(|e| model(e.to_string()))?;
                check_int8_layers(&q, path)?;
                EntryModel {
                    format: ModelFormat::Int8,
                    runner: Runner::Int8(q),
                }
            }
            other => {
                return Err(model(format!(
                    "its format is {other:?}; the capstone reads \"tinytorch-checkpoint\" \
                     (module 08's save_checkpoint), \"tinytorch-fp16\" (module 15's save_f16) \
                     and \"tinytorch-int8\" (module 15's save)"
                )));
            }
        };
        entry.check_shape(path)?;
        Ok(entry)
    }

    /// The file's storage format.
    pub fn format(&self) -> ModelFormat {
        self.format
    }

    /// The logits `[N, 10]` of a batch of digits `[N, 64]`.
    ///
    /// # Panics
    /// If `x` is not `[N, 64]` (the layers name the shapes).
    pub fn forward(&self, x: &Tensor) -> Tensor {
        match &self.runner {
            Runner::Dense(seq) => seq.forward(x),
            Runner::Int8(q) => q.forward(x),
        }
    }

    /// The predicted digit (the arg-max of the logits, the first on a tie) of each row of
    /// `x` (`[N, 64]`).
    pub fn predict(&self, x: &Tensor) -> Vec<usize> {
        let logits = self.forward(x);
        logits
            .data()
            .axis_iter(Axis(0))
            .map(|row| {
                row.iter()
                    .enumerate()
                    .fold((0, f32::NEG_INFINITY), |best, (i, &v)| {
                        if v > best.1 { (i, v) } else { best }
                    })
                    .0
            })
            .collect()
    }

    /// The `(in, out)` sizes of the linear layers, in order.
    fn linear_sizes(&self) -> Vec<(usize, usize)> {
        match &self.runner {
            Runner::Dense(seq) => seq
                .layers()
                .iter()
                .filter_map(|l| l.as_any().downcast_ref::<FusedLinear>())
                .map(|f| (f.linear().in_features(), f.linear().out_features()))
                .collect(),
            Runner::Int8(q) => q
                .linears()
                .map(|l| (l.in_features, l.out_features))
                .collect(),
        }
    }

    /// Checks that the linear layers chain from 64 pixels to 10 logits, so that no
    /// forward pass can panic on a shape.
    fn check_shape(&self, path: &Path) -> Result<(), CapstoneError> {
        let sizes = self.linear_sizes();
        let mut expected_in = Digits::PIXELS;
        for (k, &(fan_in, fan_out)) in sizes.iter().enumerate() {
            if fan_in != expected_in {
                return Err(CapstoneError::Model {
                    path: path.to_path_buf(),
                    reason: format!(
                        "linear layer {k} takes {fan_in} inputs where {expected_in} arrive \
                         (a digit has 64 pixels)"
                    ),
                });
            }
            expected_in = fan_out;
        }
        if sizes.is_empty() || expected_in != Digits::CLASSES {
            return Err(CapstoneError::Model {
                path: path.to_path_buf(),
                reason: format!(
                    "the model ends with {expected_in} outputs, not 10 logits (one per digit)"
                ),
            });
        }
        Ok(())
    }
}

/// The f32 checkpoint in `bytes` as an MLP (Linear at even indices, ReLU between),
/// loaded and checked by module 08's `load_checkpoint`.
fn checkpoint_mlp(path: &Path, bytes: &[u8]) -> Result<Sequential, CapstoneError> {
    let model = |reason: String| CapstoneError::Model {
        path: path.to_path_buf(),
        reason,
    };
    let file = SafeTensors::deserialize(bytes).map_err(|e| model(e.to_string()))?;
    // Layer index -> [in, out], from the "i.weight" tensors.
    let mut weights = BTreeMap::new();
    for (name, view) in file.iter() {
        let index = name.split_once('.').and_then(|(i, rest)| {
            let i = i.parse::<usize>().ok()?;
            matches!(rest, "weight" | "bias").then_some((i, rest == "weight"))
        });
        match index {
            Some((i, true)) => match view.shape() {
                &[fan_in, fan_out] => {
                    weights.insert(i, (fan_in, fan_out));
                }
                shape => {
                    return Err(model(format!(
                        "tensor {name:?} has shape {shape:?}, not [in, out]"
                    )));
                }
            },
            Some((_, false)) => {}
            None => {
                return Err(model(format!(
                    "tensor {name:?} is not \"i.weight\" or \"i.bias\": an f32 checkpoint is read as an MLP \
                 of Linear layers at indices 0, 2, 4, ... (save another architecture with module 15's save_f16)"
                )));
            }
        }
    }
    if weights.is_empty() {
        return Err(model("the checkpoint holds no layers".to_string()));
    }
    let mut seq = Sequential::new();
    let mut rng = seeded_rng(0);
    for (k, (&i, &(fan_in, fan_out))) in weights.iter().enumerate() {
        if i != 2 * k {
            return Err(model(format!(
                "layer {i} follows layer {}: an f32 checkpoint is read as Linear layers at \
                 indices 0, 2, 4, ... with a ReLU between",
                2 * k.saturating_sub(1)
            )));
        }
        if k > 0 {
            seq.push(Relu);
        }
        let has_bias = file.names().contains(&format!("{i}.bias").as_str());
        seq.push(match has_bias {
            true => Linear::new(fan_in, fan_out, &mut rng),
            false => Linear::new_no_bias(fan_in, fan_out, &mut rng),
        });
    }
    tinytorch_training::load_checkpoint(&seq, path).map_err(|e| model(e.to_string()))?;
    Ok(seq)
}

/// `seq` with every `Linear` (and the ReLU or GELU after it) as one frozen module 17
/// `FusedLinear`: one GEMM and an in-place epilogue per layer.
fn fuse(seq: &Sequential, path: &Path) -> Result<Sequential, CapstoneError> {
    let layers = seq.layers();
    let mut fused = Sequential::new();
    let mut i = 0;
    while i < layers.len() {
        let any = layers[i].as_any();
        let next = layers.get(i + 1).map(|l| l.as_any());
        if let Some(linear) = any.downcast_ref::<Linear>() {
            let act = match next {
                Some(n) if n.is::<Relu>() => Activation::Relu,
                Some(n) if n.is::<Gelu>() => Activation::Gelu,
                _ => Activation::Identity,
            };
            i += if act == Activation::Identity { 1 } else { 2 };
            fused.push(FusedLinear::new(linear.clone(), act));
        } else if any.is::<Relu>() {
            fused.push(Relu);
            i += 1;
        } else if any.is::<Gelu>() {
            fused.push(Gelu);
            i += 1;
        } else {
            return Err(CapstoneError::Model {
                path: path.to_path_buf(),
                reason: format!(
                    "layer {i} is {}; the capstone runs MLPs of Linear, ReLU and GELU layers",
                    layers[i].name()
                ),
            });
        }
    }
    for p in fused.parameters() {
        p.set_requires_grad(false);
    }
    Ok(fused)
}

/// Checks that an INT8 model holds only linear layers and activations (a convolution
/// would need images, not the `[N, 64]` rows the capstone feeds).
fn check_int8_layers(q: &QuantizedModel, path: &Path) -> Result<(), CapstoneError> {
    let bad = q.layers.iter().enumerate().find(|(_, l)| {
        !matches!(
            l,
            QuantizedLayer::Linear(_)
                | QuantizedLayer::Relu
                | QuantizedLayer::Gelu
                | QuantizedLayer::Identity
        )
    });
    match bad {
        Some((i, layer)) => Err(CapstoneError::Model {
            path: path.to_path_buf(),
            reason: format!(
                "layer {i} is {}; the capstone runs MLPs of linear, ReLU and GELU layers",
                layer.kind()
            ),
        }),
        None => Ok(()),
    }
}

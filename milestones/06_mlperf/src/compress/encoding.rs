//! How one parameter is stored in a compressed-model file, and how it is decoded.
//!
//! Vectors (biases, LayerNorm gains) are always stored as f32: they are a few hundred
//! bytes and the quality is sensitive to them. Every parameter of rank >= 2 (weight
//! matrices, convolution kernels, embedding tables) is stored in the plan's
//! [`WeightFormat`], densely or, when `sparse`, as a bitmask of its nonzero entries
//! (module 16's `BitmaskMatrix` layout: bit `i % 8` of byte `i / 8`) followed by only the
//! nonzero values.

use super::codebook::{CODEBOOK_SIZE, fit_codebook, nearest, pack_nibbles, unpack_nibbles};
use half::f16;
use safetensors::Dtype;
use tinytorch_compression::BitmaskMatrix;
use tinytorch_quantization::{
    Granularity, QuantizedTensor, Scheme, dequantize, max_error_in_steps, quantize,
};
use tinytorch_tensor::Tensor;

/// The number format of the weight matrices in a compressed file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum WeightFormat {
    /// 4 bytes per value: the baseline.
    F32,
    /// IEEE binary16, 2 bytes per value.
    F16,
    /// Module 15's symmetric INT8, one f32 scale per tensor (the zero point is 0 and not
    /// stored): 1 byte per value.
    Int8,
    /// 4-bit indices into 16 shared f32 centroids fitted by k-means per tensor (Deep
    /// Compression's weight sharing): half a byte per value.
    Codebook4,
}

impl WeightFormat {
    /// The short name used in tables, file metadata and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            WeightFormat::F32 => "f32",
            WeightFormat::F16 => "f16",
            WeightFormat::Int8 => "int8",
            WeightFormat::Codebook4 => "int4-codebook",
        }
    }

    /// The format called `name` (see [`WeightFormat::name`]).
    pub fn parse(name: &str) -> Option<WeightFormat> {
        [Self::F32, Self::F16, Self::Int8, Self::Codebook4]
            .into_iter()
            .find(|f| f.name() == name)
    }
}

/// One tensor as written to the file: a name suffix, its dtype, shape and raw bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// Appended to the parameter's name (`""`, `".mask"`, `".scale"`, `".codebook"`).
    pub suffix: &'static str,
    /// The safetensors dtype.
    pub dtype: Dtype,
    /// The stored shape.
    pub shape: Vec<usize>,
    /// Little-endian bytes.
    pub bytes: Vec<u8>,
}

/// A parameter encoded: its parts, the values the decoder will reproduce, and the largest
/// INT8 rounding error in quantization steps (INT8 only).
#[derive(Clone, Debug)]
pub struct Encoded {
    /// What goes into the file.
    pub parts: Vec<Part>,
    /// The dense f32 values a decoder reconstructs from `parts`.
    pub decoded: Vec<f32>,
    /// `max |w - dequantize(quantize(w))| / scale` for INT8, else `None`.
    pub max_error_steps: Option<f32>,
}

/// Encodes `tensor` (rank >= 2) in `format`, sparse or dense.
pub fn encode_matrix(tensor: &Tensor, format: WeightFormat, sparse: bool) -> Encoded {
    let shape = tensor.shape().to_vec();
    let (mut parts, kept, keep_mask) = if sparse {
        let rows = shape[0];
        let bitmask = BitmaskMatrix::from_dense(&tensor.reshape(&[rows, tensor.numel() / rows]));
        let part = Part {
            suffix: ".mask",
            dtype: Dtype::U8,
            shape: vec![bitmask.bits().len()],
            bytes: bitmask.bits().to_vec(),
        };
        let mask = unpack_bits(bitmask.bits(), tensor.numel());
        (vec![part], bitmask.values().to_vec(), Some(mask))
    } else {
        (Vec::new(), tensor.to_vec(), None)
    };
    let (value_parts, values, max_error_steps) = encode_values(&kept, format);
    parts.extend(value_parts);
    let decoded = match keep_mask {
        Some(mask) => scatter(&mask, &values),
        None => values,
    };
    Encoded {
        parts,
        decoded,
        max_error_steps,
    }
}

/// A vector stored densely in `format` (f32 or f16).
pub fn encode_vector(tensor: &Tensor, format: WeightFormat) -> Encoded {
    let (mut parts, decoded, _) = encode_values(&tensor.to_vec(), format);
    parts[0].shape = tensor.shape().to_vec();
    Encoded {
        parts,
        decoded,
        max_error_steps: None,
    }
}

/// The value parts of `values` in `format`, the values a decoder gets back, and the INT8
/// error in steps.
fn encode_values(values: &[f32], format: WeightFormat) -> (Vec<Part>, Vec<f32>, Option<f32>) {
    let n = values.len();
    let part = |suffix, dtype, shape: Vec<usize>, bytes| Part {
        suffix,
        dtype,
        shape,
        bytes,
    };
    match format {
        WeightFormat::F32 => (
            vec![part("", Dtype::F32, vec![n], f32_bytes(values))],
            values.to_vec(),
            None,
        ),
        WeightFormat::F16 => {
            let halves: Vec<f16> = values.iter().map(|&v| f16::from_f32(v)).collect();
            let bytes = halves.iter().flat_map(|h| h.to_le_bytes()).collect();
            let back = halves.iter().map(|h| h.to_f32()).collect();
            (vec![part("", Dtype::F16, vec![n], bytes)], back, None)
        }
        WeightFormat::Int8 => {
            let (q, back, steps) = int8(values);
            let codes = q.values.iter().map(|&c| c.to_le_bytes()[0]).collect();
            let scale = q.params[0].scale;
            let parts = vec![
                part("", Dtype::I8, vec![n], codes),
                part(".scale", Dtype::F32, vec![1], f32_bytes(&[scale])),
            ];
            (parts, back, Some(steps))
        }
        WeightFormat::Codebook4 => {
            let book = fit_codebook(values);
            let indices: Vec<u8> = values.iter().map(|&v| nearest(&book, v) as u8).collect();
            let back = indices.iter().map(|&i| book[usize::from(i)]).collect();
            let packed = pack_nibbles(&indices);
            let parts = vec![
                part("", Dtype::U8, vec![packed.len()], packed),
                part(
                    ".codebook",
                    Dtype::F32,
                    vec![CODEBOOK_SIZE],
                    f32_bytes(&book),
                ),
            ];
            (parts, back, None)
        }
    }
}

/// Module 15's per-tensor symmetric quantization of `values`, the dequantized values, and
/// the largest rounding error in steps (module 15's `max_error_in_steps`).
fn int8(values: &[f32]) -> (QuantizedTensor, Vec<f32>, f32) {
    let t = Tensor::from_vec(values.to_vec(), &[values.len()]).expect("a vector");
    let q = quantize(&t, Scheme::Symmetric, Granularity::PerTensor);
    let back = dequantize(&q);
    let steps = if values.is_empty() {
        0.0
    } else {
        max_error_in_steps(&t, &back, &q)
    };
    (q, back.to_vec(), steps)
}

/// Decodes the parts of one parameter (as read from a file) back to dense f32 values.
///
/// # Errors
/// A message naming what is inconsistent (a missing part, a wrong length).
pub fn decode(
    numel: usize,
    format: WeightFormat,
    sparse: bool,
    get: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Vec<f32>, String> {
    let need = |suffix: &str| get(suffix).ok_or_else(|| format!("the part {suffix:?} is missing"));
    let mask = if sparse {
        let bits = need(".mask")?;
        if bits.len() != numel.div_ceil(8) {
            return Err(format!(
                "the bitmask holds {} bytes, {numel} values need {}",
                bits.len(),
                numel.div_ceil(8)
            ));
        }
        Some(unpack_bits(&bits, numel))
    } else {
        None
    };
    let count = mask
        .as_ref()
        .map_or(numel, |m| m.iter().filter(|&&k| k).count());
    let values = decode_values(count, format, &need)?;
    Ok(match mask {
        Some(mask) => scatter(&mask, &values),
        None => values,
    })
}

fn decode_values(
    count: usize,
    format: WeightFormat,
    need: &dyn Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<Vec<f32>, String> {
    let raw = need("")?;
    let expect = match format {
        WeightFormat::F32 => count * 4,
        WeightFormat::F16 => count * 2,
        WeightFormat::Int8 => count,
        WeightFormat::Codebook4 => count.div_ceil(2),
    };
    if raw.len() != expect {
        return Err(format!(
            "{} values of {} need {expect} bytes, the file holds {}",
            count,
            format.name(),
            raw.len()
        ));
    }
    Ok(match format {
        WeightFormat::F32 => f32_values(&raw),
        WeightFormat::F16 => raw
            .chunks_exact(2)
            .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32())
            .collect(),
        WeightFormat::Int8 => {
            let scale = scalar(&need(".scale")?)?;
            // The same arithmetic as module 15's dequantize: (q - 0) * scale.
            raw.iter()
                .map(|&b| f32::from(i8::from_le_bytes([b])) * scale)
                .collect()
        }
        WeightFormat::Codebook4 => {
            let book = f32_values(&need(".codebook")?);
            if book.len() != CODEBOOK_SIZE {
                return Err(format!(
                    "the codebook holds {} centroids, not 16",
                    book.len()
                ));
            }
            unpack_nibbles(&raw, count)
                .into_iter()
                .map(|i| book[usize::from(i)])
                .collect()
        }
    })
}

fn scalar(bytes: &[u8]) -> Result<f32, String> {
    match f32_values(bytes)[..] {
        [s] if s.is_finite() && s > 0.0 => Ok(s),
        _ => Err("the INT8 scale must be one positive finite f32".into()),
    }
}

/// Bit `i % 8` of byte `i / 8`, for the first `n` entries.
fn unpack_bits(bits: &[u8], n: usize) -> Vec<bool> {
    (0..n).map(|i| bits[i / 8] >> (i % 8) & 1 == 1).collect()
}

/// The dense vector with `values` at the kept positions, in order, and 0 elsewhere.
fn scatter(mask: &[bool], values: &[f32]) -> Vec<f32> {
    let mut next = values.iter();
    mask.iter()
        .map(|&kept| {
            if kept {
                *next.next().unwrap_or(&0.0)
            } else {
                0.0
            }
        })
        .collect()
}

/// Little-endian bytes of f32 values.
pub fn f32_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// f32 values from little-endian bytes (a trailing partial value is ignored).
pub fn f32_values(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

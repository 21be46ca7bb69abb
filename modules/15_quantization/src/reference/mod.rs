//! Module 15 exercises: scale and zero point, quantize / dequantize, the INT8 GEMM
//! kernel, QuantizedLinear with calibration, a quantized convolution, and quantizing a
//! whole model.

mod affine;
mod conv;
mod gemm;
mod linear;
mod model;

pub use affine::{choose_params, dequantize, quantize, quantize_value};
pub use gemm::{gemm_i8_packed, pack_b};
pub use linear::quantize_bias;
pub use model::quantize_model;

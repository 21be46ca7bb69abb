#![doc = include_str!("../README.md")]

mod error;
mod error_analysis;
mod fp16;
mod gemm_i8;
mod kernel;
mod model;
mod params;
mod quantized_conv;
mod quantized_linear;
mod serialize;
mod storage;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use error::QuantError;
pub use error_analysis::{max_error_in_steps, sqnr_db};
pub use fp16::{FP16_FORMAT, FP16_VERSION, load_f16, save_f16};
pub use gemm_i8::gemm_i8;
pub use imp::{
    choose_params, dequantize, gemm_i8_packed, pack_b, quantize, quantize_bias, quantize_model,
    quantize_value,
};
pub use kernel::{Int8Kernel, gemm_i8_fast, quantize_into};
pub use model::{QuantizedLayer, QuantizedModel};
pub use params::{
    BIAS_CODE_LIMIT, Calibrator, Granularity, MAX_IN_FEATURES, QMAX, QMIN, QuantParams,
    QuantizedTensor, Scheme, channel_layout,
};
pub use quantized_conv::QuantizedConv2d;
pub use quantized_linear::QuantizedLinear;
pub use serialize::{QUANT_FORMAT, QUANT_VERSION, load, save};
pub use storage::{StoredSize, stored_size};

tinytorch_tensor::module_edition!(
    "15",
    [
        tinytorch_tensor,
        tinytorch_activations,
        tinytorch_layers,
        tinytorch_convolutions
    ]
);

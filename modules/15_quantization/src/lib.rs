#![doc = include_str!("../README.md")]

mod error;
mod error_analysis;
mod fp16;
mod model;
mod params;
mod quantized_linear;
mod serialize;
mod storage;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use error::QuantError;
pub use error_analysis::{max_error_in_steps, sqnr_db};
pub use fp16::{FP16_FORMAT, FP16_VERSION, load_f16, save_f16};
pub use imp::{
    choose_params, dequantize, gemm_i8, gemm_i8_packed, pack_b, quantize, quantize_model,
    quantize_value,
};
pub use model::{QuantizedLayer, QuantizedModel};
pub use params::{
    Calibrator, Granularity, QMAX, QMIN, QuantParams, QuantizedTensor, Scheme, channel_layout,
};
pub use quantized_linear::QuantizedLinear;
pub use serialize::{QUANT_FORMAT, QUANT_VERSION, load, save};
pub use storage::{StoredSize, stored_size};

use tinytorch_tensor::{Edition, ModuleEdition};

/// Which implementation of this module was compiled: the reference or the student's code.
pub const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

/// The editions of this module and of every course module it depends on (01, 02, 03, 09).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_tensor::edition::collect(
        &[
            tinytorch_tensor::editions(),
            tinytorch_activations::editions(),
            tinytorch_layers::editions(),
            tinytorch_convolutions::editions(),
        ],
        ModuleEdition::new("15", EDITION),
    )
}

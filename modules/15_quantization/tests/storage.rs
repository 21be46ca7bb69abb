//! Course infrastructure (not graded): the shared file formats, sizes, FP16 storage and
//! error analysis, and the errors a user sees for missing, corrupt or newer files.

use tinytorch_activations::Relu;
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_quantization::{
    QUANT_FORMAT, QuantError, QuantParams, QuantizedLayer, QuantizedLinear, QuantizedModel,
    QuantizedTensor, load, load_f16, save, save_f16, sqnr_db, stored_size,
};
use tinytorch_tensor::{Tensor, seeded_rng};

fn temp_file(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("s15-{}-{name}", std::process::id()))
}

/// A hand-built quantized model (no exercise code involved): linear 2 -> 2, ReLU.
fn tiny_model() -> QuantizedModel {
    let weight = QuantizedTensor {
        values: vec![10, -20, 127, 0],
        shape: vec![2, 2],
        params: vec![
            QuantParams {
                scale: 0.5,
                zero_point: 0,
            },
            QuantParams {
                scale: 0.25,
                zero_point: 0,
            },
        ],
        axis: Some(0),
    };
    let linear = QuantizedLinear {
        weight_sums: QuantizedLinear::row_sums(&weight),
        weight,
        bias: vec![1.0, -1.0],
        input: QuantParams {
            scale: 0.1,
            zero_point: 3,
        },
        in_features: 2,
        out_features: 2,
    };
    QuantizedModel {
        layers: vec![QuantizedLayer::Linear(linear), QuantizedLayer::Relu],
    }
}

#[test]
fn save_load_round_trip_and_sizes() {
    let model = tiny_model();
    let path = temp_file("tiny.safetensors");
    save(&model, &path).unwrap();
    assert_eq!(load(&path).unwrap(), model);
    // 4 codes + 2 * (4 + 4 + 4) scale/zero point/bias + 8 input = 36 bytes of data.
    let size = stored_size(&path).unwrap();
    assert_eq!(size.weight_bytes, 36);
    assert_eq!(size.file_bytes, std::fs::metadata(&path).unwrap().len());
    assert!(size.file_bytes > size.weight_bytes);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn missing_corrupt_and_foreign_files_are_clear_errors() {
    let missing = temp_file("missing.safetensors");
    assert!(matches!(load(&missing), Err(QuantError::NotFound { .. })));

    let path = temp_file("corrupt.safetensors");
    save(&tiny_model(), &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 5]).unwrap();
    let err = load(&path).unwrap_err();
    assert!(matches!(err, QuantError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("corrupt"), "{err}");

    // An f32 FP16 file is not an INT8 model.
    let model = Sequential::new().add(Linear::new(2, 2, &mut seeded_rng(0)));
    save_f16(&model, &path).unwrap();
    let err = load(&path).unwrap_err();
    assert!(err.to_string().contains(QUANT_FORMAT), "{err}");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn newer_version_is_refused() {
    let path = temp_file("newer.safetensors");
    save(&tiny_model(), &path).unwrap();
    // Rewrite the version in the JSON header in place ("version":"1" -> "version":"9").
    let mut bytes = std::fs::read(&path).unwrap();
    let needle = br#""version":"1""#;
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the header holds the version");
    bytes[at + needle.len() - 2] = b'9';
    std::fs::write(&path, &bytes).unwrap();
    let err = load(&path).unwrap_err();
    assert!(
        matches!(&err, QuantError::UnsupportedVersion { found, supported: 1, .. } if found == "9"),
        "{err:?}"
    );
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn fp16_storage_halves_the_bytes() {
    let mut rng = seeded_rng(1);
    let model = Sequential::new()
        .add(Linear::new(16, 8, &mut rng))
        .add(Relu)
        .add(Linear::new(8, 4, &mut rng));
    let path = temp_file("model.f16.safetensors");
    save_f16(&model, &path).unwrap();
    // (16 * 8 + 8 + 8 * 4 + 4) parameters * 2 bytes = 344.
    assert_eq!(stored_size(&path).unwrap().weight_bytes, 344);
    let back = load_f16(&path).unwrap();
    assert_eq!(back.len(), 3);
    let x = Tensor::randn(&[3, 16], &mut rng);
    let (y, y16) = (model.forward(&x), back.forward(&x));
    // f16 keeps 11 significant bits: relative error ~5e-4 per weight.
    assert!(sqnr_db(&y, &y16) > 50.0, "SQNR {}", sqnr_db(&y, &y16));
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn error_messages_say_what_to_do() {
    let err = QuantError::NoCalibrationData.to_string();
    assert!(err.contains("calibration"), "{err}");
    let err = QuantError::InvalidPercentile { p: 20.0 }.to_string();
    assert!(err.contains("(50, 100]"), "{err}");
}

//! Course infrastructure (not graded): the shared file formats, sizes, FP16 storage and
//! error analysis, and the errors a user sees for missing, corrupt or newer files.

mod common;

use common::{params, per_row_weight};
use tinytorch_activations::Relu;
use tinytorch_convolutions::{MaxPool2d, simple_cnn};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_quantization::{
    QUANT_FORMAT, QUANT_VERSION, QuantError, QuantizedConv2d, QuantizedLayer, QuantizedLinear,
    QuantizedModel, QuantizedTensor, load, load_f16, save, save_f16, sqnr_db, stored_size,
};
use tinytorch_tensor::{Tensor, seeded_rng};

fn temp_file(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("s15-{}-{name}", std::process::id()))
}

/// A hand-built quantized model (no exercise code involved): linear 2 -> 2, ReLU.
fn tiny_model() -> QuantizedModel {
    QuantizedModel {
        layers: vec![QuantizedLayer::Linear(tiny_linear()), QuantizedLayer::Relu],
    }
}

/// Weight codes [[10, -20], [127, 0]] with scales 0.5 and 0.25, bias codes [20, -40],
/// input scale 0.1 and zero point 3.
fn tiny_linear() -> QuantizedLinear {
    let weight = per_row_weight(vec![10, -20, 127, 0], &[2, 2], &[0.5, 0.25]);
    let input = params(0.1, 3);
    QuantizedLinear::from_parts(weight, vec![20, -40], input).unwrap()
}

/// A hand-built quantized CNN: conv 1 -> 2 (2x2, stride 2, padding 1), max pool, flatten.
fn tiny_cnn() -> QuantizedModel {
    let weight = per_row_weight(vec![1, 2, 3, 4, -5, -6, -7, -8], &[2, 4], &[0.125; 2]);
    let input = params(0.5, -128);
    let linear = QuantizedLinear::from_parts(weight, vec![-7, 9], input).unwrap();
    let conv = QuantizedConv2d::from_parts(linear, 1, (2, 2), 2, 1).unwrap();
    QuantizedModel {
        layers: vec![
            QuantizedLayer::Conv2d(conv),
            QuantizedLayer::MaxPool2d(MaxPool2d::new(2).unwrap()),
            QuantizedLayer::Flatten,
        ],
    }
}

#[test]
fn save_load_round_trip_and_sizes() {
    let model = tiny_model();
    let path = temp_file("tiny.safetensors");
    save(&model, &path).unwrap();
    assert_eq!(load(&path).unwrap(), model);
    // 4 codes + 2 * (4 + 4) scale and bias + 5 input (f32 scale, i8 zero point) = 25 bytes.
    let size = stored_size(&path).unwrap();
    assert_eq!(size.weight_bytes, 25);
    assert_eq!(model.stored_bytes(), 25);
    assert_eq!(size.file_bytes, std::fs::metadata(&path).unwrap().len());
    assert!(size.file_bytes > size.weight_bytes);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn conv_layers_round_trip() {
    let model = tiny_cnn();
    let path = temp_file("tiny-cnn.safetensors");
    save(&model, &path).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded, model);
    // 8 codes + 2 * 8 + 5 = 29 bytes; the geometry is in the header.
    assert_eq!(stored_size(&path).unwrap().weight_bytes, 29);
    let kinds: Vec<String> = loaded.layers.iter().map(QuantizedLayer::kind).collect();
    assert_eq!(kinds, ["conv2d:2:1", "maxpool2d:2:2", "flatten"]);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn save_refuses_what_it_cannot_store() {
    // A weight zero point is not stored (symmetric weights have 0): a layer with another
    // one is refused instead of silently changed.
    let mut linear = tiny_linear();
    linear.weight.params[1].zero_point = 5;
    let model = QuantizedModel {
        layers: vec![QuantizedLayer::Linear(linear)],
    };
    let err = save(&model, &temp_file("refused.safetensors")).unwrap_err();
    assert!(
        matches!(&err, QuantError::InvalidLayer { reason } if reason.contains("layer 0")),
        "{err:?}"
    );
    assert!(err.to_string().contains("symmetric"), "{err}");
}

#[test]
fn from_parts_checks_the_parts() {
    let good = tiny_linear();
    let per_tensor = QuantizedTensor {
        params: vec![good.weight.params[0]],
        axis: None,
        ..good.weight.clone()
    };
    let cases = [
        (
            per_tensor,
            good.bias.clone(),
            good.input,
            "per output channel",
        ),
        (good.weight.clone(), vec![1], good.input, "bias codes"),
        (good.weight.clone(), vec![0, 1 << 30], good.input, "beyond"),
        (
            good.weight.clone(),
            good.bias.clone(),
            params(0.0, 0),
            "positive",
        ),
    ];
    for (weight, bias, input, expected) in cases {
        let err = QuantizedLinear::from_parts(weight, bias, input).unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
    }
    let err = QuantizedConv2d::from_parts(good, 3, (3, 3), 1, 0).unwrap_err();
    assert!(err.to_string().contains("in_channels * kh * kw"), "{err}");
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

/// The file at `path` with its `"version":"2"` metadata replaced by `version`.
fn rewrite_version(path: &std::path::Path, version: u8) {
    let mut bytes = std::fs::read(path).unwrap();
    let needle = format!(r#""version":"{QUANT_VERSION}""#).into_bytes();
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the header holds the version");
    bytes[at + needle.len() - 2] = version;
    std::fs::write(path, &bytes).unwrap();
}

#[test]
fn other_versions_are_refused() {
    let path = temp_file("versions.safetensors");
    // A newer file, and a version 1 file (f32 biases, stored zero points): neither reads.
    for (version, found) in [(b'9', "9"), (b'1', "1")] {
        save(&tiny_model(), &path).unwrap();
        rewrite_version(&path, version);
        let err = load(&path).unwrap_err();
        assert!(
            matches!(&err, QuantError::UnsupportedVersion { found: f, oldest: 2, newest: 2, .. } if f == found),
            "{err:?}"
        );
        assert!(err.to_string().contains("saved again"), "{err}");
    }
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
fn fp16_stores_the_simple_cnn() {
    let cnn = simple_cnn(3);
    let path = temp_file("cnn.f16.safetensors");
    save_f16(&cnn, &path).unwrap();
    // 666 parameters * 2 bytes, measured from the file as for INT8.
    assert_eq!(stored_size(&path).unwrap().weight_bytes, 1_332);
    let back = load_f16(&path).unwrap();
    assert_eq!(back.len(), cnn.len());
    assert_eq!(back.num_parameters(), 666);
    let x = Tensor::randn(&[4, 1, 8, 8], &mut seeded_rng(4));
    let (y, y16) = (cnn.forward(&x), back.forward(&x));
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

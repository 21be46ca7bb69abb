//! Checkpoints (shared infrastructure, not graded): round trips, atomic writes, and a
//! clear error for every way a file can be wrong, with the model left untouched.

use safetensors::Dtype;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tinytorch_activations::Relu;
use tinytorch_layers::{Linear, Module, Parameter, Sequential};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_training::{
    CHECKPOINT_FORMAT, CheckpointError, RawTensor, load_checkpoint, save_checkpoint,
};

/// A fresh, empty directory for one test (removed when dropped).
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("tinytorch-08-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        TempDir(dir)
    }
    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn mlp(seed: u64) -> Sequential {
    let mut rng = seeded_rng(seed);
    Sequential::new()
        .add(Linear::new(4, 3, &mut rng))
        .add(Relu)
        .add(Linear::new(3, 2, &mut rng))
}

fn weights(model: &dyn Module) -> Vec<Vec<f32>> {
    model
        .parameters()
        .iter()
        .map(|p| p.get().to_vec())
        .collect()
}

/// A tensor of `shape` with every value `value`, as the bytes of a hand-made file.
fn raw_f32(shape: &[usize], value: f32) -> RawTensor {
    RawTensor::f32(&Tensor::full(shape, value))
}

/// Writes a safetensors file with the given tensors and metadata.
fn write_raw(path: &Path, tensors: &[(&str, RawTensor)], metadata: &[(&str, &str)]) {
    let metadata: HashMap<String, String> = metadata
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let bytes =
        safetensors::serialize(tensors.iter().cloned(), Some(metadata)).expect("serializable");
    std::fs::write(path, bytes).expect("writable");
}

const OURS: [(&str, &str); 2] = [("format", CHECKPOINT_FORMAT), ("version", "1")];

/// The tensors of `mlp`, all set to `value`, with `change` applied.
fn mlp_tensors(value: f32) -> Vec<(&'static str, RawTensor)> {
    vec![
        ("0.weight", raw_f32(&[4, 3], value)),
        ("0.bias", raw_f32(&[3], value)),
        ("2.weight", raw_f32(&[3, 2], value)),
        ("2.bias", raw_f32(&[2], value)),
    ]
}

#[test]
fn a_round_trip_gives_identical_outputs() {
    let dir = TempDir::new("round-trip");
    let path = dir.file("mlp.safetensors");
    let trained = mlp(1);
    save_checkpoint(&trained, &path).expect("saved");

    let fresh = mlp(2);
    let x = Tensor::randn(&[5, 4], &mut seeded_rng(9));
    assert_ne!(fresh.forward(&x).to_vec(), trained.forward(&x).to_vec());
    load_checkpoint(&fresh, &path).expect("loaded");
    assert_eq!(weights(&fresh), weights(&trained), "bit for bit");
    assert_eq!(fresh.forward(&x).to_vec(), trained.forward(&x).to_vec());
    assert!(fresh.parameters().iter().all(|p| p.get().requires_grad()));
}

#[test]
fn the_file_is_safetensors_with_our_metadata() {
    let dir = TempDir::new("metadata");
    let path = dir.file("m.safetensors");
    let model = mlp(1);
    save_checkpoint(&model, &path).expect("saved");
    let bytes = std::fs::read(&path).expect("readable");
    let (_, metadata) = safetensors::SafeTensors::read_metadata(&bytes).expect("valid");
    let meta = metadata.metadata().clone().expect("has metadata");
    assert_eq!(meta["format"], "tinytorch-checkpoint");
    assert_eq!(meta["version"], "1");
    assert_eq!(meta["model"], "Sequential(3 layers)");
    let file = safetensors::SafeTensors::deserialize(&bytes).expect("valid");
    let w = file.tensor("0.weight").expect("present");
    assert_eq!((w.dtype(), w.shape()), (Dtype::F32, &[4usize, 3][..]));
    let first = f32::from_le_bytes(w.data()[..4].try_into().expect("4 bytes"));
    assert_eq!(
        first,
        model.parameters()[0].get().to_vec()[0],
        "little-endian f32"
    );
    // 2,410-style arithmetic for this model: 12 + 3 + 6 + 2 = 23 values of 4 bytes.
    let data_bytes: usize = file.tensors().iter().map(|(_, v)| v.data().len()).sum();
    assert_eq!(data_bytes, 23 * 4);
}

#[test]
fn saving_replaces_the_file_and_leaves_no_temporary_file() {
    let dir = TempDir::new("atomic");
    let path = dir.file("m.safetensors");
    save_checkpoint(&mlp(1), &path).expect("saved");
    save_checkpoint(&mlp(2), &path).expect("saved again, over the first");
    let names: Vec<String> = std::fs::read_dir(&dir.0)
        .expect("listable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["m.safetensors".to_string()]);
    let loaded = mlp(3);
    load_checkpoint(&loaded, &path).expect("loaded");
    assert_eq!(weights(&loaded), weights(&mlp(2)));
}

#[test]
fn saving_into_a_missing_directory_is_an_io_error_naming_the_file() {
    let dir = TempDir::new("no-dir");
    let path = dir.file("missing/m.safetensors");
    let err = save_checkpoint(&mlp(1), &path).unwrap_err();
    assert!(matches!(err, CheckpointError::Io { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("missing/m.safetensors") && message.contains("directory"),
        "{message}"
    );
}

#[test]
fn a_missing_file_says_so() {
    let dir = TempDir::new("missing");
    let path = dir.file("nope.safetensors");
    let err = load_checkpoint(&mlp(1), &path).unwrap_err();
    assert_eq!(err, CheckpointError::NotFound { path: path.clone() });
    assert!(err.to_string().contains("nope.safetensors"));
}

/// Loads `path` into a fresh model, expects an error, and checks the model is untouched.
fn load_fails(path: &Path) -> CheckpointError {
    let model = mlp(1);
    let before = weights(&model);
    let err = load_checkpoint(&model, path).unwrap_err();
    assert_eq!(
        weights(&model),
        before,
        "a failed load must not change any parameter"
    );
    err
}

#[test]
fn garbage_and_truncated_files_are_corrupt() {
    let dir = TempDir::new("corrupt");
    let garbage = dir.file("garbage.safetensors");
    std::fs::write(&garbage, b"this is not a checkpoint at all").expect("writable");
    let err = load_fails(&garbage);
    assert!(matches!(err, CheckpointError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("garbage.safetensors"));

    let good = dir.file("good.safetensors");
    save_checkpoint(&mlp(2), &good).expect("saved");
    let bytes = std::fs::read(&good).expect("readable");
    for keep in [0, 5, bytes.len() / 2, bytes.len() - 1] {
        let cut = dir.file("cut.safetensors");
        std::fs::write(&cut, &bytes[..keep]).expect("writable");
        let err = load_fails(&cut);
        assert!(
            matches!(err, CheckpointError::Corrupt { .. }),
            "{keep} bytes: {err:?}"
        );
        assert!(err.to_string().contains("truncated or corrupt"));
    }
}

#[test]
fn a_foreign_safetensors_file_is_not_a_checkpoint() {
    let dir = TempDir::new("foreign");
    let path = dir.file("foreign.safetensors");
    write_raw(&path, &mlp_tensors(0.5), &[("format", "pt")]);
    let err = load_fails(&path);
    assert_eq!(
        err,
        CheckpointError::NotACheckpoint {
            path: path.clone(),
            format: Some("pt".into())
        }
    );
}

#[test]
fn a_newer_version_asks_for_newer_code() {
    let dir = TempDir::new("newer");
    let path = dir.file("v2.safetensors");
    write_raw(
        &path,
        &mlp_tensors(0.5),
        &[("format", CHECKPOINT_FORMAT), ("version", "2")],
    );
    let err = load_fails(&path);
    assert!(
        matches!(
            err,
            CheckpointError::UnsupportedVersion { supported: 1, .. }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version"), "{err}");
}

#[test]
fn a_missing_parameter_is_named() {
    let dir = TempDir::new("missing-param");
    let path = dir.file("m.safetensors");
    let mut tensors = mlp_tensors(0.5);
    tensors.retain(|(name, _)| *name != "2.bias");
    write_raw(&path, &tensors, &OURS);
    let err = load_fails(&path);
    assert_eq!(
        err,
        CheckpointError::MissingTensor {
            path: path.clone(),
            name: "2.bias".into()
        }
    );
}

#[test]
fn an_extra_tensor_is_named() {
    let dir = TempDir::new("extra");
    let path = dir.file("m.safetensors");
    let mut tensors = mlp_tensors(0.5);
    tensors.push(("4.weight", raw_f32(&[2, 2], 1.0)));
    write_raw(&path, &tensors, &OURS);
    let err = load_fails(&path);
    assert_eq!(
        err,
        CheckpointError::UnexpectedTensor {
            path: path.clone(),
            name: "4.weight".into()
        }
    );
}

#[test]
fn a_shape_mismatch_names_the_parameter_and_both_shapes() {
    // The first tensors are fine; the last is not: nothing may be set.
    let dir = TempDir::new("shape");
    let path = dir.file("m.safetensors");
    let mut tensors = mlp_tensors(0.5);
    tensors[3] = ("2.bias", raw_f32(&[5], 0.5));
    write_raw(&path, &tensors, &OURS);
    let err = load_fails(&path);
    assert_eq!(
        err,
        CheckpointError::ShapeMismatch {
            path: path.clone(),
            name: "2.bias".into(),
            expected: vec![2],
            found: vec![5],
        }
    );
    let message = err.to_string();
    assert!(message.contains("[5]") && message.contains("[2]") && message.contains("2.bias"));
}

#[test]
fn a_dtype_other_than_f32_is_rejected() {
    let dir = TempDir::new("dtype");
    let path = dir.file("m.safetensors");
    let mut tensors = mlp_tensors(0.5);
    tensors[0] = (
        "0.weight",
        RawTensor {
            dtype: Dtype::F64,
            shape: vec![4, 3],
            bytes: vec![0; 96],
        },
    );
    write_raw(&path, &tensors, &OURS);
    let err = load_fails(&path);
    assert_eq!(
        err,
        CheckpointError::WrongDtype {
            path: path.clone(),
            name: "0.weight".into(),
            dtype: "F64".into()
        }
    );
}

#[test]
fn a_valid_hand_made_checkpoint_loads() {
    let dir = TempDir::new("hand-made");
    let path = dir.file("m.safetensors");
    write_raw(&path, &mlp_tensors(0.25), &OURS);
    let model = mlp(1);
    load_checkpoint(&model, &path).expect("valid");
    assert!(weights(&model).iter().flatten().all(|&v| v == 0.25));
}

#[test]
fn duplicate_parameter_names_cannot_be_saved() {
    struct Twins(Parameter, Parameter);
    impl Module for Twins {
        fn forward(&self, x: &Tensor) -> Tensor {
            x.clone()
        }
        fn named_parameters(&self) -> Vec<(String, Parameter)> {
            vec![("w".into(), self.0.clone()), ("w".into(), self.1.clone())]
        }
        fn name(&self) -> String {
            "Twins".into()
        }
    }
    let dir = TempDir::new("dup");
    let twins = Twins(
        Parameter::new(Tensor::zeros(&[1])),
        Parameter::new(Tensor::ones(&[1])),
    );
    let err = save_checkpoint(&twins, &dir.file("t.safetensors")).unwrap_err();
    assert_eq!(err, CheckpointError::DuplicateName { name: "w".into() });
}

//! train_or_load: trains when missing, reloads identical outputs, and never silently
//! accepts a corrupt, foreign or stale checkpoint. Only the digit MLP is trained (well
//! under a second), so the suite stays fast in debug builds.

use std::fs;
use std::path::{Path, PathBuf};
use tinytorch_dataloader::{default_digits_path, load_digits};
use tinytorch_layers::Module;
use tinytorch_mlperf::{
    MilestoneError, MlperfError, Network, Origin, Progress, Retrain, Stamp, Trained, train_or_load,
};

/// A fresh, empty directory for one test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tinytorch-mlperf-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn mlp(dir: &Path, retrain: Retrain) -> Result<Trained, MlperfError> {
    train_or_load(Network::DigitMlp, dir, retrain, Progress::Quiet)
}

/// The model's logits on the test digits.
fn test_logits(trained: &Trained) -> Vec<f32> {
    let digits = load_digits(&default_digits_path()).unwrap();
    let model = trained.model.as_sequential().unwrap();
    model.forward(digits.test.inputs()).to_vec()
}

fn unusable_reason(result: Result<Trained, MlperfError>) -> String {
    match result {
        Err(MlperfError::Milestone(MilestoneError::Unusable { reason, .. })) => reason,
        Err(other) => panic!("expected Unusable, got {other}"),
        Ok(t) => panic!("expected Unusable, got a network ({:?})", t.origin),
    }
}

#[test]
fn trains_when_missing_and_reloads_identical_outputs() {
    let dir = temp_dir("reload");
    let first = mlp(&dir, Retrain::IfNeeded).unwrap();
    assert!(
        matches!(&first.origin, Origin::Trained { reason } if reason.contains("no checkpoint"))
    );
    assert!(first.evaluation.passed(), "{:?}", first.evaluation);
    assert_eq!(first.model.num_parameters(), 2_410);
    let bytes = fs::metadata(Network::DigitMlp.checkpoint_path(&dir))
        .unwrap()
        .len();
    assert_eq!(first.checkpoint_bytes, bytes);
    assert!(Network::DigitMlp.stamp_path(&dir).exists());

    let second = mlp(&dir, Retrain::Never).unwrap();
    assert_eq!(second.origin, Origin::Loaded);
    assert_eq!(test_logits(&first), test_logits(&second));
    assert_eq!(first.evaluation, second.evaluation);
    // The training record survives in the stamp (JSON: the seconds to ~1e-15).
    assert_eq!(first.training.count, second.training.count);
    assert_eq!(
        first.training.final_train_loss,
        second.training.final_train_loss
    );
    assert!((first.training.seconds - second.training.seconds).abs() < 1e-9);

    // --retrain trains again, from the same seed: the same weights.
    let third = mlp(&dir, Retrain::Always).unwrap();
    assert!(matches!(third.origin, Origin::Trained { .. }));
    assert_eq!(test_logits(&first), test_logits(&third));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn missing_checkpoint_without_retraining_is_an_error() {
    let dir = temp_dir("missing");
    let reason = unusable_reason(mlp(&dir, Retrain::Never));
    assert!(reason.contains("no checkpoint"), "{reason}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn corrupt_or_truncated_checkpoint_is_reported_then_retrained() {
    let dir = temp_dir("corrupt");
    mlp(&dir, Retrain::IfNeeded).unwrap();
    let path = Network::DigitMlp.checkpoint_path(&dir);
    let good = fs::read(&path).unwrap();

    // Truncated: --no-retrain refuses it with a clear reason; the default retrains.
    fs::write(&path, &good[..good.len() / 2]).unwrap();
    let reason = unusable_reason(mlp(&dir, Retrain::Never));
    assert!(reason.contains("truncated or corrupt"), "{reason}");
    let again = mlp(&dir, Retrain::IfNeeded).unwrap();
    assert!(matches!(&again.origin, Origin::Trained { reason } if reason.contains("corrupt")));
    // Overwritten by a good checkpoint. (Not byte-identical to the first: safetensors
    // writes the metadata keys in hash-map order.)
    assert_eq!(mlp(&dir, Retrain::Never).unwrap().origin, Origin::Loaded);

    // Garbage that is not safetensors at all.
    fs::write(&path, b"not a checkpoint").unwrap();
    let reason = unusable_reason(mlp(&dir, Retrain::Never));
    assert!(reason.contains("not a valid safetensors"), "{reason}");

    // Valid safetensors, but one weight's bits flipped: only the fingerprint catches it.
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x40;
    fs::write(&path, &flipped).unwrap();
    let reason = unusable_reason(mlp(&dir, Retrain::Never));
    assert!(reason.contains("bytes changed after training"), "{reason}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn checkpoint_of_another_architecture_is_detected() {
    let dir = temp_dir("architecture");
    mlp(&dir, Retrain::IfNeeded).unwrap();
    // The MLP's weights where the CNN's should be.
    fs::copy(
        Network::DigitMlp.checkpoint_path(&dir),
        Network::SimpleCnn.checkpoint_path(&dir),
    )
    .unwrap();
    let result = train_or_load(Network::SimpleCnn, &dir, Retrain::Never, Progress::Quiet);
    let reason = unusable_reason(result);
    assert!(reason.contains("shape"), "{reason}");
    assert!(reason.contains("simple_cnn.safetensors"), "{reason}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stale_or_missing_stamp_means_retraining() {
    let dir = temp_dir("stale");
    mlp(&dir, Retrain::IfNeeded).unwrap();
    let stamp_path = Network::DigitMlp.stamp_path(&dir);
    let text = fs::read_to_string(&stamp_path).unwrap();
    let mut stamp: Stamp = serde_json::from_str(&text).unwrap();

    // A checkpoint from an older recipe.
    stamp.identity.recipe = "digit_mlp v0: an older recipe".into();
    fs::write(&stamp_path, serde_json::to_string(&stamp).unwrap()).unwrap();
    let reason = unusable_reason(mlp(&dir, Retrain::Never));
    assert!(
        reason.contains("stale") && reason.contains("v0"),
        "{reason}"
    );
    let again = mlp(&dir, Retrain::IfNeeded).unwrap();
    assert!(matches!(&again.origin, Origin::Trained { reason } if reason.contains("stale")));
    assert_eq!(mlp(&dir, Retrain::Never).unwrap().origin, Origin::Loaded);

    // Trained with another seed.
    let mut stamp: Stamp = serde_json::from_str(&fs::read_to_string(&stamp_path).unwrap()).unwrap();
    stamp.identity.seed += 1;
    fs::write(&stamp_path, serde_json::to_string(&stamp).unwrap()).unwrap();
    assert!(unusable_reason(mlp(&dir, Retrain::Never)).contains("seed"));

    // No stamp at all.
    fs::remove_file(&stamp_path).unwrap();
    let reason = unusable_reason(mlp(&dir, Retrain::Never));
    assert!(reason.contains("no recipe stamp"), "{reason}");

    // An unreadable stamp.
    fs::write(&stamp_path, "{").unwrap();
    let reason = unusable_reason(mlp(&dir, Retrain::Never));
    assert!(reason.contains("not valid"), "{reason}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn selection_names() {
    assert_eq!(
        Network::parse_selection("MLP").unwrap(),
        vec![Network::DigitMlp]
    );
    assert_eq!(
        Network::parse_selection("simple_cnn").unwrap(),
        vec![Network::SimpleCnn]
    );
    assert_eq!(
        Network::parse_selection("gpt").unwrap(),
        vec![Network::GptReversal, Network::GptTinytalk]
    );
    assert_eq!(
        Network::parse_selection("gpt-tinytalk").unwrap(),
        vec![Network::GptTinytalk]
    );
    let err = Network::parse_selection("resnet").unwrap_err();
    assert!(
        err.to_string().contains("use one of mlp, cnn, gpt"),
        "{err}"
    );
    let names: std::collections::BTreeSet<_> = Network::ALL.iter().map(|n| n.name()).collect();
    assert_eq!(names.len(), Network::ALL.len());
}

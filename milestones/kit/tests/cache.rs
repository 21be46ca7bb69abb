//! `train_or_load` on a toy "model" (the bytes of a text file): trained when missing,
//! loaded when current, retrained when stale or modified, refused with `Retrain::Never`.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use tinytorch_milestone_kit::{
    MilestoneError, Origin, Progress, Recipe, Retrain, TrainingSummary, checkpoint_path,
    train_or_load,
};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kit-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn recipe<'a>(recipe: &'static str, trained: &'a Cell<usize>) -> Recipe<'a, String> {
    Recipe {
        name: "toy",
        recipe,
        seed: 7,
        data: "synthetic".into(),
        editions: "course-edition: 01=reference".into(),
        load: Box::new(|path: &Path| std::fs::read_to_string(path).map_err(|e| e.to_string())),
        train: Box::new(move || {
            trained.set(trained.get() + 1);
            let summary = TrainingSummary {
                unit: "steps".into(),
                count: 1,
                seconds: 0.0,
                final_train_loss: 0.5,
            };
            Ok::<_, MilestoneError>(("weights".to_string(), summary))
        }),
        save: Box::new(|model: &String, path: &Path| {
            std::fs::write(path, model).map_err(|e| e.to_string())
        }),
    }
}

#[test]
fn trains_once_then_loads_then_retrains_what_is_stale_or_changed() {
    let dir = temp_dir("cycle");
    let runs = Cell::new(0);
    let q = Progress::Quiet;
    let first = train_or_load(&dir, recipe("v1", &runs), Retrain::IfNeeded, q).unwrap();
    assert!(
        matches!(&first.origin, Origin::Trained { reason } if reason.contains("no checkpoint"))
    );
    assert_eq!(first.stamp.checkpoint_sha256.len(), 64);
    let second = train_or_load(&dir, recipe("v1", &runs), Retrain::IfNeeded, q).unwrap();
    assert_eq!(
        (second.origin, second.model.as_str(), runs.get()),
        (Origin::Loaded, "weights", 1)
    );
    // Another recipe identity: stale.
    let third = train_or_load(&dir, recipe("v2", &runs), Retrain::IfNeeded, q).unwrap();
    assert!(matches!(&third.origin, Origin::Trained { reason } if reason.contains("stale")));
    // The checkpoint's bytes changed after training: refused without retraining.
    std::fs::write(checkpoint_path(&dir, "toy"), "tampered").unwrap();
    let err = train_or_load(&dir, recipe("v2", &runs), Retrain::Never, q).unwrap_err();
    assert!(
        matches!(&err, MilestoneError::Unusable { reason, .. } if reason.contains("bytes changed")),
        "{err}"
    );
    assert_eq!(runs.get(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

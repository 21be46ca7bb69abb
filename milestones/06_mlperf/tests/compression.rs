//! The compression pipeline on the digit MLP (trained in a temp dir, under a second):
//! file sizes are exact byte counts and snapshot-tested; every file re-loads to
//! bit-identical outputs; a damaged file is an error, not a silent wrong model.

use std::fs;
use std::path::PathBuf;
use tinytorch_mlperf::{
    CompressedModel, MlperfError, Network, Progress, Retrain, StoragePlan, Variant, WeightFormat,
    compress_network, load_compressed, run_olympics, train_or_load,
};

fn temp_dir(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("tinytorch-mlperf-c-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn mlp_file_sizes_count_every_stored_byte() {
    let dir = temp_dir("sizes");
    let trained =
        train_or_load(Network::DigitMlp, &dir, Retrain::IfNeeded, Progress::Quiet).unwrap();
    let variants = [
        Variant::dense(WeightFormat::F16),
        Variant::dense(WeightFormat::Int8),
        Variant::dense(WeightFormat::Codebook4),
        Variant::pruned(0.75, WeightFormat::Int8),
    ];
    let results = compress_network(&trained, &variants, &dir.join("out"), Progress::Quiet).unwrap();
    let rows: Vec<String> = results
        .iter()
        .map(|r| {
            assert!(r.round_trip_identical, "{}", r.variant);
            assert!(
                r.file_bytes > r.payload_bytes,
                "the header is counted beside the data"
            );
            format!(
                "{:<26} payload {:>5} B  ratio {:.3}x  sparsity {:.4}",
                r.variant, r.payload_bytes, r.ratio, r.sparsity
            )
        })
        .collect();
    // By hand: weights 64*32 + 32*10 = 2,368, vectors 32 + 10 = 42, f32 payload 9,640 B.
    // int8 = 2,368 codes + 2 scales * 4 + 42 * 2 (f16 vectors) = 2,460 B.
    // f16 = 2,410 * 2 = 4,820 B. codebook: ceil(2048/2) + ceil(320/2) + 2 * 64 + 84 = 1,396 B.
    // prune 75% int8: masks 256 + 40, kept 512 + 80 codes, 2 scales, 84 = 980 B.
    insta::assert_snapshot!(rows.join("\n"));
    let int8 = &results[1];
    assert!(
        int8.ratio >= 3.9,
        "INT8 must be >= 3.9x smaller, got {:.3}",
        int8.ratio
    );
    assert!(int8.max_error_steps.unwrap() <= 0.5);
}

#[test]
fn a_damaged_file_is_reported_not_loaded() {
    let dir = temp_dir("damaged");
    let trained =
        train_or_load(Network::DigitMlp, &dir, Retrain::IfNeeded, Progress::Quiet).unwrap();
    let plan = StoragePlan {
        format: WeightFormat::Int8,
        sparse: false,
    };
    let path = dir.join("mlp.int8.safetensors");
    CompressedModel::encode(trained.model.module(), plan)
        .save(&path)
        .unwrap();
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
    assert!(matches!(
        load_compressed(&path),
        Err(MlperfError::Corrupt { .. })
    ));
    fs::write(&path, b"not a model").unwrap();
    let err = load_compressed(&path).unwrap_err().to_string();
    assert!(err.contains("not a usable compressed model"), "{err}");
}

#[test]
fn olympics_gates_hold_on_the_mlp() {
    let dir = temp_dir("olympics");
    let report = run_olympics(
        &[Network::DigitMlp],
        &dir,
        &dir.join("out"),
        2,
        Progress::Quiet,
    )
    .unwrap();
    let gates: Vec<String> = report
        .scorecard
        .gates
        .iter()
        .map(|g| {
            format!(
                "{} [{}] {}",
                g.name,
                g.bound,
                if g.passed { "pass" } else { "FAIL" }
            )
        })
        .collect();
    insta::assert_snapshot!(gates.join("\n"));
    assert!(report.scorecard.passed(), "{}", report.to_text());
}

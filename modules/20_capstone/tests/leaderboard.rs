//! Course infrastructure (not graded): the `leaderboard` binary on three submissions in a
//! temp folder: an honest one, one inflated by hand, one whose model file was swapped
//! after it was measured.

use std::path::{Path, PathBuf};
use std::process::Command;
use tinytorch_capstone::{MeasureConfig, Submission, optimized_model, save_baseline, submit};
use tinytorch_dataloader::{default_digits_path, load_digits};
use tinytorch_training::{DIGITS_SEED, train_digit_mlp};

/// A folder under the system's temp dir, removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(tag: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("tt20-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

/// Writes the three submissions into `dir`: `honest` (the f32 digit MLP), `inflated`
/// (the INT8 one claiming 12 more correct digits and a 1000x lower latency) and
/// `swapped` (its model file overwritten after hashing).
fn three_submissions(dir: &Path) {
    let digits = load_digits(&default_digits_path()).expect("digits");
    let trained = train_digit_mlp(&digits, DIGITS_SEED, true).expect("training");
    let config = MeasureConfig::quick();
    save_baseline(&trained.model, &dir.join("honest.safetensors")).expect("save");
    submit(dir, "honest", "honest.safetensors", &digits.test, &config).expect("submit");

    optimized_model(&trained.model, &digits, &dir.join("inflated.safetensors")).expect("int8");
    let (mut inflated, json) = submit(
        dir,
        "inflated",
        "inflated.safetensors",
        &digits.test,
        &config,
    )
    .expect("submit");
    let m = &mut inflated.measured;
    m.correct = (m.correct + 12).min(m.samples);
    m.accuracy = m.correct as f64 / m.samples as f64;
    m.latency_p90_ms /= 1000.0;
    inflated.write(&json).expect("write");

    save_baseline(&trained.model, &dir.join("swapped.safetensors")).expect("save");
    submit(dir, "swapped", "swapped.safetensors", &digits.test, &config).expect("submit");
    // Another model (fewer epochs of nothing: a fresh initialization) in its place.
    save_baseline(
        &tinytorch_training::digit_mlp(DIGITS_SEED + 1),
        &dir.join("swapped.safetensors"),
    )
    .expect("overwrite");
}

#[test]
fn leaderboard_ranks_the_honest_rejects_the_inflated_and_marks_the_swapped_invalid() {
    let dir = temp_dir("board");
    three_submissions(&dir.0);
    let html = dir.0.join("board.html");
    let json = dir.0.join("board.json");
    // Latency depends on the load of the machine: the honest entry was measured a moment
    // ago in this process, and is re-measured by another; a factor of 10 keeps a busy
    // machine from rejecting it, while the inflated claim (1000x) is still caught.
    let out = Command::new(env!("CARGO_BIN_EXE_leaderboard"))
        .arg(&dir.0)
        .args(["--quick", "--latency-factor", "10", "--html"])
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .output()
        .expect("the leaderboard runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success());

    let board: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid JSON");
    let status = |name: &str| -> String {
        let entries = board["entries"].as_array().expect("entries");
        let entry = entries
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} listed"));
        entry["status"]
            .as_object()
            .and_then(|o| o.keys().next().cloned())
            .expect("a status")
    };
    assert_eq!(status("honest"), "Valid");
    assert_eq!(status("inflated"), "Rejected");
    assert_eq!(status("swapped"), "Invalid");
    // The honest entry is the only one ranked, first in every event it qualifies for.
    for table in board["events"].as_array().expect("events") {
        let standings = table["standings"].as_array().expect("standings");
        assert_eq!(standings[0]["name"], "honest", "{table}");
        assert_eq!(standings[0]["placing"]["Ranked"], 1, "{table}");
        let ranked = standings
            .iter()
            .filter(|s| s["placing"].get("Ranked").is_some())
            .count();
        assert_eq!(ranked, 1, "{table}");
    }
    // The reasons are shown.
    assert!(stdout.contains("accuracy: reported"), "{stdout}");
    assert!(stdout.contains("latency: reported"), "{stdout}");
    assert!(stdout.contains("SHA-256"), "{stdout}");
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("rejected") && page.contains("invalid") && page.contains("honest"));
    assert!(!page.contains("<script"), "self-contained, no scripts");
}

#[test]
fn leaderboard_refuses_a_missing_folder_with_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_leaderboard"))
        .arg("/nonexistent/submissions")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder"));
}

#[test]
fn a_submission_written_by_submit_reads_back() {
    let dir = temp_dir("readback");
    let digits = load_digits(&default_digits_path()).expect("digits");
    let model = tinytorch_training::digit_mlp(3);
    save_baseline(&model, &dir.0.join("m.safetensors")).expect("save");
    let (written, json) = submit(
        &dir.0,
        "m",
        "m.safetensors",
        &digits.test,
        &MeasureConfig::quick(),
    )
    .expect("submit");
    assert_eq!(Submission::read(&json).expect("reads"), written);
}

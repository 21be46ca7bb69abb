//! The MLPerf run's results logic on made-up measurements (no timing): validity under the
//! accuracy gate, ratios and ranks that skip invalid results, the gates, the table and the
//! summary's MLPerf field names. The numbers are chosen so every figure can be checked by
//! hand; the snapshots hold the deterministic text.

use tinytorch_benchmarking::Scenario;
use tinytorch_mlperf::{
    Host, Role, ScenarioResult, mlperf_gates, ranks, ratio_table, ratios, results_table, summary,
};

const BOUND_MS: f64 = 10.0;

/// One result of `digit_mlp`; the f32 accuracy is 0.98, so the target is 0.9702.
fn row(role: Role, scenario: Scenario, values: &[f64], accuracy: f64) -> ScenarioResult {
    let system = match role {
        Role::Baseline => "f32, one sample per call",
        Role::Optimized => "INT8, batched",
    };
    let bound = (scenario == Scenario::Server).then_some(BOUND_MS);
    ScenarioResult::new(
        "digit_mlp",
        system,
        role,
        scenario,
        values.to_vec(),
        (accuracy, 0.99 * 0.98),
        bound,
        &[],
    )
}

/// Baseline and optimized, three scenarios each; the optimized accuracy is `opt_accuracy`.
fn rows(opt_accuracy: f64) -> Vec<ScenarioResult> {
    vec![
        row(
            Role::Baseline,
            Scenario::SingleStream,
            &[0.030, 0.020, 0.022],
            0.98,
        ),
        row(
            Role::Baseline,
            Scenario::Offline,
            &[1000.0, 1200.0, 1100.0],
            0.98,
        ),
        row(
            Role::Baseline,
            Scenario::Server,
            &[900.0, 800.0, 1000.0],
            0.98,
        ),
        row(
            Role::Optimized,
            Scenario::SingleStream,
            &[0.010, 0.011, 0.012],
            opt_accuracy,
        ),
        row(
            Role::Optimized,
            Scenario::Offline,
            &[5500.0, 4000.0, 4400.0],
            opt_accuracy,
        ),
        row(
            Role::Optimized,
            Scenario::Server,
            &[1500.0, 1800.0, 1600.0],
            opt_accuracy,
        ),
    ]
}

#[test]
fn a_result_is_the_median_of_its_repeats_and_valid_only_at_99_percent_of_f32() {
    let valid = rows(0.9702);
    // Medians: SingleStream 0.022 ms, Offline 1100 samples/s, Server 900 queries/s.
    assert_eq!(valid[0].value, 0.022);
    assert_eq!(valid[1].value, 1100.0);
    assert_eq!(valid[2].value, 900.0);
    assert!(
        valid.iter().all(|r| r.valid),
        "0.9702 is exactly 99% of 0.98"
    );
    let invalid = rows(0.9701);
    assert!(invalid[..3].iter().all(|r| r.valid));
    assert!(invalid[3..].iter().all(|r| !r.valid));
    assert!(invalid[3].reasons[0].starts_with("accuracy gate: 97.01% is below 99%"));
}

#[test]
fn harness_reasons_make_a_result_invalid_once_each() {
    let why = "p99 latency 12.000 ms exceeds the bound 10.000 ms".to_string();
    let r = ScenarioResult::new(
        "m",
        "s",
        Role::Optimized,
        Scenario::Server,
        vec![1.0, 2.0],
        (1.0, 0.5),
        Some(BOUND_MS),
        &[why.clone(), why.clone()],
    );
    assert!(!r.valid);
    assert_eq!(r.reasons, [why]);
    assert_eq!(r.value, 1.5);
}

#[test]
fn ratios_are_better_over_baseline_and_none_when_either_side_is_invalid() {
    let need = |_: &str, _: Scenario| 2.0;
    let valid = ratios(&rows(0.98), need);
    // SingleStream: 0.022 / 0.011 = 2 (lower latency is better); Offline 4400 / 1100 = 4;
    // Server 1600 / 900.
    let got: Vec<Option<f64>> = valid.iter().map(|r| r.ratio).collect();
    assert_eq!(got.len(), 3);
    assert!((got[0].unwrap() - 2.0).abs() < 1e-12);
    assert!((got[1].unwrap() - 4.0).abs() < 1e-12);
    assert!((got[2].unwrap() - 1600.0 / 900.0).abs() < 1e-12);
    let invalid = ratios(&rows(0.5), need);
    assert!(invalid.iter().all(|r| r.ratio.is_none()));
}

#[test]
fn ranks_order_valid_results_and_never_rank_an_invalid_one() {
    assert_eq!(
        ranks(&rows(0.98)),
        [Some(2), Some(2), Some(2), Some(1), Some(1), Some(1)]
    );
    assert_eq!(
        ranks(&rows(0.5)),
        [Some(1), Some(1), Some(1), None, None, None]
    );
}

#[test]
fn gates_name_the_accuracy_gate_and_the_unranked_ratios() {
    let need = |_: &str, s: Scenario| if s == Scenario::Offline { 5.0 } else { 1.5 };
    let good = rows(0.98);
    let card = mlperf_gates(&good, &ratios(&good, need));
    // Offline 4.0x misses its 5.0x bar; everything else holds.
    let failed: Vec<&str> = card.failed().map(|g| g.name.as_str()).collect();
    assert_eq!(failed, ["digit_mlp Offline: optimized/baseline"]);
    let bad = rows(0.5);
    let card = mlperf_gates(&bad, &ratios(&bad, need));
    assert!(!card.passed());
    insta::assert_snapshot!("gates_with_a_failed_accuracy_gate", card.to_table());
}

#[test]
fn the_results_table_marks_invalid_rows_and_says_why() {
    let bad = rows(0.5);
    let need = |_: &str, _: Scenario| 1.5;
    let text = format!(
        "{}\n{}",
        results_table(&bad),
        ratio_table(&ratios(&bad, need))
    );
    insta::assert_snapshot!("results_table_invalid_optimized", text);
}

#[test]
fn the_summary_uses_mlperf_field_names_and_units() {
    let host = Host {
        processor: "Test CPU".into(),
        cores: 2,
        operating_system: "linux".into(),
        framework: "course-edition: 01=reference".into(),
    };
    let lines = summary(&rows(0.98)[..4], &host, 3);
    let json = serde_json::to_value(&lines).unwrap();
    insta::assert_json_snapshot!("summary_lines", json);
    assert_eq!(json[0]["Units"], "Latency (ms)");
    assert_eq!(json[2]["Units"], "Queries/s");
    assert_eq!(json[3]["Platform"], "optimized");
}

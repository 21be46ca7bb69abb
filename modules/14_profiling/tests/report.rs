//! Snapshots of the deterministic report content (counts, bytes, shapes) for the three
//! course networks, and a smoke test of the timing path. Not graded: they run once every
//! task is done. Timings are never snapshotted or asserted.

use tinytorch_convolutions::simple_cnn;
use tinytorch_layers::Module;
use tinytorch_profiling::{ProfileReport, REPORT_GPT, profile_forward_time};
use tinytorch_tensor::Tensor;
use tinytorch_training::digit_mlp;
use tinytorch_transformers::Gpt;

fn small_gpt() -> Gpt {
    Gpt::new(REPORT_GPT).unwrap()
}

#[test]
fn report_digit_mlp() {
    let report = ProfileReport::new(&digit_mlp(0), &[1, 64]).unwrap();
    assert_eq!((report.totals.params, report.totals.flops), (2_410, 4_736));
    insta::assert_snapshot!("digit_mlp_table", report.to_table());
    insta::assert_snapshot!("digit_mlp_json", report.to_json());
}

#[test]
fn report_simple_cnn() {
    let report = ProfileReport::new(&simple_cnn(0), &[1, 1, 8, 8]).unwrap();
    assert_eq!((report.totals.params, report.totals.flops), (666, 14_464));
    insta::assert_snapshot!("simple_cnn_table", report.to_table());
    insta::assert_snapshot!("simple_cnn_json", report.to_json());
}

#[test]
fn report_small_gpt() {
    let report = ProfileReport::new(&small_gpt(), &[1, 32]).unwrap();
    assert_eq!(
        (report.totals.params, report.totals.flops),
        (107_008, 6_971_392)
    );
    insta::assert_snapshot!("small_gpt_table", report.to_table());
    insta::assert_snapshot!("small_gpt_json", report.to_json());
}

#[test]
fn timed_report_has_one_entry_per_top_level_layer() {
    let model = simple_cnn(0);
    let timing = profile_forward_time(&model, &Tensor::ones(&[4, 1, 8, 8]), 1, 3);
    assert_eq!(timing.layers.len(), 8);
    assert!(timing.layers.iter().all(|l| l.stats.samples == 3));
    let report = ProfileReport::new(&model, &[4, 1, 8, 8])
        .unwrap()
        .with_timing(timing);
    assert!(report.to_table().contains("slowest layer:"));
    assert!(report.to_json().contains("\"timing\""));
    // a model that is not a Sequential is timed as one piece
    let gpt = small_gpt();
    let ids = Tensor::from_vec((0..8).map(|i| i as f32).collect(), &[1, 8]).unwrap();
    let timing = profile_forward_time(&gpt, &ids, 0, 1);
    assert_eq!(timing.layers[0].kind, gpt.name());
    assert_eq!(timing.bottleneck, "(root)");
}

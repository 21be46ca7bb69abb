//! The binary end to end: exit codes, the JSON report the grader reads, the picture.

use tinytorch_milestone_kit::testing::{achieved_run, assert_bad_input_names_the_option, scratch};

const BIN: &str = env!("CARGO_BIN_EXE_xor");

#[test]
fn a_short_run_is_achieved_and_reports_editions_parts_and_the_picture() {
    let dir = scratch("m02", "short");
    let args = ["--seeds", "1", "--lr", "0.1,1", "--epochs", "2000"];
    let run = achieved_run(BIN, &args, &dir, 3);
    // 3 truth tables x 2 rules x 2 rates x 1 seed.
    assert_eq!(run.report["outcome"]["runs"].as_array().unwrap().len(), 12);
    let svg = std::fs::read_to_string(dir.join("report.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("XOR"));
}

#[test]
fn bad_input_exits_2_naming_the_option() {
    assert_bad_input_names_the_option(
        BIN,
        &[
            &["--lr=0.1,-1"],
            &["--seeds", "0"],
            &["--epochs", "0"],
            &["--no-such-flag"],
        ],
    );
}

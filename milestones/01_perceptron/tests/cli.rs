//! The binary end to end: exit codes, the JSON report the grader reads, the picture.

use tinytorch_milestone_kit::testing::{achieved_run, assert_bad_input_names_the_option, scratch};

const BIN: &str = env!("CARGO_BIN_EXE_perceptron");

#[test]
fn a_full_run_is_achieved_and_reports_editions_parts_and_the_picture() {
    let dir = scratch("m01", "full");
    let run = achieved_run(BIN, &[], &dir, 2);
    assert!(run.stdout.contains("milestone 01: ACHIEVED"));
    let svg = std::fs::read_to_string(dir.join("report.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    let picture = format!("picture: {}", dir.join("report.svg").display());
    assert!(run.stdout.contains(&picture));
}

#[test]
fn bad_input_exits_2_naming_the_option() {
    assert_bad_input_names_the_option(
        BIN,
        &[
            &["--margin", "0.7"],
            &["--points", "0"],
            &["--lr=-1"],
            &["--no-such-flag"],
        ],
    );
}

//! The binary end to end: exit codes, the JSON report the grader reads, the picture.

use std::path::PathBuf;
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tt-m01-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_full_run_is_achieved_and_reports_editions_parts_and_the_picture() {
    let dir = scratch("full");
    let json = dir.join("report.json");
    let out = Command::new(env!("CARGO_BIN_EXE_perceptron"))
        .args(["--quiet", "--json"])
        .arg(&json)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("course-edition: 01=reference 02=reference 03=reference"));
    assert!(stdout.contains("milestone 01: ACHIEVED"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["achieved"], true);
    assert_eq!(report["parts"].as_array().unwrap().len(), 2);
    assert!(
        report["editions"]
            .as_str()
            .unwrap()
            .starts_with("course-edition: ")
    );
    let svg = std::fs::read_to_string(dir.join("report.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(stdout.contains(&format!("picture: {}", dir.join("report.svg").display())));
}

#[test]
fn bad_input_exits_2_naming_the_option() {
    for args in [
        &["--margin", "0.7"][..],
        &["--points", "0"],
        &["--lr=-1"],
        &["--no-such-flag"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_perceptron"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let option = args[0].split('=').next().unwrap();
        assert!(stderr.contains(option), "{args:?}: {stderr}");
    }
}

//! The binary end to end: exit codes, the JSON report the grader reads, the picture.

use std::path::PathBuf;
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tt-m02-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_short_run_is_achieved_and_reports_editions_parts_and_the_picture() {
    let dir = scratch("short");
    let json = dir.join("report.json");
    let out = Command::new(env!("CARGO_BIN_EXE_xor"))
        .args([
            "--quiet", "--seeds", "1", "--lr", "0.1,1", "--epochs", "2000", "--json",
        ])
        .arg(&json)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("course-edition: 01=reference 02=reference 03=reference"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["achieved"], true);
    assert_eq!(report["parts"].as_array().unwrap().len(), 3);
    // 3 truth tables x 2 rules x 2 rates x 1 seed.
    assert_eq!(report["outcome"]["runs"].as_array().unwrap().len(), 12);
    let svg = std::fs::read_to_string(dir.join("report.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("XOR"));
}

#[test]
fn bad_input_exits_2_naming_the_option() {
    for args in [
        &["--lr=0.1,-1"][..],
        &["--seeds", "0"],
        &["--epochs", "0"],
        &["--no-such-flag"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_xor"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let option = args[0].split('=').next().unwrap();
        assert!(stderr.contains(option), "{args:?}: {stderr}");
    }
}

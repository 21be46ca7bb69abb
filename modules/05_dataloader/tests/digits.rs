//! Tests of the digits loader (shared code, not graded: no test here starts with `t05_`).
//!
//! They read the real file and malformed copies of it written to the system's temporary
//! directory (each under a unique name, removed when the test ends).

use std::path::{Path, PathBuf};
use tinytorch_dataloader::{DataError, Dataset, Digits, default_digits_path, load_digits};

/// A file in the temporary directory, deleted when dropped (even if the test fails).
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("tinytorch-05-{}-{name}.csv", std::process::id()));
        std::fs::write(&path, contents).expect("the temporary directory is writable");
        TempFile(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn real_lines() -> Vec<String> {
    let text = std::fs::read_to_string(default_digits_path()).expect("data/digits/digits.csv");
    text.lines().map(str::to_owned).collect()
}

/// The real file with line `number` (1-based) replaced by `line`.
fn with_line(number: usize, line: &str) -> String {
    let mut lines = real_lines();
    lines[number - 1] = line.to_owned();
    lines.join("\n") + "\n"
}

/// Loads `contents` from a temporary file; returns the error and its message.
fn load_error(name: &str, contents: &str) -> (DataError, String) {
    let file = TempFile::new(name, contents);
    let err = load_digits(file.path()).expect_err("malformed file must be rejected");
    let message = err.to_string();
    assert!(
        message.contains(&file.path().display().to_string()),
        "the message names the file: {message}"
    );
    assert!(
        message.contains("git checkout -- data/digits"),
        "says how to restore: {message}"
    );
    (err, message)
}

#[test]
fn digits_real_file_splits_1433_364() {
    let digits = load_digits(&default_digits_path()).expect("the course ships the digits");
    assert_eq!(digits.train.len(), 1433);
    assert_eq!(digits.test.len(), 364);
    assert_eq!(Digits::TRAIN + Digits::TEST, Digits::SAMPLES);
    assert_eq!(digits.train.inputs().shape(), &[1433, 64]);
    assert_eq!(digits.test.inputs().shape(), &[364, 64]);
    for set in [&digits.train, &digits.test] {
        let values = set.inputs().to_vec();
        assert!(
            values.iter().all(|v| (0.0..=1.0).contains(v)),
            "pixels scaled to [0, 1]"
        );
        assert!(values.contains(&1.0), "16 / 16 = 1 occurs");
        assert!(set.labels().iter().all(|&l| l < 10));
    }
}

#[test]
fn digits_split_is_every_fifth_sample_of_each_class() {
    let digits = load_digits(&default_digits_path()).unwrap();
    let mut train = [0usize; 10];
    let mut test = [0usize; 10];
    digits.train.labels().iter().for_each(|&l| train[l] += 1);
    digits.test.labels().iter().for_each(|&l| test[l] += 1);
    for class in 0..10 {
        let total = train[class] + test[class];
        // Positions 0, 5, 10, ... of n samples: ceil(n / 5) of them.
        assert_eq!(
            test[class],
            total.div_ceil(5),
            "class {class}: {total} samples"
        );
    }
    // The file's classes hold 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 samples.
    assert_eq!(test, [36, 37, 36, 37, 37, 37, 37, 36, 35, 36]);
    // Line 1 (label 0) is position 0 of class 0: the first test sample. Its first pixels
    // are 0, 0, 5, 13 -> 0, 0, 0.3125, 0.8125.
    assert_eq!(digits.test.labels()[0], 0);
    let first: Vec<f32> = digits.test.inputs().to_vec()[..4].to_vec();
    assert_eq!(first, vec![0.0, 0.0, 0.3125, 0.8125]);
    // Line 2 (label 1) is position 0 of class 1: the second test sample.
    assert_eq!(digits.test.labels()[1], 1);
}

#[test]
fn digits_missing_file_says_how_to_restore_it() {
    let path = std::env::temp_dir().join("tinytorch-05-no-such-digits.csv");
    let err = load_digits(&path).unwrap_err();
    assert_eq!(err, DataError::NotFound { path: path.clone() });
    let message = err.to_string();
    assert!(message.contains("not found"), "{message}");
    assert!(message.contains("data/digits/digits.csv"), "{message}");
    assert!(message.contains("git checkout -- data/digits"), "{message}");
}

#[test]
fn digits_wrong_field_count_names_the_line() {
    let mut short: Vec<&str> = vec!["0"; 64]; // 63 pixels + label: one field missing
    short[63] = "3";
    let (err, message) = load_error("fields", &with_line(3, &short.join(",")));
    assert!(matches!(err, DataError::BadLine { line: 3, .. }), "{err:?}");
    assert!(
        message.contains("line 3") && message.contains("64 fields, expected 65"),
        "{message}"
    );
}

#[test]
fn digits_non_integer_is_rejected() {
    let real = real_lines();
    let mut fields: Vec<&str> = real[9].split(',').collect();
    fields[1] = "2.5";
    let (err, message) = load_error("float", &with_line(10, &fields.join(",")));
    assert!(
        matches!(err, DataError::BadLine { line: 10, .. }),
        "{err:?}"
    );
    assert!(message.contains("\"2.5\", not an integer"), "{message}");
}

/// Loads a file whose line `line` is 65 zeros but field `index` (from 0), which is
/// `value`; checks that the error names that line and returns its message.
fn bad_field_message(name: &str, line: usize, index: usize, value: &str) -> String {
    let mut fields = vec!["0"; 65];
    fields[index] = value;
    let (err, message) = load_error(name, &with_line(line, &fields.join(",")));
    assert!(
        matches!(err, DataError::BadLine { line: l, .. } if l == line),
        "{err:?}"
    );
    message
}

#[test]
fn digits_pixel_out_of_range_is_rejected() {
    let message = bad_field_message("pixel", 100, 4, "17");
    assert!(
        message.contains("field 5 (a pixel) is 17, outside 0..=16"),
        "{message}"
    );
}

#[test]
fn digits_label_out_of_range_is_rejected() {
    let message = bad_field_message("label", 1797, 64, "10");
    assert!(
        message.contains("label (field 65) is 10, outside 0..=9"),
        "{message}"
    );
}

#[test]
fn digits_truncated_and_empty_files_are_rejected() {
    let first_100 = real_lines()[..100].join("\n") + "\n";
    let (err, message) = load_error("truncated", &first_100);
    assert!(
        matches!(
            err,
            DataError::SampleCount {
                found: 100,
                expected: 1797,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(message.contains("truncated"), "{message}");

    let (err, message) = load_error("empty", "");
    assert!(
        matches!(err, DataError::SampleCount { found: 0, .. }),
        "{err:?}"
    );
    assert!(message.contains("is empty"), "{message}");

    let mut doubled = real_lines();
    doubled.push(doubled[0].clone());
    let (err, message) = load_error("long", &doubled.join("\n"));
    assert!(
        matches!(err, DataError::SampleCount { found: 1798, .. }),
        "{err:?}"
    );
    assert!(message.contains("too long"), "{message}");
}

#[test]
fn digits_tolerates_crlf_and_trailing_blank_lines() {
    let text = real_lines().join("\r\n") + "\r\n\r\n";
    let file = TempFile::new("crlf", &text);
    let digits = load_digits(file.path()).expect("CRLF line ends are fine");
    assert_eq!(digits.train.len() + digits.test.len(), 1797);
}

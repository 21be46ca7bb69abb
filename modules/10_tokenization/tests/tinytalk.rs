//! The TinyTalk corpus (shared code and data, not graded): it loads, has the documented
//! size and split, and a damaged copy gives an error naming the line.

use tinytorch_tokenization::{
    TINYTALK_PAIRS, TokenizerError, default_tinytalk_path, load_tinytalk, pretokenize,
};

#[test]
fn corpus_loads_with_the_documented_split() {
    let path = default_tinytalk_path();
    let raw = std::fs::read_to_string(&path).unwrap();
    // PROVENANCE.md: 235 pairs = 470 lines, ASCII, under 50 KB.
    assert_eq!(raw.lines().count(), 470);
    assert_eq!(TINYTALK_PAIRS, 235);
    assert!(raw.is_ascii() && raw.len() < 50_000 && raw.ends_with('\n'));
    let talk = load_tinytalk(&path).unwrap();
    // Pairs 9, 19, ..., 229 (0-based) are validation: 23 of them; 212 train.
    assert_eq!(talk.train.len(), 212);
    assert_eq!(talk.validation.len(), 23);
    assert_eq!(talk.train[0].question, "Hello!");
    assert_eq!(talk.train[0].answer, "Hello! How can I help you?");
    // The whole file is train and validation interleaved: nothing lost or reordered.
    let mut all = Vec::new();
    let (mut t, mut v) = (talk.train.iter(), talk.validation.iter());
    for index in 0..TINYTALK_PAIRS {
        let d = if index % 10 == 9 { v.next() } else { t.next() };
        all.push(d.unwrap().text());
    }
    assert_eq!(all.concat(), raw);
}

#[test]
fn damaged_corpus_names_the_line() {
    let path = std::env::temp_dir().join(format!("tinytorch-m10-{}-talk.txt", std::process::id()));
    let raw = std::fs::read_to_string(default_tinytalk_path()).unwrap();
    let damaged = raw.replacen("A: Hi there!", "Hi there!", 1);
    std::fs::write(&path, damaged).unwrap();
    let err = load_tinytalk(&path).unwrap_err();
    std::fs::remove_file(&path).unwrap();
    // "Hi!" is pair 7 (0-based), so its answer is line 16.
    assert!(
        matches!(err, TokenizerError::BadCorpus { line: 16, .. }),
        "{err:?}"
    );
    let missing = load_tinytalk(&path).unwrap_err();
    assert!(matches!(missing, TokenizerError::NotFound { .. }));
}

#[test]
fn pretokenize_is_lossless() {
    let raw = std::fs::read_to_string(default_tinytalk_path()).unwrap();
    assert_eq!(pretokenize(&raw).concat(), raw);
    assert_eq!(pretokenize("hi there\n"), vec!["hi", " there", "\n"]);
    assert_eq!(pretokenize("  x"), vec!["  x"]);
    assert_eq!(pretokenize(""), Vec::<&str>::new());
}

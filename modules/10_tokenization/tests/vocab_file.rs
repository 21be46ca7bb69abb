//! Vocabulary files (shared code, not graded): save/load round trips and the errors a
//! damaged or foreign file gives. Only shared constructors are used, so these tests also
//! pass on the untouched stubs.

use std::path::PathBuf;

use tinytorch_tokenization::{BpeTokenizer, CharTokenizer, TokenizerError};

/// A unique path in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> Self {
        TempFile(
            std::env::temp_dir().join(format!("tinytorch-m10-{}-{name}.json", std::process::id())),
        )
    }

    fn write(name: &str, contents: &str) -> Self {
        let file = TempFile::new(name);
        std::fs::write(&file.0, contents).unwrap();
        file
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const SPECIALS: &str = r#""special_tokens": ["<pad>", "<bos>", "<eos>", "<unk>"]"#;

fn assert_names_file(err: &TokenizerError, file: &TempFile) {
    let message = err.to_string();
    let name = file.0.file_name().unwrap().to_str().unwrap();
    assert!(message.contains(name), "{message:?} does not name {name}");
}

#[test]
fn bpe_save_load_round_trip() {
    let tok = BpeTokenizer::from_merges(vec![(105, 112), (108, 260), (36, 261)]).unwrap();
    let file = TempFile::new("bpe-round-trip");
    tok.save(&file.0).unwrap();
    let loaded = BpeTokenizer::load(&file.0).unwrap();
    assert_eq!(loaded, tok);
    assert_eq!(loaded.token_text(262), " hel");
}

#[test]
fn char_load_save_round_trip() {
    let file = TempFile::write(
        "char-hand",
        &format!(r#"{{"format_version": 1, "kind": "char", {SPECIALS}, "chars": "ehlo"}}"#),
    );
    let tok = CharTokenizer::load(&file.0).unwrap();
    assert_eq!(tok.chars(), &['e', 'h', 'l', 'o']);
    assert_eq!(tok.id_of('h'), Some(5));
    let again = TempFile::new("char-again");
    tok.save(&again.0).unwrap();
    assert_eq!(CharTokenizer::load(&again.0).unwrap(), tok);
}

#[test]
fn missing_file_is_not_found() {
    let file = TempFile::new("never-written");
    let err = BpeTokenizer::load(&file.0).unwrap_err();
    assert!(matches!(err, TokenizerError::NotFound { .. }), "{err:?}");
    assert_names_file(&err, &file);
}

#[test]
fn invalid_json_is_bad_json() {
    let file = TempFile::write("not-json", "merges: 1, 2");
    let err = BpeTokenizer::load(&file.0).unwrap_err();
    assert!(matches!(err, TokenizerError::BadJson { .. }), "{err:?}");
    assert_names_file(&err, &file);
    let file = TempFile::write("no-version", r#"{"kind": "bpe", "merges": []}"#);
    let err = BpeTokenizer::load(&file.0).unwrap_err();
    assert!(err.to_string().contains("format_version"), "{err}");
}

#[test]
fn newer_version_is_refused() {
    // A newer version may have changed any field: the version is checked first.
    let file = TempFile::write(
        "newer",
        r#"{"format_version": 2, "kind": "bpe", "merges": "some new encoding"}"#,
    );
    let err = BpeTokenizer::load(&file.0).unwrap_err();
    assert!(
        matches!(
            err,
            TokenizerError::UnsupportedVersion {
                found: 2,
                supported: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_names_file(&err, &file);
}

#[test]
fn inconsistent_vocabularies_are_refused() {
    let cases = [
        // Merge 0 names id 300, which does not exist before 260 + 0.
        (
            "future-id",
            format!(r#"{{"format_version": 1, "kind": "bpe", {SPECIALS}, "merges": [[300, 5]]}}"#),
        ),
        // Merge 0 names a special token.
        (
            "special-id",
            format!(r#"{{"format_version": 1, "kind": "bpe", {SPECIALS}, "merges": [[1, 5]]}}"#),
        ),
        // A char vocabulary read as BPE.
        (
            "wrong-kind",
            format!(r#"{{"format_version": 1, "kind": "char", {SPECIALS}, "chars": "ab"}}"#),
        ),
        // Other special tokens.
        (
            "other-specials",
            r#"{"format_version": 1, "kind": "bpe", "special_tokens": ["<s>"], "merges": []}"#
                .to_owned(),
        ),
    ];
    for (name, json) in cases {
        let file = TempFile::write(name, &json);
        let err = BpeTokenizer::load(&file.0).unwrap_err();
        assert!(
            matches!(err, TokenizerError::BadVocab { .. }),
            "{name}: {err:?}"
        );
        assert_names_file(&err, &file);
    }
    let file = TempFile::write(
        "char-unsorted",
        &format!(r#"{{"format_version": 1, "kind": "char", {SPECIALS}, "chars": "hel"}}"#),
    );
    let err = CharTokenizer::load(&file.0).unwrap_err();
    assert!(err.to_string().contains("sorted"), "{err}");
}

#[test]
fn from_merges_rejects_repeats() {
    let err = BpeTokenizer::from_merges(vec![(105, 112), (105, 112)]).unwrap_err();
    assert!(
        matches!(err, TokenizerError::InvalidMerges { index: 1, .. }),
        "{err:?}"
    );
}

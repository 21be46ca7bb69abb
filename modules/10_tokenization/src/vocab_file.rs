//! Saving and loading vocabularies as JSON files.
//!
//! ```text
//! {"format_version": 1, "kind": "bpe", "special_tokens": ["<pad>", "<bos>", "<eos>", "<unk>"],
//!  "merges": [[105, 112], [108, 260], ...]}
//! {"format_version": 1, "kind": "char", "special_tokens": [...], "chars": "\n !?ABC..."}
//! ```
//!
//! The version is read before anything else, so a file from a newer course gets a clear
//! "newer version" error instead of a confusing parse error about a field it added.
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::special::SPECIAL_TOKENS;
use crate::{BpeTokenizer, CharTokenizer, Pair, TokenizerError};

/// The vocabulary file format this code writes, and the newest it reads.
pub const VOCAB_FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct VocabFile {
    format_version: u32,
    kind: String,
    special_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    merges: Option<Vec<Pair>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chars: Option<String>,
}

impl VocabFile {
    fn new(kind: &str) -> Self {
        VocabFile {
            format_version: VOCAB_FORMAT_VERSION,
            kind: kind.to_owned(),
            special_tokens: SPECIAL_TOKENS.iter().map(|s| (*s).to_owned()).collect(),
            merges: None,
            chars: None,
        }
    }

    fn write(&self, path: &Path) -> Result<(), TokenizerError> {
        let json = serde_json::to_string(self).expect("a vocabulary always serializes");
        std::fs::write(path, json + "\n").map_err(|e| TokenizerError::Io {
            path: path.to_path_buf(),
            message: format!("cannot write the vocabulary: {e}"),
        })
    }

    /// Reads `path`, checks the version, the kind and the special tokens.
    fn read(path: &Path, kind: &str) -> Result<Self, TokenizerError> {
        let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => TokenizerError::NotFound {
                path: path.to_path_buf(),
            },
            _ => TokenizerError::Io {
                path: path.to_path_buf(),
                message: format!("cannot read the vocabulary: {e}"),
            },
        })?;
        let bad_json = |message: String| TokenizerError::BadJson {
            path: path.to_path_buf(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad_json(e.to_string()))?;
        let version = value
            .get("format_version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| bad_json("no integer `format_version` field".to_owned()))?;
        if version > u64::from(VOCAB_FORMAT_VERSION) {
            return Err(TokenizerError::UnsupportedVersion {
                path: path.to_path_buf(),
                found: u32::try_from(version).unwrap_or(u32::MAX),
                supported: VOCAB_FORMAT_VERSION,
            });
        }
        let file: VocabFile = serde_json::from_value(value).map_err(|e| bad_json(e.to_string()))?;
        let bad = |message: String| TokenizerError::BadVocab {
            path: path.to_path_buf(),
            message,
        };
        if file.kind != kind {
            return Err(bad(format!(
                "it holds a `{}` tokenizer, not a `{kind}` one",
                file.kind
            )));
        }
        if file.special_tokens != SPECIAL_TOKENS {
            return Err(bad(format!(
                "special tokens {:?}, expected {SPECIAL_TOKENS:?}",
                file.special_tokens
            )));
        }
        Ok(file)
    }
}

fn owned(path: impl AsRef<Path>) -> PathBuf {
    path.as_ref().to_path_buf()
}

impl BpeTokenizer {
    /// Writes the merges to `path` as JSON (format above).
    ///
    /// # Errors
    /// [`TokenizerError::Io`] naming the file when it cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), TokenizerError> {
        let mut file = VocabFile::new("bpe");
        file.merges = Some(self.merges.clone());
        file.write(path.as_ref())
    }

    /// Reads a tokenizer written by [`save`](Self::save).
    ///
    /// ```
    /// use tinytorch_tokenization::BpeTokenizer;
    /// let path = std::env::temp_dir().join(format!("doc-bpe-{}.json", std::process::id()));
    /// let tok = BpeTokenizer::train("hello hello help", 300).unwrap();
    /// tok.save(&path).unwrap();
    /// assert_eq!(BpeTokenizer::load(&path).unwrap(), tok);
    /// std::fs::remove_file(&path).unwrap();
    /// ```
    ///
    /// # Errors
    /// Each naming the file: [`TokenizerError::NotFound`], [`TokenizerError::Io`],
    /// [`TokenizerError::BadJson`] (not JSON, or missing fields),
    /// [`TokenizerError::UnsupportedVersion`] (written by a newer course), and
    /// [`TokenizerError::BadVocab`] (another kind of tokenizer, other special tokens, or
    /// merges that name tokens which do not exist yet).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, TokenizerError> {
        let path = path.as_ref();
        let file = VocabFile::read(path, "bpe")?;
        let merges = file.merges.ok_or_else(|| TokenizerError::BadVocab {
            path: owned(path),
            message: "no `merges` list".to_owned(),
        })?;
        BpeTokenizer::from_merges(merges).map_err(|e| TokenizerError::BadVocab {
            path: owned(path),
            message: e.to_string(),
        })
    }
}

impl CharTokenizer {
    /// Writes the characters to `path` as JSON (format above).
    ///
    /// # Errors
    /// [`TokenizerError::Io`] naming the file when it cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), TokenizerError> {
        let mut file = VocabFile::new("char");
        file.chars = Some(self.chars.iter().collect());
        file.write(path.as_ref())
    }

    /// Reads a tokenizer written by [`save`](Self::save).
    ///
    /// # Errors
    /// As [`BpeTokenizer::load`]; [`TokenizerError::BadVocab`] also when the characters
    /// are not sorted and distinct.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, TokenizerError> {
        let path = path.as_ref();
        let file = VocabFile::read(path, "char")?;
        let chars: Vec<char> = file
            .chars
            .ok_or_else(|| TokenizerError::BadVocab {
                path: owned(path),
                message: "no `chars` string".to_owned(),
            })?
            .chars()
            .collect();
        if let Some(w) = chars.windows(2).find(|w| w[0] >= w[1]) {
            return Err(TokenizerError::BadVocab {
                path: owned(path),
                message: format!(
                    "characters must be sorted and distinct, but {:?} comes before {:?}",
                    w[0], w[1]
                ),
            });
        }
        Ok(CharTokenizer::from_chars(chars))
    }
}

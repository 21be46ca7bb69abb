//! Errors for input a user supplies: token ids from outside the vocabulary, a training
//! request that cannot be met, and vocabulary or corpus files that are missing or malformed.
use std::fmt;
use std::path::PathBuf;

/// What was wrong with the ids, the training request or the file a tokenizer was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenizerError {
    /// `decode` met an id the vocabulary does not have.
    UnknownId {
        /// The offending id.
        id: u32,
        /// The vocabulary size: valid ids are `0..vocab_size`.
        vocab_size: usize,
    },
    /// `BpeTokenizer::train` was asked for fewer tokens than the base vocabulary holds.
    VocabTooSmall {
        /// The vocabulary size asked for.
        requested: usize,
        /// The smallest possible size: the special tokens plus the 256 bytes.
        minimum: usize,
    },
    /// A merge list does not describe a valid vocabulary (a merge names a token that does
    /// not exist yet).
    InvalidMerges {
        /// 0-based index of the first bad merge.
        index: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The file does not exist.
    NotFound {
        /// The path that was opened.
        path: PathBuf,
    },
    /// The file could not be read or written (permissions, not UTF-8, disk full, ...).
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's explanation.
        message: String,
    },
    /// The vocabulary file is not valid JSON of the expected shape.
    BadJson {
        /// The file.
        path: PathBuf,
        /// The parser's explanation.
        message: String,
    },
    /// The vocabulary file was written by a newer version of the course.
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The `format_version` found.
        found: u32,
        /// The newest version this code reads.
        supported: u32,
    },
    /// The vocabulary file parses but its contents are inconsistent.
    BadVocab {
        /// The file.
        path: PathBuf,
        /// What is inconsistent.
        message: String,
    },
    /// One line of a text corpus is malformed, or it has the wrong number of lines.
    BadCorpus {
        /// The file.
        path: PathBuf,
        /// 1-based line number (0 when the problem is the file as a whole).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for TokenizerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownId { id, vocab_size } => write!(
                f,
                "token id {id} is not in the vocabulary (vocab size {vocab_size}, valid ids \
                 0..{vocab_size}): decode ids produced by this same tokenizer"
            ),
            Self::VocabTooSmall { requested, minimum } => write!(
                f,
                "cannot train a BPE vocabulary of {requested} tokens: the base vocabulary \
                 (special tokens + 256 bytes) already has {minimum}; ask for at least {minimum}"
            ),
            Self::InvalidMerges { index, message } => {
                write!(f, "merge {index} is invalid: {message}")
            }
            Self::NotFound { path } => write!(
                f,
                "{}: file not found (check the path, or save a tokenizer there first)",
                path.display()
            ),
            Self::Io { path, message } => write!(f, "{}: {message}", path.display()),
            Self::BadJson { path, message } => write!(
                f,
                "{}: not a tokenizer vocabulary file ({message}); re-save it with `save`",
                path.display()
            ),
            Self::UnsupportedVersion {
                path,
                found,
                supported,
            } => write!(
                f,
                "{}: vocabulary format_version {found} is newer than this code reads \
                 (up to {supported}); update the course code or re-save the tokenizer",
                path.display()
            ),
            Self::BadVocab { path, message } => write!(
                f,
                "{}: inconsistent vocabulary: {message}; re-save it with `save`",
                path.display()
            ),
            Self::BadCorpus {
                path,
                line,
                message,
            } => write!(
                f,
                "{} line {line}: {message}; regenerate it with `python3 data/tinytalk/generate.py`",
                path.display()
            ),
        }
    }
}

impl std::error::Error for TokenizerError {}

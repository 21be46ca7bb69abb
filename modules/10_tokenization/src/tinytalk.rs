//! TinyTalk, the course's small question/answer corpus (`data/tinytalk/corpus.txt`), and
//! its fixed train/validation split.
use std::path::{Path, PathBuf};

use crate::TokenizerError;

/// The number of question/answer pairs in the shipped corpus (2 lines each: 470 lines).
pub const TINYTALK_PAIRS: usize = 235;

/// Every `TINYTALK_VALIDATION_EVERY`-th pair (pair index 9, 19, 29, ... counting from 0) is
/// validation, the rest is training: 212 training and 23 validation pairs.
pub const TINYTALK_VALIDATION_EVERY: usize = 10;

/// One question and its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialogue {
    /// The question, without the `"Q: "` prefix.
    pub question: String,
    /// The answer, without the `"A: "` prefix.
    pub answer: String,
}

impl Dialogue {
    /// The two lines as they appear in the corpus: `"Q: ...\nA: ...\n"`.
    pub fn text(&self) -> String {
        format!("Q: {}\nA: {}\n", self.question, self.answer)
    }
}

/// The TinyTalk corpus, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TinyTalk {
    /// The training pairs, in file order.
    pub train: Vec<Dialogue>,
    /// The validation pairs (every 10th pair of the file), in file order.
    pub validation: Vec<Dialogue>,
}

impl TinyTalk {
    /// The training pairs as one text, in the corpus format.
    pub fn train_text(&self) -> String {
        self.train.iter().map(Dialogue::text).collect()
    }

    /// The validation pairs as one text, in the corpus format.
    pub fn validation_text(&self) -> String {
        self.validation.iter().map(Dialogue::text).collect()
    }
}

/// Where the course ships the corpus: `data/tinytalk/corpus.txt` at the workspace root.
pub fn default_tinytalk_path() -> PathBuf {
    let module_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // modules/10_tokenization -> modules -> the workspace root.
    let root = module_dir.ancestors().nth(2).unwrap_or(module_dir);
    root.join("data").join("tinytalk").join("corpus.txt")
}

/// Reads and splits the corpus at `path` (usually [`default_tinytalk_path`]).
///
/// ```
/// use tinytorch_tokenization::{default_tinytalk_path, load_tinytalk};
/// let talk = load_tinytalk(&default_tinytalk_path()).unwrap();
/// assert_eq!(talk.train.len() + talk.validation.len(), 235);
/// assert_eq!(talk.train[0].question, "Hello!");
/// ```
///
/// # Errors
/// [`TokenizerError::NotFound`] or [`TokenizerError::Io`] when the file cannot be read,
/// and [`TokenizerError::BadCorpus`] naming the line when a line lacks its `Q: ` / `A: `
/// prefix or the file does not hold exactly [`TINYTALK_PAIRS`] pairs.
pub fn load_tinytalk(path: &Path) -> Result<TinyTalk, TokenizerError> {
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => TokenizerError::NotFound {
            path: path.to_path_buf(),
        },
        _ => TokenizerError::Io {
            path: path.to_path_buf(),
            message: format!("cannot read the corpus: {e}"),
        },
    })?;
    let bad = |line: usize, message: String| TokenizerError::BadCorpus {
        path: path.to_path_buf(),
        line,
        message,
    };
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() != 2 * TINYTALK_PAIRS {
        return Err(bad(
            0,
            format!(
                "expected {} lines ({TINYTALK_PAIRS} pairs), found {}",
                2 * TINYTALK_PAIRS,
                lines.len()
            ),
        ));
    }
    let mut talk = TinyTalk {
        train: Vec::new(),
        validation: Vec::new(),
    };
    for (index, qa) in lines.chunks(2).enumerate() {
        let line = 2 * index + 1;
        let question = qa[0]
            .strip_prefix("Q: ")
            .ok_or_else(|| bad(line, format!("expected `Q: ...`, found {:?}", qa[0])))?;
        let answer = qa[1]
            .strip_prefix("A: ")
            .ok_or_else(|| bad(line + 1, format!("expected `A: ...`, found {:?}", qa[1])))?;
        let dialogue = Dialogue {
            question: question.to_owned(),
            answer: answer.to_owned(),
        };
        if index % TINYTALK_VALIDATION_EVERY == TINYTALK_VALIDATION_EVERY - 1 {
            talk.validation.push(dialogue);
        } else {
            talk.train.push(dialogue);
        }
    }
    Ok(talk)
}

//! Splitting text into chunks that BPE merges never cross.

/// Splits `text` into chunks: a new chunk starts at every whitespace character that follows
/// a non-whitespace character, so each word carries the whitespace in front of it
/// (`"hi there\n"` gives `["hi", " there", "\n"]`). Concatenating the chunks gives `text`
/// back exactly.
///
/// BPE learns and applies merges inside chunks only. Without this split, the most frequent
/// pairs of a corpus would soon glue the end of one word to the start of the next
/// (`"e t"` in `"the tree"`), wasting the vocabulary on accidents of word order. GPT-2
/// splits with a longer regular expression (letters, digits and punctuation apart); this is
/// the smallest rule that keeps words apart.
///
/// ```
/// use tinytorch_tokenization::pretokenize;
/// assert_eq!(pretokenize("Q: Hi  you!\n"), vec!["Q:", " Hi", "  you!", "\n"]);
/// ```
pub fn pretokenize(text: &str) -> Vec<&str> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut previous_is_space = true;
    for (at, c) in text.char_indices() {
        let is_space = c.is_whitespace();
        if is_space && !previous_is_space && at > start {
            chunks.push(&text[start..at]);
            start = at;
        }
        previous_is_space = is_space;
    }
    if start < text.len() {
        chunks.push(&text[start..]);
    }
    chunks
}

//! The `Tokenizer` trait: what every tokenizer of the course can do.
use crate::TokenizerError;
use crate::special::{BOS, EOS};

/// Turns text into token ids and back.
///
/// Ids are `u32` in `0..vocab_size()`; the first [`NUM_SPECIAL`](crate::NUM_SPECIAL) of
/// them are the special tokens ([`PAD`](crate::PAD), [`BOS`], [`EOS`], [`UNK`](crate::UNK)).
/// `decode` writes nothing for `<pad>`, `<bos>` and `<eos>` and U+FFFD for `<unk>`.
pub trait Tokenizer {
    /// The ids of `text`, without special tokens around it.
    fn encode(&self, text: &str) -> Vec<u32>;

    /// The text of `ids`.
    ///
    /// # Errors
    /// [`TokenizerError::UnknownId`] naming the first id outside `0..vocab_size()`.
    fn decode(&self, ids: &[u32]) -> Result<String, TokenizerError>;

    /// How many distinct ids this tokenizer uses (special tokens included).
    fn vocab_size(&self) -> usize;

    /// The ids of `text`, with `<bos>` in front when `bos` and `<eos>` at the end when
    /// `eos`: the form a language model trains on.
    ///
    /// ```
    /// use tinytorch_tokenization::{BOS, CharTokenizer, EOS, Tokenizer};
    /// let tok = CharTokenizer::from_corpus("ab");
    /// assert_eq!(tok.encode_with_special("ba", true, true), vec![BOS, 5, 4, EOS]);
    /// ```
    fn encode_with_special(&self, text: &str, bos: bool, eos: bool) -> Vec<u32> {
        let body = self.encode(text);
        let mut ids = Vec::with_capacity(body.len() + usize::from(bos) + usize::from(eos));
        if bos {
            ids.push(BOS);
        }
        ids.extend(body);
        if eos {
            ids.push(EOS);
        }
        ids
    }
}

/// UTF-8 bytes per token when `tokenizer` encodes `text`: how much shorter the token
/// sequence is than the byte sequence (1.0 for a byte-level tokenizer without merges).
/// Returns 0.0 for an empty text.
///
/// ```
/// use tinytorch_tokenization::{CharTokenizer, compression_ratio};
/// let tok = CharTokenizer::from_corpus("hello");
/// assert_eq!(compression_ratio(&tok, "hello"), 1.0); // 5 bytes, 5 tokens
/// ```
pub fn compression_ratio(tokenizer: &impl Tokenizer, text: &str) -> f64 {
    let tokens = tokenizer.encode(text).len();
    if tokens == 0 {
        return 0.0;
    }
    text.len() as f64 / tokens as f64
}

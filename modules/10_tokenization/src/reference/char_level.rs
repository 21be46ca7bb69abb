//! Task 10.1: the character tokenizer.
use std::collections::BTreeSet;

use crate::special::{NUM_SPECIAL, UNK, UNK_TEXT, is_special};
use crate::{CharTokenizer, Tokenizer, TokenizerError};

impl CharTokenizer {
    /// A tokenizer over the distinct characters of `corpus`, sorted: after the 4 special
    /// tokens, the smallest character gets id 4, the next id 5, and so on. Sorting makes
    /// the ids depend only on WHICH characters occur, not on where they first appear.
    ///
    /// ```
    /// use tinytorch_tokenization::{CharTokenizer, Tokenizer};
    /// let tok = CharTokenizer::from_corpus("hello");
    /// // <pad> <bos> <eos> <unk> e h l o
    /// assert_eq!(tok.vocab_size(), 8);
    /// assert_eq!(tok.encode("hello"), vec![5, 4, 6, 6, 7]);
    /// assert_eq!(tok.decode(&[5, 4, 6, 6, 7]).unwrap(), "hello");
    /// ```
    pub fn from_corpus(corpus: &str) -> Self {
        // BEGIN SOLUTION 10.1
        // A BTreeSet deduplicates and sorts in one pass.
        let chars: BTreeSet<char> = corpus.chars().collect();
        Self::from_chars(chars.into_iter().collect())
        // END SOLUTION
    }
}

impl Tokenizer for CharTokenizer {
    /// One id per character; a character outside the vocabulary becomes [`UNK`].
    fn encode(&self, text: &str) -> Vec<u32> {
        // BEGIN SOLUTION 10.1
        text.chars().map(|c| self.id_of(c).unwrap_or(UNK)).collect()
        // END SOLUTION
    }

    /// The characters of `ids`; `<pad>`, `<bos>` and `<eos>` write nothing and `<unk>`
    /// writes U+FFFD.
    ///
    /// # Errors
    /// [`TokenizerError::UnknownId`] for the first id `>= vocab_size()`.
    fn decode(&self, ids: &[u32]) -> Result<String, TokenizerError> {
        // BEGIN SOLUTION 10.1
        let mut text = String::with_capacity(ids.len());
        for &id in ids {
            if is_special(id) {
                if id == UNK {
                    text.push_str(UNK_TEXT);
                }
                continue;
            }
            let c =
                self.chars
                    .get((id - NUM_SPECIAL) as usize)
                    .ok_or(TokenizerError::UnknownId {
                        id,
                        vocab_size: self.vocab_size(),
                    })?;
            text.push(*c);
        }
        Ok(text)
        // END SOLUTION
    }

    fn vocab_size(&self) -> usize {
        NUM_SPECIAL as usize + self.chars.len()
    }
}

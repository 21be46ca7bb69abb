//! The character tokenizer's data: one token per distinct character of a corpus.
use std::collections::HashMap;

use crate::special::NUM_SPECIAL;

/// A character-level tokenizer: the special tokens, then one id per distinct character of
/// the corpus it was built from, in sorted (Unicode scalar) order.
///
/// A character the corpus never contained encodes as [`UNK`](crate::UNK), so encoding is
/// not lossless on unseen text: `decode(encode("héllo"))` is `"h\u{FFFD}llo"` when the
/// corpus had no `é`. Build it with [`CharTokenizer::from_corpus`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CharTokenizer {
    /// The characters, sorted; `chars[i]` has id `NUM_SPECIAL + i`.
    pub(crate) chars: Vec<char>,
    /// Character to id, for `encode`.
    pub(crate) ids: HashMap<char, u32>,
}

impl CharTokenizer {
    /// A tokenizer over exactly `chars`, in the order given: `chars[i]` gets id
    /// `NUM_SPECIAL + i`. The caller sorts and deduplicates (`from_corpus` does).
    pub(crate) fn from_chars(chars: Vec<char>) -> Self {
        let ids = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, NUM_SPECIAL + i as u32))
            .collect();
        CharTokenizer { chars, ids }
    }

    /// The characters of the vocabulary in id order (specials excluded): the character
    /// with id `NUM_SPECIAL + i` is `chars()[i]`.
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The id of `c`, or `None` when the vocabulary does not hold it.
    pub fn id_of(&self, c: char) -> Option<u32> {
        self.ids.get(&c).copied()
    }

    /// The character of `id`, or `None` for a special token or an id past the end.
    pub fn char_of(&self, id: u32) -> Option<char> {
        let index = id.checked_sub(NUM_SPECIAL)? as usize;
        self.chars.get(index).copied()
    }
}

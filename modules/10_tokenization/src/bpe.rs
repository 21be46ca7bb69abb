//! The byte-level BPE tokenizer's data: the learned merges and the bytes of every token.
use std::collections::HashMap;

use crate::TokenizerError;
use crate::special::{NUM_SPECIAL, SPECIAL_TOKENS};

/// Two adjacent token ids, the unit BPE counts and merges.
pub type Pair = (u32, u32);

/// The size of the vocabulary before any merge: the 4 special tokens and the 256 bytes.
pub const BASE_VOCAB_SIZE: usize = NUM_SPECIAL as usize + 256;

/// A merge must save at least this many tokens on the training corpus to be learned: a
/// pair seen once would spend a vocabulary entry to shorten one spot of one text.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) const MIN_PAIR_COUNT: usize = 2;

/// The id of the single-byte token for `byte`: `NUM_SPECIAL + byte`.
pub fn byte_id(byte: u8) -> u32 {
    NUM_SPECIAL + u32::from(byte)
}

/// A byte-level byte-pair-encoding tokenizer (the GPT-2 scheme).
///
/// Ids `0..4` are the special tokens, ids `4..260` the 256 single bytes, and id `260 + k`
/// the token made by merge `k`, the pair `merges()[k]`. Every text is a sequence of bytes,
/// so every text encodes, emoji and never-seen scripts included, and decodes back exactly.
/// Learn merges with [`BpeTokenizer::train`]; store them with
/// [`save`](BpeTokenizer::save) / [`load`](BpeTokenizer::load).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BpeTokenizer {
    /// The learned merges, in the order learned: merge `k` makes id `BASE_VOCAB_SIZE + k`.
    pub(crate) merges: Vec<Pair>,
    /// Pair to rank (its index in `merges`); the lowest rank is merged first when encoding.
    pub(crate) ranks: HashMap<Pair, u32>,
    /// The bytes of every token, indexed by id (empty for the special tokens).
    pub(crate) tokens: Vec<Vec<u8>>,
}

impl BpeTokenizer {
    /// A tokenizer without merges: every byte is one token (`vocab_size` 260).
    pub fn bytes_only() -> Self {
        Self::from_merges(Vec::new()).expect("no merges is a valid merge list")
    }

    /// The tokenizer that applies `merges` in order: merge `k` makes id `260 + k`.
    ///
    /// # Errors
    /// [`TokenizerError::InvalidMerges`] when a merge names a special token or an id that
    /// does not exist yet (ids from merge `k` on), or repeats an earlier merge.
    pub fn from_merges(merges: Vec<Pair>) -> Result<Self, TokenizerError> {
        let mut tokens: Vec<Vec<u8>> = Vec::with_capacity(BASE_VOCAB_SIZE + merges.len());
        tokens.extend((0..NUM_SPECIAL).map(|_| Vec::new()));
        tokens.extend((0..=255u8).map(|b| vec![b]));
        let mut ranks = HashMap::with_capacity(merges.len());
        for (k, &(a, b)) in merges.iter().enumerate() {
            let next = tokens.len() as u32;
            for id in [a, b] {
                if id < NUM_SPECIAL || id >= next {
                    return Err(TokenizerError::InvalidMerges {
                        index: k,
                        message: format!(
                            "pair ({a}, {b}) names id {id}, but merge {k} may only combine \
                             byte or merged tokens with ids {NUM_SPECIAL}..{next}"
                        ),
                    });
                }
            }
            if ranks.insert((a, b), k as u32).is_some() {
                return Err(TokenizerError::InvalidMerges {
                    index: k,
                    message: format!("pair ({a}, {b}) was already merged earlier"),
                });
            }
            let bytes = [tokens[a as usize].as_slice(), tokens[b as usize].as_slice()].concat();
            tokens.push(bytes);
        }
        Ok(BpeTokenizer {
            merges,
            ranks,
            tokens,
        })
    }

    /// The learned merges in order: merge `k` made the token with id `260 + k`.
    pub fn merges(&self) -> &[Pair] {
        &self.merges
    }

    /// The bytes token `id` stands for (empty for a special token), or `None` past the end.
    pub fn token_bytes(&self, id: u32) -> Option<&[u8]> {
        self.tokens.get(id as usize).map(Vec::as_slice)
    }

    /// A printable form of token `id`, for reports and debugging: the special token's
    /// name, or the token's bytes as text (lossy when the token ends mid-character).
    pub fn token_text(&self, id: u32) -> String {
        match SPECIAL_TOKENS.get(id as usize) {
            Some(name) => (*name).to_owned(),
            None => match self.token_bytes(id) {
                Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                None => format!("<id {id}?>"),
            },
        }
    }
}

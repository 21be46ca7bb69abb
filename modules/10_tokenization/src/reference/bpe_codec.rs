//! Task 10.4: encoding with the learned merges, and decoding back to text.
use crate::bpe::byte_id;
use crate::special::{UNK, UNK_TEXT, is_special};
use crate::{BpeTokenizer, Tokenizer, TokenizerError, merge_pair, pretokenize};

use crate::bpe::BASE_VOCAB_SIZE;

impl BpeTokenizer {
    /// The ids of one pretokenized chunk: its bytes, then merges by priority.
    ///
    /// Training learned the merges in an order, and a later merge may build on an earlier
    /// one, so encoding must replay them in that order: while some adjacent pair has been
    /// learned, merge the one learned FIRST (lowest rank) everywhere in the chunk.
    fn encode_chunk(&self, chunk: &str) -> Vec<u32> {
        // BEGIN SOLUTION 10.4
        let mut ids: Vec<u32> = chunk.bytes().map(byte_id).collect();
        while ids.len() >= 2 {
            let best = ids
                .windows(2)
                .filter_map(|w| {
                    self.ranks
                        .get(&(w[0], w[1]))
                        .map(|&rank| (rank, (w[0], w[1])))
                })
                .min();
            let Some((rank, pair)) = best else {
                break;
            };
            ids = merge_pair(&ids, pair, BASE_VOCAB_SIZE as u32 + rank);
        }
        ids
        // END SOLUTION
    }
}

impl Tokenizer for BpeTokenizer {
    /// The ids of `text`: each [`pretokenize`] chunk encoded on its own. Never emits
    /// `<unk>`: every byte has a token.
    ///
    /// ```
    /// use tinytorch_tokenization::{BpeTokenizer, Tokenizer};
    /// let tok = BpeTokenizer::train("hello hello help", 300).unwrap();
    /// let ids = tok.encode("hello 🦀");
    /// assert_eq!(tok.decode(&ids).unwrap(), "hello 🦀");
    /// ```
    fn encode(&self, text: &str) -> Vec<u32> {
        // BEGIN SOLUTION 10.4
        pretokenize(text)
            .into_iter()
            .flat_map(|chunk| self.encode_chunk(chunk))
            .collect()
        // END SOLUTION
    }

    /// The text of `ids`: the bytes of all tokens joined, THEN converted to UTF-8, since a
    /// multi-byte character may be split across tokens. Bytes that do not form valid
    /// UTF-8 (a sequence cut mid-character, as a model sampling token by token may
    /// produce) become U+FFFD rather than an error. `<pad>`, `<bos>` and `<eos>` write
    /// nothing, `<unk>` writes U+FFFD.
    ///
    /// # Errors
    /// [`TokenizerError::UnknownId`] for the first id `>= vocab_size()`.
    fn decode(&self, ids: &[u32]) -> Result<String, TokenizerError> {
        // BEGIN SOLUTION 10.4
        let mut bytes = Vec::with_capacity(ids.len() * 2);
        for &id in ids {
            let token = self.token_bytes(id).ok_or(TokenizerError::UnknownId {
                id,
                vocab_size: self.vocab_size(),
            })?;
            if is_special(id) {
                if id == UNK {
                    bytes.extend_from_slice(UNK_TEXT.as_bytes());
                }
                continue;
            }
            bytes.extend_from_slice(token);
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
        // END SOLUTION
    }

    fn vocab_size(&self) -> usize {
        self.tokens.len()
    }
}

//! Task 10.3: learning the merges, deterministically.
use std::collections::BTreeMap;

use crate::bpe::{BASE_VOCAB_SIZE, MIN_PAIR_COUNT, byte_id};
use crate::{BpeTokenizer, Pair, TokenizerError, count_pairs, merge_pair, pretokenize};

/// The pair with the highest count, or `None` when `counts` is empty.
///
/// Ties go to the SMALLEST pair, comparing `(first, second)` as numbers, so training picks
/// the same merge on every run and every machine. (Iterating a `HashMap` visits entries in
/// a random order each run: a tie rule "the first one found" would make training
/// non-deterministic.)
///
/// ```
/// use std::collections::BTreeMap;
/// use tinytorch_tokenization::most_frequent_pair;
/// let counts = BTreeMap::from([((9, 4), 3), ((5, 6), 3), ((1, 2), 1)]);
/// assert_eq!(most_frequent_pair(&counts), Some((5, 6))); // (5, 6) < (9, 4)
/// ```
pub fn most_frequent_pair(counts: &BTreeMap<Pair, usize>) -> Option<Pair> {
    // BEGIN SOLUTION 10.3
    // The map iterates in ascending pair order; only a STRICTLY higher count replaces
    // the best so far, so among equal counts the first (smallest) pair stays.
    let mut best: Option<(Pair, usize)> = None;
    for (&pair, &count) in counts {
        if best.is_none_or(|(_, best_count)| count > best_count) {
            best = Some((pair, count));
        }
    }
    best.map(|(pair, _)| pair)
    // END SOLUTION
}

impl BpeTokenizer {
    /// Learns up to `vocab_size - 260` merges from `corpus`.
    ///
    /// The corpus is split with [`pretokenize`] and each distinct chunk becomes a "word" of
    /// byte ids with its count. Then, repeatedly: count the adjacent pairs
    /// ([`count_pairs`]), take the most frequent one ([`most_frequent_pair`]; ties go to
    /// the smallest pair), give it the next id and merge it in every word
    /// ([`merge_pair`]). Training stops at `vocab_size` tokens, or earlier when no pair
    /// occurs at least twice, so the result can be smaller than asked. The same corpus and
    /// size always give the same merges.
    ///
    /// ```
    /// use tinytorch_tokenization::{BpeTokenizer, Tokenizer};
    /// let tok = BpeTokenizer::train("hello hello help", 300).unwrap();
    /// assert_eq!(tok.vocab_size(), 264); // 260 base tokens + 4 merges
    /// assert_eq!(tok.token_text(261), "hel");
    /// ```
    ///
    /// # Errors
    /// [`TokenizerError::VocabTooSmall`] when `vocab_size < 260`.
    pub fn train(corpus: &str, vocab_size: usize) -> Result<BpeTokenizer, TokenizerError> {
        // BEGIN SOLUTION 10.3
        if vocab_size < BASE_VOCAB_SIZE {
            return Err(TokenizerError::VocabTooSmall {
                requested: vocab_size,
                minimum: BASE_VOCAB_SIZE,
            });
        }
        // Distinct chunks with their counts: a corpus repeats words a lot, so counting
        // pairs per distinct word is much cheaper than per occurrence.
        let mut chunk_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for chunk in pretokenize(corpus) {
            *chunk_counts.entry(chunk).or_insert(0) += 1;
        }
        let mut words: Vec<(Vec<u32>, usize)> = chunk_counts
            .into_iter()
            .map(|(chunk, n)| (chunk.bytes().map(byte_id).collect(), n))
            .collect();

        let mut merges = Vec::new();
        while BASE_VOCAB_SIZE + merges.len() < vocab_size {
            let counts = count_pairs(&words);
            let Some(pair) = most_frequent_pair(&counts) else {
                break;
            };
            if counts[&pair] < MIN_PAIR_COUNT {
                break;
            }
            let new_id = (BASE_VOCAB_SIZE + merges.len()) as u32;
            for (ids, _) in &mut words {
                *ids = merge_pair(ids, pair, new_id);
            }
            merges.push(pair);
        }
        BpeTokenizer::from_merges(merges)
        // END SOLUTION
    }
}

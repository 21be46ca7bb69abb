//! Task 10.2: counting adjacent pairs and merging one pair, the two steps BPE repeats.
use std::collections::BTreeMap;

use crate::Pair;

/// How often each adjacent pair of ids occurs in `words`, where each entry is a word's ids
/// and how many times the word occurs in the corpus: a pair inside a word seen 5 times
/// counts 5.
///
/// Every adjacent position counts, overlapping ones included: `[a, a, a]` holds `(a, a)`
/// twice (positions 0-1 and 1-2), as in GPT-2 and most BPE trainers, although merging can
/// only use one of them. The map is a `BTreeMap` so that iterating it visits the pairs in
/// sorted order, the same on every run.
///
/// ```
/// use tinytorch_tokenization::count_pairs;
/// let counts = count_pairs(&[(vec![7, 8, 9], 2), (vec![8, 9], 1)]);
/// assert_eq!(counts[&(7, 8)], 2);
/// assert_eq!(counts[&(8, 9)], 3); // twice in the first word, once in the second
/// ```
pub fn count_pairs(words: &[(Vec<u32>, usize)]) -> BTreeMap<Pair, usize> {
    // BEGIN SOLUTION 10.2
    let mut counts = BTreeMap::new();
    for (ids, freq) in words {
        for window in ids.windows(2) {
            *counts.entry((window[0], window[1])).or_insert(0) += freq;
        }
    }
    counts
    // END SOLUTION
}

/// `ids` with every occurrence of `pair` replaced by `new_id`, scanning left to right and
/// never reusing an id that was just merged: `[a, a, a]` with `(a, a)` gives
/// `[new_id, a]`.
///
/// ```
/// use tinytorch_tokenization::merge_pair;
/// assert_eq!(merge_pair(&[1, 2, 3, 1, 2], (1, 2), 9), vec![9, 3, 9]);
/// ```
pub fn merge_pair(ids: &[u32], pair: Pair, new_id: u32) -> Vec<u32> {
    // BEGIN SOLUTION 10.2
    let mut merged = Vec::with_capacity(ids.len());
    let mut i = 0;
    while i < ids.len() {
        if i + 1 < ids.len() && (ids[i], ids[i + 1]) == pair {
            merged.push(new_id);
            i += 2;
        } else {
            merged.push(ids[i]);
            i += 1;
        }
    }
    merged
    // END SOLUTION
}

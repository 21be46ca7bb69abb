//! Module 10 exercises: the character tokenizer, BPE pair counting and merging, BPE
//! training, and BPE encoding and decoding.

mod bpe_codec;
mod bpe_train;
mod char_level;
mod pairs;

pub use bpe_train::most_frequent_pair;
pub use pairs::{count_pairs, merge_pair};

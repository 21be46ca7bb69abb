#![doc = include_str!("../README.md")]

mod bpe;
mod char_tokenizer;
mod error;
mod pretokenize;
mod special;
mod tinytalk;
mod tokenizer;
mod vocab_file;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use bpe::{BASE_VOCAB_SIZE, BpeTokenizer, Pair, byte_id};
pub use char_tokenizer::CharTokenizer;
pub use error::TokenizerError;
pub use imp::{count_pairs, merge_pair, most_frequent_pair};
pub use pretokenize::pretokenize;
pub use special::{BOS, EOS, NUM_SPECIAL, PAD, SPECIAL_TOKENS, UNK, UNK_TEXT, is_special};
pub use tinytalk::{
    Dialogue, TINYTALK_PAIRS, TINYTALK_VALIDATION_EVERY, TinyTalk, default_tinytalk_path,
    load_tinytalk,
};
pub use tokenizer::{Tokenizer, compression_ratio};
pub use vocab_file::VOCAB_FORMAT_VERSION;

tinytorch_tensor::module_edition!("10", []);

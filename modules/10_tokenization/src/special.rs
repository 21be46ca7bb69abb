//! The special tokens every vocabulary of the course starts with.

/// Padding: fills a batch of sequences up to a common length. Id 0.
pub const PAD: u32 = 0;
/// Beginning of sequence: put in front of a text to mark where it starts. Id 1.
pub const BOS: u32 = 1;
/// End of sequence: appended to a text; a generator stops when it samples it. Id 2.
pub const EOS: u32 = 2;
/// Unknown: what a character tokenizer emits for a character it never saw. Id 3.
pub const UNK: u32 = 3;

/// The names of the special tokens, indexed by id: `SPECIAL_TOKENS[UNK as usize] == "<unk>"`.
pub const SPECIAL_TOKENS: [&str; 4] = ["<pad>", "<bos>", "<eos>", "<unk>"];

/// How many ids the special tokens reserve at the start of every vocabulary (4): the first
/// ordinary token has this id.
pub const NUM_SPECIAL: u32 = SPECIAL_TOKENS.len() as u32;

/// What `decode` writes for `<unk>`: U+FFFD, the Unicode replacement character (the same
/// character a lossy UTF-8 conversion writes for bytes it cannot decode).
pub const UNK_TEXT: &str = "\u{FFFD}";

/// True when `id` is one of the special tokens.
pub fn is_special(id: u32) -> bool {
    id < NUM_SPECIAL
}

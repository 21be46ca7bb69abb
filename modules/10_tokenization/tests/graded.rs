//! Graded tests for module 10 (Tokenization). Test `t10_k_*` grades task 10.k.
//! Expected ids are worked out by hand in the comments.
//!
//! Byte ids: the byte `b` has id `4 + b` (ids 0..4 are the special tokens), so
//! ' ' = 32 -> 36, 'e' = 101 -> 105, 'h' = 104 -> 108, 'l' = 108 -> 112, 'o' = 111 -> 115,
//! 'p' = 112 -> 116. Merged tokens get ids 260, 261, ... in the order they were learned.

use std::collections::BTreeMap;

use tinytorch_tokenization::{
    BOS, BpeTokenizer, CharTokenizer, EOS, Tokenizer, TokenizerError, UNK, compression_ratio,
    count_pairs, default_tinytalk_path, load_tinytalk, merge_pair, most_frequent_pair,
};

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_tokenization::editions());
}

/// The merges "hello hello help" teaches, worked out in `t10_3_merges_by_hand`.
const HELLO_MERGES: [(u32, u32); 4] = [(105, 112), (108, 260), (36, 261), (112, 115)];

// ---- 10.1 Character tokenizer -----------------------------------------------------------

#[test]
fn t10_1_hello_ids_by_hand() {
    // Distinct characters of "hello", sorted: e < h < l < o, after the 4 specials:
    // e = 4, h = 5, l = 6, o = 7.
    let tok = CharTokenizer::from_corpus("hello");
    assert_eq!(tok.vocab_size(), 8);
    assert_eq!(tok.chars(), &['e', 'h', 'l', 'o']);
    assert_eq!(tok.encode("hello"), vec![5, 4, 6, 6, 7]);
    assert_eq!(tok.encode("hole"), vec![5, 7, 6, 4]);
    assert_eq!(tok.encode(""), Vec::<u32>::new());
    assert_eq!(tok.decode(&[5, 4, 6, 6, 7]).unwrap(), "hello");
}

#[test]
fn t10_1_vocab_is_sorted_not_first_seen() {
    // First-seen order would give z = 4; sorted order gives ' ' = 4, a = 5, z = 6.
    let tok = CharTokenizer::from_corpus("zaza az");
    assert_eq!(tok.chars(), &[' ', 'a', 'z']);
    assert_eq!(tok.encode("az za"), vec![5, 6, 4, 6, 5]);
}

#[test]
fn t10_1_unknown_char_is_unk() {
    // 'x' and 'é' never occur in the corpus: each becomes <unk> (3), none is dropped.
    let tok = CharTokenizer::from_corpus("hello");
    assert_eq!(tok.encode("hex"), vec![5, 4, UNK]);
    assert_eq!(tok.encode("éh"), vec![UNK, 5]);
    // <unk> decodes to U+FFFD: char-level is not lossless on unseen characters.
    assert_eq!(tok.decode(&tok.encode("hex")).unwrap(), "he\u{FFFD}");
}

#[test]
fn t10_1_specials_and_decode_errors() {
    let tok = CharTokenizer::from_corpus("hello");
    // <bos> and <eos> decode to nothing.
    assert_eq!(
        tok.encode_with_special("oh", true, true),
        vec![BOS, 7, 5, EOS]
    );
    assert_eq!(tok.decode(&[BOS, 7, 5, EOS, 0]).unwrap(), "oh");
    // Id 8 is one past the end of an 8-token vocabulary.
    let err = tok.decode(&[5, 8]).unwrap_err();
    assert_eq!(
        err,
        TokenizerError::UnknownId {
            id: 8,
            vocab_size: 8
        }
    );
    let message = err.to_string();
    assert!(
        message.contains('8') && message.contains("vocab"),
        "{message}"
    );
}

#[test]
fn t10_1_decode_keeps_the_last_token() {
    let tok = CharTokenizer::from_corpus("abc");
    // a = 4, b = 5, c = 6.
    assert_eq!(tok.decode(&[6]).unwrap(), "c");
    assert_eq!(tok.decode(&[4, 5, 6]).unwrap(), "abc");
    assert_eq!(tok.decode(&[]).unwrap(), "");
}

// ---- 10.2 BPE pair counting and merging -------------------------------------------------

#[test]
fn t10_2_pair_counts_by_hand() {
    // Words "abc" x2 and "bcb" x1 (ids a=1, b=2, c=3):
    //   "abc": (1,2), (2,3) each counted 2 times (the word occurs twice)
    //   "bcb": (2,3), (3,2) once each
    // -> (1,2): 2, (2,3): 2 + 1 = 3, (3,2): 1.
    let counts = count_pairs(&[(vec![1, 2, 3], 2), (vec![2, 3, 2], 1)]);
    let expected = BTreeMap::from([((1, 2), 2), ((2, 3), 3), ((3, 2), 1)]);
    assert_eq!(counts, expected);
}

#[test]
fn t10_2_pair_counts_overlapping_and_edges() {
    // "aaaa" (a = 7) has 3 adjacent positions, all (7,7); a word of one id has no pair.
    let counts = count_pairs(&[(vec![7, 7, 7, 7], 1), (vec![9], 5), (vec![], 4)]);
    assert_eq!(counts, BTreeMap::from([((7, 7), 3)]));
    // The last pair of a word counts too: (8, 9) in [7, 8, 9].
    let counts = count_pairs(&[(vec![7, 8, 9], 1)]);
    assert_eq!(counts, BTreeMap::from([((7, 8), 1), ((8, 9), 1)]));
}

#[test]
fn t10_2_merge_pair_by_hand() {
    // Left to right: [1,2] -> 9, 3 stays, [1,2] -> 9.
    assert_eq!(merge_pair(&[1, 2, 3, 1, 2], (1, 2), 9), vec![9, 3, 9]);
    // Overlap: [7,7,7] merges positions 0-1 only; the third 7 has no partner left.
    assert_eq!(merge_pair(&[7, 7, 7], (7, 7), 9), vec![9, 7]);
    assert_eq!(merge_pair(&[7, 7, 7, 7], (7, 7), 9), vec![9, 9]);
    // Order matters: (2, 1) is not (1, 2).
    assert_eq!(merge_pair(&[2, 1, 2], (1, 2), 9), vec![2, 9]);
    // Nothing to merge: unchanged, last element kept.
    assert_eq!(merge_pair(&[1, 3, 1], (1, 2), 9), vec![1, 3, 1]);
    assert_eq!(merge_pair(&[5], (1, 2), 9), vec![5]);
    assert_eq!(merge_pair(&[], (1, 2), 9), Vec::<u32>::new());
}

// ---- 10.3 BPE training ------------------------------------------------------------------

#[test]
fn t10_3_most_frequent_pair_ties_go_to_the_smallest_pair() {
    let counts = BTreeMap::from([((9, 4), 3), ((5, 6), 3), ((1, 2), 1), ((5, 7), 3)]);
    assert_eq!(most_frequent_pair(&counts), Some((5, 6)));
    let counts = BTreeMap::from([((9, 4), 4), ((5, 6), 3)]);
    assert_eq!(most_frequent_pair(&counts), Some((9, 4)));
    assert_eq!(most_frequent_pair(&BTreeMap::new()), None);
}

#[test]
fn t10_3_merges_by_hand() {
    // Chunks: "hello", " hello", " help" (each once). Byte ids: see the file header.
    // Round 1 counts: (h,e)=3, (e,l)=3, (l,l)=2, (l,o)=2, (' ',h)=2, (l,p)=1.
    //   Tie at 3: (e,l) = (105,112) < (h,e) = (108,105) -> merge "el" = 260.
    // Round 2: (h,el)=3 is the maximum -> (108,260) = "hel" = 261.
    // Round 3: (hel,l)=2, (l,o)=2, (' ',hel)=2, (hel,p)=1.
    //   Tie at 2: (36,261) < (112,115) < (261,112) -> " hel" = 262.
    // Round 4: (hel,l)=1, (l,o)=2, (' hel',l)=1, (' hel',p)=1 -> (112,115) "lo" = 263.
    // Round 5: every pair occurs once -> training stops (a merge needs a count of 2).
    let tok = BpeTokenizer::train("hello hello help", 300).unwrap();
    assert_eq!(tok.merges(), &HELLO_MERGES);
    assert_eq!(tok.vocab_size(), 264);
    let texts: Vec<String> = (260..264).map(|id| tok.token_text(id)).collect();
    assert_eq!(texts, ["el", "hel", " hel", "lo"]);
}

#[test]
fn t10_3_stops_at_the_requested_size() {
    // 262 tokens = 260 base + 2 merges: the first two merges above, no more.
    let tok = BpeTokenizer::train("hello hello help", 262).unwrap();
    assert_eq!(tok.merges(), &HELLO_MERGES[..2]);
    assert_eq!(tok.vocab_size(), 262);
    let base = BpeTokenizer::train("hello hello help", 260).unwrap();
    assert!(base.merges().is_empty());
    assert_eq!(base.vocab_size(), 260);
    assert!(BpeTokenizer::train("", 1000).unwrap().merges().is_empty());
}

#[test]
fn t10_3_too_small_vocab_is_an_error() {
    let err = BpeTokenizer::train("hello", 259).unwrap_err();
    assert_eq!(
        err,
        TokenizerError::VocabTooSmall {
            requested: 259,
            minimum: 260
        }
    );
    assert!(err.to_string().contains("260"), "{err}");
}

#[test]
fn t10_3_word_frequency_counts() {
    // "ab ab ab cd": chunks "ab" x1, " ab" x2, " cd" x1.
    // (a,b) occurs 3 times; (' ',a) 2; (' ',c) and (c,d) once -> "ab" first,
    // then (' ', ab) twice -> " ab"; then nothing occurs twice.
    // a = 97 -> 101, b = 98 -> 102, ' ' -> 36.
    let tok = BpeTokenizer::train("ab ab ab cd", 1000).unwrap();
    assert_eq!(tok.merges(), &[(101, 102), (36, 260)]);
}

#[test]
fn t10_3_training_is_deterministic() {
    let talk = load_tinytalk(&default_tinytalk_path()).unwrap();
    let text = talk.train_text();
    let first = BpeTokenizer::train(&text, 400).unwrap();
    let second = BpeTokenizer::train(&text, 400).unwrap();
    assert_eq!(first.merges().len(), 140);
    assert_eq!(first.merges(), second.merges());
}

// ---- 10.4 BPE encode / decode -----------------------------------------------------------

fn hello_tokenizer() -> BpeTokenizer {
    BpeTokenizer::from_merges(HELLO_MERGES.to_vec()).unwrap()
}

#[test]
fn t10_4_encode_by_hand() {
    let tok = hello_tokenizer();
    // "hello" -> hel lo; " hello" -> ' hel' lo; " help" -> ' hel' p.
    assert_eq!(
        tok.encode("hello hello help"),
        vec![261, 263, 262, 263, 262, 116]
    );
    // Without merges, every byte is one token.
    assert_eq!(BpeTokenizer::bytes_only().encode("hi"), vec![108, 109]);
    assert_eq!(tok.encode(""), Vec::<u32>::new());
}

#[test]
fn t10_4_merges_apply_in_learned_order() {
    let tok = hello_tokenizer();
    // "elo": both (e,l) (rank 0) and (l,o) (rank 3) are candidates; the earlier merge wins:
    // el o -> [260, 115]. Applying "lo" first would give e lo -> [105, 263].
    assert_eq!(tok.encode("elo"), vec![260, 115]);
    // "hel" needs "el" (rank 0) before (h, el) (rank 1): -> [261].
    assert_eq!(tok.encode("hel"), vec![261]);
}

#[test]
fn t10_4_round_trips_any_text() {
    let tok = hello_tokenizer();
    let texts = [
        "hello hello help",
        "Q: What color is the sky?\nA: The sky is blue.\n",
        "café, naïve, Ærøskøbing",
        "emoji 🦀👋🏽 and 日本語",
        "  leading and trailing spaces  ",
        "",
    ];
    for text in texts {
        let ids = tok.encode(text);
        assert_eq!(tok.decode(&ids).unwrap(), text, "ids {ids:?}");
    }
    // A 4-byte emoji is 4 byte tokens: 🦀 = F0 9F A6 80.
    assert_eq!(
        tok.encode("🦀"),
        vec![0xF0 + 4, 0x9F + 4, 0xA6 + 4, 0x80 + 4]
    );
}

#[test]
fn t10_4_decode_specials_and_errors() {
    let tok = hello_tokenizer();
    assert_eq!(tok.decode(&[BOS, 261, 263, EOS]).unwrap(), "hello");
    assert_eq!(tok.decode(&[261, UNK]).unwrap(), "hel\u{FFFD}");
    // Half of "é" (C3 A9): invalid UTF-8 on its own -> U+FFFD (lossy), not an error.
    assert_eq!(tok.decode(&[0xC3 + 4]).unwrap(), "\u{FFFD}");
    let err = tok.decode(&[261, 264]).unwrap_err();
    assert_eq!(
        err,
        TokenizerError::UnknownId {
            id: 264,
            vocab_size: 264
        }
    );
}

#[test]
fn t10_4_tinytalk_round_trip_and_compression() {
    let talk = load_tinytalk(&default_tinytalk_path()).unwrap();
    let tok = BpeTokenizer::train(&talk.train_text(), 400).unwrap();
    for text in [talk.train_text(), talk.validation_text()] {
        let ids = tok.encode(&text);
        assert_eq!(tok.decode(&ids).unwrap(), text);
    }
    // Without merges the ratio is exactly 1 byte per token; merges must shorten the text,
    // on the training text and on the unseen validation text.
    let train_ratio = compression_ratio(&tok, &talk.train_text());
    let valid_ratio = compression_ratio(&tok, &talk.validation_text());
    println!(
        "TinyTalk, 400 tokens: train {train_ratio:.3}, validation {valid_ratio:.3} bytes/token"
    );
    assert!(train_ratio > 2.0, "train ratio {train_ratio}");
    assert!(valid_ratio > 1.5, "validation ratio {valid_ratio}");
}

//! Prints how each tokenizer compresses TinyTalk: the numbers the lesson README quotes.
//!
//! ```text
//! cargo run -p tinytorch-tokenization --example tinytalk_stats
//! ```
//!
//! Tokenizers are built on the training split and measured on both splits.
use tinytorch_tokenization::{
    BpeTokenizer, CharTokenizer, Tokenizer, default_tinytalk_path, load_tinytalk, pretokenize,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let talk = load_tinytalk(&default_tinytalk_path())?;
    let (train, valid) = (talk.train_text(), talk.validation_text());
    println!(
        "TinyTalk: {} train pairs ({} bytes), {} validation pairs ({} bytes)",
        talk.train.len(),
        train.len(),
        talk.validation.len(),
        valid.len()
    );
    let words = pretokenize(&train);
    let distinct: std::collections::BTreeSet<&str> = words.iter().copied().collect();
    println!(
        "training text: {} words, {} distinct ({} bytes of distinct words)",
        words.len(),
        distinct.len(),
        distinct.iter().map(|w| w.len()).sum::<usize>()
    );
    println!(
        "{:<14} {:>6} {:>13} {:>11} {:>13} {:>11}",
        "tokenizer", "vocab", "train tokens", "bytes/tok", "valid tokens", "bytes/tok"
    );
    let chars = CharTokenizer::from_corpus(&train);
    report("char", &chars, &train, &valid);
    for size in [260, 300, 400, 512, 1000, 4000] {
        let bpe = BpeTokenizer::train(&train, size)?;
        report(&format!("bpe (ask {size})"), &bpe, &train, &valid);
    }
    Ok(())
}

fn report(name: &str, tok: &impl Tokenizer, train: &str, valid: &str) {
    let (t, v) = (tok.encode(train).len(), tok.encode(valid).len());
    println!(
        "{name:<14} {:>6} {t:>13} {:>11.2} {v:>13} {:>11.2}",
        tok.vocab_size(),
        train.len() as f64 / t as f64,
        valid.len() as f64 / v as f64
    );
}

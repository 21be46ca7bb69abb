//! Milestone 05's reference computations and probes on untrained GPTs (no training in a
//! debug test).

use tinytorch_milestone_transformer::{
    BIGRAM_MARGIN, GPT_SEED, TINYTALK_CONTEXT, attention_maps, causality_probe, check_tinytalk,
    load_tinytalk_data, reversal_config, tinytalk_config,
};
use tinytorch_tokenization::Tokenizer;
use tinytorch_transformers::Gpt;

#[test]
fn an_untrained_gpt_is_causal_and_the_probe_sees_the_later_change() {
    let gpt = Gpt::new(reversal_config(GPT_SEED)).unwrap();
    let ids: Vec<usize> = (0..16).map(|i| 2 + (i * 7) % 36).collect();
    let probe = causality_probe(&gpt, &ids, 8).unwrap();
    assert_eq!(probe.earlier_change, 0.0);
    assert!(probe.later_change > 1e-3, "{probe:?}");
}

#[test]
fn attention_rows_are_distributions_over_earlier_positions() {
    let gpt = Gpt::new(reversal_config(GPT_SEED)).unwrap();
    let ids = [2, 3, 4, 5, 1, 5, 4];
    let maps = attention_maps(&gpt, &ids).unwrap();
    assert_eq!((maps.len(), maps[0].len(), maps[0][0].len()), (2, 4, 7));
    for head in maps.iter().flatten() {
        for (q, row) in head.iter().enumerate() {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-5);
            assert!(row[q + 1..].iter().all(|&w| w == 0.0), "row {q}: {row:?}");
        }
    }
}

#[test]
fn an_untrained_tinytalk_gpt_agrees_with_the_independent_loss_but_not_below_the_bigram() {
    let (data, print) = load_tinytalk_data().unwrap();
    assert!(print.starts_with("sha256:"));
    let gpt = Gpt::new(tinytalk_config(data.tokenizer.vocab_size(), GPT_SEED)).unwrap();
    let check = check_tinytalk(&gpt, &data).unwrap();
    assert_eq!(check.characters % TINYTALK_CONTEXT, 0);
    assert!((check.loss - check.your_loss).abs() < 1e-3, "{check:?}");
    // Untrained: about ln(vocab), far above the bigram; the bigram beats the unigram.
    assert!(check.loss > check.baselines.bigram - BIGRAM_MARGIN);
    assert!(check.baselines.bigram < check.baselines.unigram);
}

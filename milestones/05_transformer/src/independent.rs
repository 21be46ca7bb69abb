//! The independent references: the cross-entropy of a row of logits in f64 (no course
//! op), and the n-gram baselines counted from the training ids. The gates compare your
//! GPT with these, never with itself.

/// `-ln softmax(logits)[target]`, computed in f64 with the max shift.
///
/// ```
/// use tinytorch_milestone_transformer::independent::nll;
/// assert!((nll(&[0.0, 0.0, 0.0, 0.0], 2) - 4f64.ln()).abs() < 1e-12);
/// ```
pub fn nll(logits: &[f32], target: usize) -> f64 {
    let max = logits
        .iter()
        .map(|&z| f64::from(z))
        .fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = logits.iter().map(|&z| (f64::from(z) - max).exp()).sum();
    max + sum.ln() - f64::from(logits[target])
}

/// The n-gram baselines on the scored characters of a validation stream.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Baselines {
    /// Mean `-ln P(c)` under add-one smoothed training frequencies (nats per character).
    pub unigram: f64,
    /// Mean `-ln P(c | previous c)` under add-one smoothed training bigram counts.
    pub bigram: f64,
}

/// The unigram and bigram losses of predicting `validation[t]` for every `t` in `scored`
/// (each `t >= 1`), with counts from `train`, both add-one smoothed over `vocab` ids: the
/// models a GPT must beat to show it uses more context than the previous character.
///
/// ```
/// use tinytorch_milestone_transformer::independent::baselines;
/// // "abab..." : after a comes b, always. Add-one over 2 ids: P(b|a) = (n + 1) / (n + 2).
/// let train: Vec<usize> = (0..100).map(|i| i % 2).collect();
/// let b = baselines(&train, &[0, 1], 1..2, 2);
/// assert!((b.bigram - -(51.0f64 / 52.0).ln()).abs() < 1e-12); // n = 50 pairs "ab"
/// assert!((b.unigram - 2f64.ln()).abs() < 1e-12);
/// ```
pub fn baselines(
    train: &[usize],
    validation: &[usize],
    scored: std::ops::Range<usize>,
    vocab: usize,
) -> Baselines {
    let mut unigram = vec![1.0f64; vocab];
    let mut bigram = vec![1.0f64; vocab * vocab];
    let mut from = vec![vocab as f64; vocab];
    for &id in train {
        unigram[id] += 1.0;
    }
    for pair in train.windows(2) {
        bigram[pair[0] * vocab + pair[1]] += 1.0;
        from[pair[0]] += 1.0;
    }
    let total: f64 = unigram.iter().sum();
    let n = scored.len().max(1) as f64;
    let (mut uni, mut bi) = (0.0, 0.0);
    for t in scored {
        let (prev, c) = (validation[t - 1], validation[t]);
        uni -= (unigram[c] / total).ln();
        bi -= (bigram[prev * vocab + c] / from[prev]).ln();
    }
    Baselines {
        unigram: uni / n,
        bigram: bi / n,
    }
}

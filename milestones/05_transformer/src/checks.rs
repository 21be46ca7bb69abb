//! What the gates measure: the reversal GPT's exact match on unseen inputs, the TinyTalk
//! GPT's validation loss (independently recomputed from its logits) against the bigram
//! baseline, and a causality probe.

use crate::gpt::{TINYTALK_CONTEXT, TinytalkData, masked_loss};
use crate::independent::{Baselines, baselines, nll};
use serde::Serialize;
use tinytorch_autograd::no_grad;
use tinytorch_milestone_kit::{Evaluation, Gate, Scorecard};
use tinytorch_transformers::Gpt;

/// Reversal exact match required on unseen inputs.
pub const REVERSAL_FLOOR: f64 = 0.90;
/// How far below the bigram baseline the validation loss must be (nats per character):
/// a model at the bigram's loss has learned nothing a count table does not know.
pub const BIGRAM_MARGIN: f64 = 0.35;
/// How close your loss must be to the independent one (nats; f32 sums over windows).
pub const LOSS_TOLERANCE: f64 = 1e-3;
/// The largest change of an earlier position's logits allowed when later tokens change.
pub const CAUSAL_TOLERANCE: f64 = 1e-5;
/// The smallest change of a later position's logits for the probe to count (the probe
/// must actually change what the model sees).
pub const PROBE_MIN_EFFECT: f64 = 1e-3;

/// The TinyTalk GPT on the validation split.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TalkCheck {
    /// Characters scored.
    pub characters: usize,
    /// Mean loss recomputed from the logits in f64 (nats per character).
    pub loss: f64,
    /// Mean loss by your `cross_entropy` (through the recipe's masked loss).
    pub your_loss: f64,
    /// The unigram and bigram losses on the same characters.
    pub baselines: Baselines,
}

/// Scores the validation split in consecutive windows of [`TINYTALK_CONTEXT`] (every
/// character after the first predicted once), both ways.
///
/// # Errors
/// A message if your model rejects the ids (another vocabulary or context).
pub fn check_tinytalk(gpt: &Gpt, data: &TinytalkData) -> Result<TalkCheck, String> {
    const C: usize = TINYTALK_CONTEXT;
    let held = &data.validation;
    let (mut sum, mut yours, mut count) = (0.0f64, 0.0f64, 0usize);
    for chunk in held.windows(C + 1).step_by(C) {
        let logits =
            no_grad(gpt, |m| m.forward_ids(&chunk[..C], 1, C)).map_err(|e| e.to_string())?;
        let rows = logits.to_vec();
        let vocab = rows.len() / C;
        for (t, row) in rows.chunks(vocab).enumerate() {
            sum += nll(row, chunk[t + 1]);
        }
        yours += f64::from(masked_loss(&logits, &chunk[1..], &[1.0; C])?.item()) * C as f64;
        count += C;
    }
    let vocab = tinytorch_tokenization::Tokenizer::vocab_size(&data.tokenizer);
    Ok(TalkCheck {
        characters: count,
        loss: sum / count.max(1) as f64,
        your_loss: yours / count.max(1) as f64,
        baselines: baselines(&data.train, held, 1..count + 1, vocab),
    })
}

/// What the causality probe saw.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Causality {
    /// Positions before the cut (their logits must not change).
    pub cut: usize,
    /// Positions in the window.
    pub positions: usize,
    /// The largest |logit change| at positions before the cut.
    pub earlier_change: f64,
    /// The largest |logit change| at positions from the cut on.
    pub later_change: f64,
}

/// Runs `gpt` on `ids`, then on `ids` with every token from position `cut` on replaced
/// by the next id (mod the vocabulary), and compares the logits before and after the cut.
///
/// # Errors
/// A message if your model rejects the ids.
pub fn causality_probe(gpt: &Gpt, ids: &[usize], cut: usize) -> Result<Causality, String> {
    let vocab = gpt.config().vocab_size;
    let seq = ids.len();
    let changed: Vec<usize> = ids
        .iter()
        .enumerate()
        .map(|(t, &id)| if t >= cut { (id + 1) % vocab } else { id })
        .collect();
    let run = |x: &[usize]| -> Result<Vec<f32>, String> {
        no_grad(gpt, |m| m.forward_ids(x, 1, seq))
            .map(|l| l.to_vec())
            .map_err(|e| e.to_string())
    };
    let (a, b) = (run(ids)?, run(&changed)?);
    let width = a.len() / seq.max(1);
    let (mut earlier, mut later) = (0.0f64, 0.0f64);
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        let diff = f64::from((x - y).abs());
        let diff = if diff.is_nan() { f64::INFINITY } else { diff };
        if i / width < cut {
            earlier = earlier.max(diff);
        } else {
            later = later.max(diff);
        }
    }
    Ok(Causality {
        cut,
        positions: seq,
        earlier_change: earlier,
        later_change: later,
    })
}

/// The reversal gate: exact match on unseen inputs.
pub fn reversal_gate(reversal: &Evaluation) -> Gate {
    Gate::at_least(
        "reversal: exact match on unseen inputs (greedy)",
        100.0 * reversal.value,
        100.0 * REVERSAL_FLOOR,
        "%",
    )
}

/// The TinyTalk and causality gates.
pub fn transformer_gates_talk(talk: &TalkCheck, probe: &Causality) -> Vec<Gate> {
    vec![
        Gate::at_most_sci(
            "TinyTalk: your validation loss = independent one (|difference|)",
            (talk.your_loss - talk.loss).abs(),
            LOSS_TOLERANCE,
            " nats",
        ),
        Gate::at_most(
            "TinyTalk: validation loss (independent)",
            talk.loss,
            talk.baselines.bigram - BIGRAM_MARGIN,
            " nats",
        ),
        Gate::at_most_sci(
            "causality: earlier logits unchanged by later tokens (max |diff|)",
            probe.earlier_change,
            CAUSAL_TOLERANCE,
            "",
        ),
        Gate::at_least(
            "causality probe is real: later logits changed (max |diff|)",
            probe.later_change,
            PROBE_MIN_EFFECT,
            "",
        ),
    ]
}

/// Every gate of the milestone in one scorecard.
pub fn transformer_gates(reversal: &Evaluation, talk: &TalkCheck, probe: &Causality) -> Scorecard {
    let mut card = Scorecard::default();
    card.push(reversal_gate(reversal));
    for gate in transformer_gates_talk(talk, probe) {
        card.push(gate);
    }
    card
}

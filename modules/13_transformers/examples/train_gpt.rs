//! Trains a small GPT from scratch, on the reference implementation.
//!
//! ```text
//! cargo run --release -p tinytorch-transformers --example train_gpt [steps] [tinytalk_steps]
//! ```
//!
//! 1. Sequence reversal: `abc3|3cba`. Inputs are 3 to 8 symbols from `0-9a-z`; the model
//!    reads the input and the separator and must write the input backwards. Trained with
//!    teacher forcing, the loss counted only on the answer tokens; measured by EXACT-MATCH
//!    accuracy of greedy decoding on 200 held-out inputs never seen in training.
//! 2. If `data/tinytalk/corpus.txt` exists: a character-level model of that corpus, with the
//!    held-out per-character loss compared to the unigram baseline (the entropy of the
//!    training characters' frequencies: what a model that ignores the context achieves).
//!
//! Everything is seeded: the same command prints the same numbers (except the seconds).

use rand::Rng;
use std::collections::BTreeSet;
use std::time::Instant;
use tinytorch_autograd::backward;
use tinytorch_layers::{Module, Parameter};
use tinytorch_losses::{Reduction, cross_entropy};
use tinytorch_optimizers::{
    AdamW, AdamWConfig, CosineLr, Optimizer, Warmup, apply_schedule, clip_grad_norm,
};
use tinytorch_tensor::{ChaCha8Rng, Tensor, seeded_rng};
use tinytorch_transformers::{Gpt, GptConfig, Sampling};

/// Token ids of the reversal task: padding, the separator, then the 36 symbols.
const PAD: usize = 0;
const SEP: usize = 1;
const SYMBOLS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const MIN_LEN: usize = 3;
const MAX_LEN: usize = 8;
/// Input positions of the longest example: `x (8) | reversed x (8)` minus the last token.
const WINDOW: usize = 2 * MAX_LEN;
const HELD_OUT: usize = 200;
const BATCH: usize = 64;

fn main() {
    let mut args = std::env::args().skip(1);
    let steps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let tinytalk_steps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1500);
    reversal(steps);
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/tinytalk/corpus.txt"
    );
    match std::fs::read_to_string(corpus) {
        Ok(text) => tinytalk(&text, tinytalk_steps),
        Err(_) => println!("\n(no {corpus}: skipping the character model)"),
    }
}

// ---- the reversal task -------------------------------------------------------------------

/// A random input of `MIN_LEN..=MAX_LEN` symbol ids.
fn random_input(rng: &mut ChaCha8Rng) -> Vec<usize> {
    let len = rng.random_range(MIN_LEN..=MAX_LEN);
    (0..len)
        .map(|_| 2 + rng.random_range(0..SYMBOLS.len()))
        .collect()
}

/// `x | reversed x` as token ids.
fn full_sequence(input: &[usize]) -> Vec<usize> {
    let mut seq = input.to_vec();
    seq.push(SEP);
    seq.extend(input.iter().rev());
    seq
}

fn show(ids: &[usize]) -> String {
    ids.iter()
        .map(|&id| match id {
            PAD => '_',
            SEP => '|',
            _ => SYMBOLS[id - 2] as char,
        })
        .collect()
}

/// One padded batch: inputs `[B * WINDOW]`, next-token targets, and a 0/1 weight per
/// position that is 1 only where the target is an answer token.
fn reversal_batch(inputs: &[Vec<usize>]) -> (Vec<usize>, Vec<usize>, Vec<f32>) {
    let mut ids = Vec::with_capacity(inputs.len() * WINDOW);
    let mut targets = Vec::with_capacity(inputs.len() * WINDOW);
    let mut weights = Vec::with_capacity(inputs.len() * WINDOW);
    for input in inputs {
        let seq = full_sequence(input);
        let n = input.len();
        for t in 0..WINDOW {
            ids.push(seq.get(t).copied().unwrap_or(PAD));
            targets.push(seq.get(t + 1).copied().unwrap_or(PAD));
            // Position t predicts seq[t + 1]; the answer occupies seq[n + 1 ..= 2n].
            weights.push(if (n..2 * n).contains(&t) { 1.0 } else { 0.0 });
        }
    }
    (ids, targets, weights)
}

/// The mean cross-entropy over the positions whose weight is 1.
fn masked_loss(logits: &Tensor, targets: &[usize], weights: &[f32]) -> Tensor {
    let vocab = logits.shape()[2];
    let flat = logits.reshape(&[targets.len(), vocab]);
    let per_token = cross_entropy(&flat, targets, Reduction::None).expect("targets in range");
    let count: f32 = weights.iter().sum();
    let mask = Tensor::from_vec(weights.to_vec(), &[weights.len()]).expect("one per target");
    per_token.mul(&mask).sum_all().mul_scalar(1.0 / count)
}

/// The peak learning rate of both runs.
const PEAK_LR: f32 = 3e-3;

/// Both runs' schedule: 100 warm-up steps to [`PEAK_LR`], then a cosine down to 1e-4.
fn schedule(steps: usize) -> Warmup<CosineLr> {
    Warmup {
        warmup_steps: 100,
        inner: CosineLr {
            max_lr: PEAK_LR,
            min_lr: 1e-4,
            total_steps: steps.saturating_sub(100).max(1),
        },
    }
}

fn optimizer(params: Vec<Parameter>) -> AdamW {
    let config = AdamWConfig::default().lr(PEAK_LR).weight_decay(0.01);
    AdamW::new(params, config).expect("a valid config")
}

/// One optimizer step on `loss`, with the gradient norm clipped to 1; returns the loss.
fn train_step(loss: &Tensor, params: &[Parameter], opt: &mut AdamW) -> f32 {
    let mut grads = backward(loss).expect("the loss depends on the parameters");
    clip_grad_norm(&mut grads, params, 1.0);
    opt.step(&grads);
    loss.item()
}

fn reversal(steps: usize) {
    let config = GptConfig {
        vocab_size: 2 + SYMBOLS.len(),
        d_model: 64,
        num_layers: 2,
        num_heads: 4,
        max_seq_len: 32,
        seed: 0,
    };
    let gpt = Gpt::new(config).expect("a valid config");
    println!("== sequence reversal: {}", gpt.name());
    println!(
        "parameters: {}; {steps} steps of batch {BATCH}, AdamW lr {PEAK_LR} (warmup 100, cosine)",
        gpt.num_parameters()
    );

    // The held-out inputs are drawn first and never used for training.
    let mut rng = seeded_rng(1);
    let mut held_out = BTreeSet::new();
    while held_out.len() < HELD_OUT {
        held_out.insert(random_input(&mut rng));
    }
    let params = gpt.parameters();
    let mut opt = optimizer(params.clone());
    let schedule = schedule(steps);
    let start = Instant::now();
    for step in 0..steps {
        let inputs: Vec<Vec<usize>> = (0..BATCH)
            .map(|_| {
                loop {
                    let input = random_input(&mut rng);
                    if !held_out.contains(&input) {
                        break input;
                    }
                }
            })
            .collect();
        let (ids, targets, weights) = reversal_batch(&inputs);
        let logits = gpt.forward_ids(&ids, BATCH, WINDOW).expect("ids in range");
        apply_schedule(&mut opt, &schedule, step);
        let loss = train_step(&masked_loss(&logits, &targets, &weights), &params, &mut opt);
        if step % 200 == 0 || step + 1 == steps {
            let secs = start.elapsed().as_secs_f32();
            println!("step {step:5}  answer loss {loss:.4}  {secs:6.1} s");
        }
    }
    let train_secs = start.elapsed().as_secs_f32();

    let start = Instant::now();
    let mut correct = 0;
    let mut greedy_rng = seeded_rng(0); // unused by greedy decoding
    for (i, input) in held_out.iter().enumerate() {
        let mut prompt = input.clone();
        prompt.push(SEP);
        let out = gpt
            .generate(&prompt, input.len(), Sampling::Greedy, &mut greedy_rng)
            .expect("a valid prompt");
        let answer = &out[prompt.len()..];
        let expected: Vec<usize> = input.iter().rev().copied().collect();
        correct += usize::from(answer == expected);
        if i < 3 {
            println!("  {} -> {}", show(&prompt), show(answer));
        }
    }
    println!(
        "exact match on {HELD_OUT} held-out inputs: {correct}/{HELD_OUT} = {:.1}%  \
         (training {train_secs:.1} s, greedy decoding {:.1} s)",
        100.0 * correct as f32 / HELD_OUT as f32,
        start.elapsed().as_secs_f32()
    );
}

// ---- the character model of tinytalk ----------------------------------------------------

fn tinytalk(text: &str, steps: usize) {
    const CONTEXT: usize = 32;
    const CHAR_BATCH: usize = 32;
    let chars: Vec<char> = text.chars().collect();
    let vocab: Vec<char> = chars
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let id_of = |c: char| {
        vocab
            .binary_search(&c)
            .expect("every char is in the vocabulary")
    };
    let ids: Vec<usize> = chars.iter().map(|&c| id_of(c)).collect();
    let split = ids.len() * 9 / 10;
    let (train, held) = ids.split_at(split);

    // The unigram baseline: entropy (nats) of the training characters' frequencies, and
    // the cross-entropy of those frequencies on the held-out text (add-one smoothed).
    let mut counts = vec![1.0f64; vocab.len()];
    train.iter().for_each(|&id| counts[id] += 1.0);
    let total: f64 = counts.iter().sum();
    let entropy: f64 = counts
        .iter()
        .map(|&c| -(c / total) * (c / total).ln())
        .sum();
    let unigram_held: f64 = held
        .iter()
        .map(|&id| -(counts[id] / total).ln())
        .sum::<f64>()
        / held.len() as f64;

    let config = GptConfig {
        vocab_size: vocab.len(),
        d_model: 64,
        num_layers: 2,
        num_heads: 4,
        max_seq_len: CONTEXT,
        seed: 0,
    };
    let gpt = Gpt::new(config).expect("a valid config");
    println!("\n== tinytalk characters: {}", gpt.name());
    println!(
        "{} chars ({} train, {} held out), vocabulary {}; {steps} steps of {CHAR_BATCH} x {CONTEXT}",
        ids.len(),
        train.len(),
        held.len(),
        vocab.len()
    );
    let params = gpt.parameters();
    let mut opt = optimizer(params.clone());
    let schedule = schedule(steps);
    let mut rng = seeded_rng(2);
    let start = Instant::now();
    let all_weights = vec![1.0; CHAR_BATCH * CONTEXT];
    for step in 0..steps {
        let mut x = Vec::with_capacity(CHAR_BATCH * CONTEXT);
        let mut y = Vec::with_capacity(CHAR_BATCH * CONTEXT);
        for _ in 0..CHAR_BATCH {
            let at = rng.random_range(0..train.len() - CONTEXT - 1);
            x.extend_from_slice(&train[at..at + CONTEXT]);
            y.extend_from_slice(&train[at + 1..at + CONTEXT + 1]);
        }
        let logits = gpt
            .forward_ids(&x, CHAR_BATCH, CONTEXT)
            .expect("ids in range");
        apply_schedule(&mut opt, &schedule, step);
        let loss = train_step(&masked_loss(&logits, &y, &all_weights), &params, &mut opt);
        if step % 250 == 0 || step + 1 == steps {
            let secs = start.elapsed().as_secs_f32();
            println!("step {step:5}  train loss {loss:.4}  {secs:6.1} s");
        }
    }

    // Held-out loss over consecutive windows (every held-out char predicted once).
    let windows: Vec<&[usize]> = held.windows(CONTEXT + 1).step_by(CONTEXT).collect();
    let (mut sum, mut count) = (0.0f64, 0usize);
    for window in &windows {
        let logits = gpt
            .forward_ids(&window[..CONTEXT], 1, CONTEXT)
            .expect("ids in range");
        let loss = masked_loss(&logits, &window[1..], &all_weights[..CONTEXT]);
        sum += f64::from(loss.item()) * CONTEXT as f64;
        count += CONTEXT;
    }
    println!(
        "held-out loss {:.4} nats/char over {count} chars; unigram baseline: entropy {entropy:.4}, \
         on held-out {unigram_held:.4}  ({:.1} s)",
        sum / count as f64,
        start.elapsed().as_secs_f32()
    );
    let mut sample_rng = seeded_rng(3);
    let prompt: Vec<usize> = "Q: What".chars().map(id_of).collect();
    let top_k = Sampling::TopK {
        k: 5,
        temperature: 0.8,
    };
    let out = gpt
        .generate(&prompt, 120, top_k, &mut sample_rng)
        .expect("a valid prompt");
    let text: String = out.iter().map(|&id| vocab[id]).collect();
    println!("sample (top-5, T = 0.8):\n{text}");
}

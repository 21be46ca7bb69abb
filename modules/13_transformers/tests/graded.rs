//! Graded tests for module 13 (Transformers). Test `t13_k_*` grades task 13.k.
//!
//! Values are checked against hand-computed answers (the arithmetic is in the comments),
//! against compositions of the public parts, and gradients against central differences.

use assert_approx_eq::assert_approx_eq;
use ndarray::Axis;
use tinytorch_attention::causal_mask;
use tinytorch_autograd::{GradCheck, backward, check_gradients};
use tinytorch_embeddings::EmbeddingError;
use tinytorch_layers::{Linear, Module};
use tinytorch_losses::{Reduction, cross_entropy};
use tinytorch_optimizers::{AdamW, AdamWConfig, Optimizer};
use tinytorch_tensor::testing::{assert_close, assert_slice_close};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_transformers::{
    FeedForward, Gpt, GptConfig, LayerNorm, ModelError, Sampling, TransformerBlock, layer_norm,
    sample_token,
};

/// A constant tensor.
fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

/// Standard-normal test values.
fn randn(shape: &[usize], seed: u64) -> Tensor {
    Tensor::randn(shape, &mut seeded_rng(seed))
}

/// Runs the gradient checker with default tolerances and fails with its message.
#[track_caller]
fn gradcheck(f: impl Fn(&[Tensor]) -> Tensor, inputs: &[Tensor]) {
    if let Err(e) = check_gradients(f, inputs, GradCheck::default()) {
        panic!("{e}");
    }
}

/// The `[D]` row at `[b, s]` of a `[B, S, D]` tensor.
fn row(x: &Tensor, b: usize, s: usize) -> Vec<f32> {
    x.data()
        .index_axis(Axis(0), b)
        .index_axis(Axis(0), s)
        .iter()
        .copied()
        .collect()
}

/// GELU, tanh form, in f64: `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
fn gelu64(x: f64) -> f64 {
    let c = (2.0 / std::f64::consts::PI).sqrt();
    0.5 * x * (1.0 + (c * (x + 0.044_715 * x.powi(3))).tanh())
}

/// A small model: V = 11, D = 8, L = 2, H = 2, S_max = 6.
fn small_config() -> GptConfig {
    GptConfig {
        vocab_size: 11,
        d_model: 8,
        num_layers: 2,
        num_heads: 2,
        max_seq_len: 6,
        seed: 3,
    }
}

fn small_gpt() -> Gpt {
    Gpt::new(small_config()).expect("a valid config")
}

/// The small model with large token embeddings (std 3 instead of 0.02), so that the
/// logits at each position depend strongly on the tokens: an untrained model's logits
/// are otherwise nearly the same at every position, and a generator that reads the wrong
/// position would go unnoticed.
fn token_driven_gpt() -> Gpt {
    let gpt = small_gpt();
    gpt.tok().weight().set(randn(&[11, 8], 42).mul_scalar(3.0));
    gpt
}

/// The greedy choice from the logits `[1, S, V]` at position `s`.
fn argmax_at(logits: &Tensor, s: usize) -> usize {
    let r = row(logits, 0, s);
    (0..r.len()).fold(0, |b, i| if r[i] > r[b] { i } else { b })
}

/// How often `sample_token` returns each id in `draws` draws from one seeded RNG.
fn frequencies(logits: &[f32], sampling: Sampling, draws: usize) -> Vec<f64> {
    let mut rng = seeded_rng(11);
    let mut counts = vec![0usize; logits.len()];
    for _ in 0..draws {
        counts[sample_token(logits, sampling, &mut rng).expect("valid sampling")] += 1;
    }
    counts.iter().map(|&c| c as f64 / draws as f64).collect()
}

/// A random number generator that always returns the same bits: `ConstRng(0)` makes
/// `random::<f64>()` return 0.0, the smallest uniform number, and `ConstRng(u64::MAX)`
/// makes it return 1 - 2^-53, the largest (rand takes the top 53 bits times 2^-53).
struct ConstRng(u64);

impl rand::RngCore for ConstRng {
    fn next_u32(&mut self) -> u32 {
        self.0 as u32
    }

    fn next_u64(&mut self) -> u64 {
        self.0
    }

    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for (i, byte) in dst.iter_mut().enumerate() {
            *byte = self.0.to_le_bytes()[i % 8];
        }
    }
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_transformers::editions());
}

// ---- 13.1 LayerNorm --------------------------------------------------------------------

#[test]
fn t13_1_layer_norm_hand_computed() {
    // Row [1, 2, 3]: mean 2, biased variance ((-1)^2 + 0 + 1^2) / 3 = 2/3, so
    // x_hat = (x - 2) / sqrt(2/3 + 1e-5) = [-g, 0, g] with g = 1.224736.
    // Row [2, 4, 6]: mean 4, variance 8/3, x_hat = [-h, 0, h] with h = 2 / sqrt(8/3 + 1e-5).
    // Then y = x_hat * gamma + beta with gamma = [2, 1, 0.5], beta = [0.5, 0, -1].
    let x = t(&[1.0, 2.0, 3.0, 2.0, 4.0, 6.0], &[2, 3]);
    let gamma = t(&[2.0, 1.0, 0.5], &[3]);
    let beta = t(&[0.5, 0.0, -1.0], &[3]);
    let g = 1.0 / (2.0f32 / 3.0 + 1e-5).sqrt();
    let h = 2.0 / (8.0f32 / 3.0 + 1e-5).sqrt();
    let expected = [
        -2.0 * g + 0.5,
        0.0,
        0.5 * g - 1.0,
        -2.0 * h + 0.5,
        0.0,
        0.5 * h - 1.0,
    ];
    assert_close(
        &layer_norm(&x, &gamma, &beta, 1e-5),
        &[2, 3],
        &expected,
        1e-5,
    );
    assert_approx_eq!(g, 1.224_736, 1e-5);
}

#[test]
fn t13_1_fresh_layer_norm_standardizes_every_token() {
    // gamma = 1, beta = 0: every row of the output has mean 0 and BIASED variance
    // var / (var + eps), i.e. 1 up to eps. (An unbiased variance would give (D-1)/D = 0.875.)
    let ln = LayerNorm::new(8);
    let x = randn(&[2, 3, 8], 5).mul_scalar(3.0).add_scalar(1.5);
    let y = ln.forward(&x);
    assert_eq!(y.shape(), &[2, 3, 8]);
    let mean = y.mean(-1, false);
    assert_close(&mean, &[2, 3], &[0.0; 6], 1e-5);
    let var = y.powf(2.0).mean(-1, false);
    assert_close(&var, &[2, 3], &[1.0; 6], 1e-4);
}

#[test]
fn t13_1_constant_row_gives_beta() {
    // A constant row has variance 0: x - mean = 0, and 0 / sqrt(0 + eps) = 0, so y = beta.
    // Without eps this is 0 / 0 = NaN.
    let x = t(&[5.0; 8], &[2, 4]);
    let beta = t(&[0.1, 0.2, 0.3, 0.4], &[4]);
    let y = layer_norm(&x, &Tensor::ones(&[4]), &beta, 1e-5);
    assert_close(&y, &[2, 4], &[0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4], 1e-6);
}

#[test]
fn t13_1_layer_norm_module_uses_its_parameters() {
    let ln = LayerNorm::new(3);
    let names: Vec<String> = ln.named_parameters().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["gamma", "beta"]);
    ln.gamma().set(t(&[2.0, 1.0, 0.5], &[3]));
    ln.beta().set(t(&[0.5, 0.0, -1.0], &[3]));
    // As in the hand-computed test: [-2g + 0.5, 0, 0.5g - 1].
    let g = 1.0 / (2.0f32 / 3.0 + 1e-5).sqrt();
    let y = ln.forward(&t(&[1.0, 2.0, 3.0], &[1, 3]));
    assert_close(&y, &[1, 3], &[-2.0 * g + 0.5, 0.0, 0.5 * g - 1.0], 1e-5);
}

#[test]
fn t13_1_layer_norm_gradients() {
    // The backward of the composed ops, checked against central differences for x, gamma
    // and beta (the gradient through the mean and the variance is the tricky part).
    let x = randn(&[2, 5], 1);
    let gamma = randn(&[5], 2).add_scalar(1.0);
    let beta = randn(&[5], 3);
    gradcheck(|v| layer_norm(&v[0], &v[1], &v[2], 1e-5), &[x, gamma, beta]);
}

// ---- 13.2 feed-forward block -------------------------------------------------------------

#[test]
fn t13_2_feed_forward_hand_computed() {
    // D = 1, hidden = 2: fc1 = [[1, -1]] (bias 0) maps x = 2 to [2, -2]; GELU gives
    // [gelu(2), gelu(-2)] = [1.954598, -0.045402]; fc2 = [[1], [3]] + 0.5 gives
    // gelu(2) + 3 gelu(-2) + 0.5 = 2.318392. (ReLU would give 2.5, no activation -3.5.)
    let fc1 = Linear::from_parameters(t(&[1.0, -1.0], &[1, 2]), Some(Tensor::zeros(&[2])));
    let fc2 = Linear::from_parameters(t(&[1.0, 3.0], &[2, 1]), Some(t(&[0.5], &[1])));
    let ff = FeedForward::from_layers(fc1.unwrap(), fc2.unwrap());
    let expected = gelu64(2.0) + 3.0 * gelu64(-2.0) + 0.5;
    assert_approx_eq!(expected, 2.318_392, 1e-5);
    let y = ff.forward(&t(&[2.0], &[1, 1, 1]));
    assert_close(&y, &[1, 1, 1], &[expected as f32], 1e-5);
}

#[test]
fn t13_2_feed_forward_works_token_by_token() {
    // Shape [B, S, D] in and out, and each token's output depends on that token only.
    let ff = FeedForward::new(8, 4, &mut seeded_rng(0));
    assert_eq!((ff.d_model(), ff.hidden()), (8, 32));
    let x = randn(&[2, 3, 8], 1);
    let y = ff.forward(&x);
    assert_eq!(y.shape(), &[2, 3, 8]);
    let token = t(&row(&x, 1, 2), &[8]);
    assert_slice_close(&row(&y, 1, 2), &ff.forward(&token).to_vec(), 1e-5);
}

#[test]
fn t13_2_feed_forward_gradients() {
    let ff = FeedForward::new(3, 2, &mut seeded_rng(4));
    gradcheck(|v| ff.forward(&v[0]), &[randn(&[2, 3], 5)]);
}

// ---- 13.3 pre-LN transformer block -----------------------------------------------------

#[test]
fn t13_3_block_keeps_the_shape() {
    let block = TransformerBlock::new(8, 2, &mut seeded_rng(0)).unwrap();
    let y = block.forward_with_mask(&randn(&[2, 5, 8], 1), Some(&causal_mask(5)));
    assert_eq!(y.shape(), &[2, 5, 8]);
}

#[test]
fn t13_3_zeroed_output_weights_make_the_identity() {
    // With the attention output projection and the second MLP layer all zeros, both
    // sublayers add 0 to the residual stream: the block returns x exactly.
    let block = TransformerBlock::new(8, 2, &mut seeded_rng(0)).unwrap();
    for linear in [block.attn().out_proj(), block.ff().fc2()] {
        linear.weight().set(Tensor::zeros(&linear.weight().shape()));
        let bias = linear.bias().expect("these layers have a bias");
        bias.set(Tensor::zeros(&bias.shape()));
    }
    let x = randn(&[2, 4, 8], 2);
    assert_close(&block.forward(&x), &[2, 4, 8], &x.to_vec(), 0.0);
}

#[test]
fn t13_3_block_is_pre_ln_with_two_residuals() {
    // h = x + attn(ln1(x), mask); out = h + ff(ln2(h)), from the block's own parts.
    let block = TransformerBlock::new(8, 4, &mut seeded_rng(5)).unwrap();
    block.ln1().gamma().set(randn(&[8], 6).add_scalar(1.0));
    block.ln2().beta().set(randn(&[8], 7));
    let x = randn(&[2, 4, 8], 8);
    let mask = causal_mask(4);
    let h = x.add(&block.attn().forward(&block.ln1().forward(&x), Some(&mask)));
    let expected = h.add(&block.ff().forward(&block.ln2().forward(&h)));
    let y = block.forward_with_mask(&x, Some(&mask));
    assert_close(&y, &[2, 4, 8], &expected.to_vec(), 1e-5);
    assert_close(&block.forward(&x), &[2, 4, 8], &expected.to_vec(), 1e-5);
}

#[test]
fn t13_3_block_with_causal_mask_ignores_the_future() {
    // Changing the last token must leave the outputs at positions 0..3 unchanged.
    let block = TransformerBlock::new(8, 2, &mut seeded_rng(1)).unwrap();
    let x = randn(&[1, 4, 8], 2);
    let mut changed = x.to_vec();
    changed[3 * 8..].iter_mut().for_each(|v| *v += 1.0);
    let y1 = block.forward(&x);
    let y2 = block.forward(&t(&changed, &[1, 4, 8]));
    for s in 0..3 {
        assert_slice_close(&row(&y2, 0, s), &row(&y1, 0, s), 1e-6);
    }
    assert!(
        row(&y2, 0, 3) != row(&y1, 0, 3),
        "the last position must see its own token"
    );
}

#[test]
fn t13_3_block_gradients() {
    // Through both LayerNorms, the masked attention and the MLP, for x of shape [1, 3, 4].
    let block = TransformerBlock::new(4, 2, &mut seeded_rng(9)).unwrap();
    gradcheck(|v| block.forward(&v[0]), &[randn(&[1, 3, 4], 10)]);
}

// ---- 13.4 GPT forward --------------------------------------------------------------------

#[test]
fn t13_4_logits_have_shape_batch_seq_vocab() {
    let gpt = small_gpt();
    let logits = gpt
        .forward_ids(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2, 5)
        .unwrap();
    assert_eq!(logits.shape(), &[2, 5, 11]);
    assert!(logits.to_vec().iter().all(|v| v.is_finite()));
}

#[test]
fn t13_4_forward_is_the_composition_of_the_parts() {
    // tok(ids) + pos(0..S) -> blocks with a causal mask -> ln_f -> lm_head.
    let gpt = small_gpt();
    let ids = [3, 1, 4, 1, 5, 9, 2, 6];
    let x = gpt.tok().forward_ids(&ids, &[2, 4]).unwrap();
    let mut x = x.add(&gpt.pos().forward(4, 0).unwrap());
    for block in gpt.blocks() {
        x = block.forward_with_mask(&x, Some(&causal_mask(4)));
    }
    let expected = gpt.lm_head().forward(&gpt.ln_f().forward(&x));
    let logits = gpt.forward_ids(&ids, 2, 4).unwrap();
    assert_close(&logits, &[2, 4, 11], &expected.to_vec(), 1e-5);
    // The same ids through Module::forward as a [B, S] tensor of whole numbers.
    let as_tensor = t(&ids.map(|i| i as f32), &[2, 4]);
    assert_close(
        &gpt.forward(&as_tensor),
        &[2, 4, 11],
        &expected.to_vec(),
        1e-5,
    );
}

#[test]
fn t13_4_logits_are_causal() {
    // Changing tokens after position k = 2 never changes the logits at 0..=2; changing a
    // token before k does change the logits at k.
    let gpt = small_gpt();
    let base = [1, 2, 3, 4, 5, 6];
    let logits = gpt.forward_ids(&base, 1, 6).unwrap();
    let future = gpt.forward_ids(&[1, 2, 3, 10, 0, 7], 1, 6).unwrap();
    for s in 0..=2 {
        assert_slice_close(&row(&future, 0, s), &row(&logits, 0, s), 1e-6);
    }
    let past = gpt.forward_ids(&[1, 9, 3, 4, 5, 6], 1, 6).unwrap();
    let moved = row(&past, 0, 2)
        .iter()
        .zip(row(&logits, 0, 2))
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(
        moved > 1e-4,
        "the logits at position 2 must depend on token 1 (moved {moved})"
    );
}

#[test]
fn t13_4_position_matters() {
    // The same token at two positions gets different logits (learned positions), and the
    // same token at the same position of two sequences gets the same ones.
    let gpt = small_gpt();
    let logits = gpt.forward_ids(&[4, 4, 4, 4, 7, 7], 2, 3).unwrap();
    let (a, b) = (row(&logits, 0, 0), row(&logits, 0, 1));
    assert!(a != b, "positions 0 and 1 of [4, 4, 4] must differ");
    let alone = gpt.forward_ids(&[4], 1, 1).unwrap();
    assert_slice_close(&row(&alone, 0, 0), &a, 1e-5);
}

#[test]
fn t13_4_bad_ids_are_errors() {
    let gpt = small_gpt();
    let err = gpt.forward_ids(&[1, 11, 2], 1, 3).unwrap_err();
    assert_eq!(
        err,
        ModelError::Embedding(EmbeddingError::IdOutOfRange {
            id: 11,
            position: 1,
            vocab_size: 11
        })
    );
    // 7 tokens for a context of 6.
    let too_long = gpt.forward_ids(&[1; 7], 1, 7).unwrap_err();
    assert!(matches!(
        too_long,
        ModelError::Embedding(EmbeddingError::PositionOutOfRange { .. })
    ));
    let wrong_count = gpt.forward_ids(&[1; 5], 2, 3).unwrap_err();
    assert!(matches!(
        wrong_count,
        ModelError::Embedding(EmbeddingError::IdsShape { .. })
    ));
    // The longest allowed context works.
    assert_eq!(gpt.forward_ids(&[1; 6], 1, 6).unwrap().shape(), &[1, 6, 11]);
}

#[test]
fn t13_4_parameter_count_and_names() {
    // V = 11, D = 8, L = 2, S_max = 6:
    //   tokens V*D = 88, positions S*D = 48,
    //   per block 12 D^2 + 13 D = 768 + 104 = 872 (attention 4*(64 + 8) = 288,
    //   MLP 8*32 + 32 + 32*8 + 8 = 552, two LayerNorms 32), times 2 = 1744,
    //   final LayerNorm 2D = 16, head D*V = 88 (no bias): 1984.
    let gpt = small_gpt();
    assert_eq!(gpt.num_parameters(), 1984);
    assert_eq!(small_config().num_parameters(), 1984);
    let named = gpt.named_parameters();
    let shape_of = |name: &str| {
        named
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no parameter named {name}"))
            .1
            .shape()
    };
    assert_eq!(shape_of("tok.weight"), [11, 8]);
    assert_eq!(shape_of("pos.weight"), [6, 8]);
    assert_eq!(shape_of("blocks.0.attn.q_proj.weight"), [8, 8]);
    assert_eq!(shape_of("blocks.1.ff.fc1.weight"), [8, 32]);
    assert_eq!(shape_of("blocks.1.ln2.gamma"), [8]);
    assert_eq!(shape_of("ln_f.beta"), [8]);
    assert_eq!(shape_of("lm_head.weight"), [8, 11]);
    assert!(named.iter().all(|(n, _)| n != "lm_head.bias"));
    assert_eq!(named.len(), 2 + 2 * 16 + 2 + 1);
}

#[test]
fn t13_4_same_seed_same_model() {
    let ids = [1, 2, 3];
    let a = small_gpt().forward_ids(&ids, 1, 3).unwrap();
    let b = small_gpt().forward_ids(&ids, 1, 3).unwrap();
    assert_eq!(a.to_vec(), b.to_vec());
    let other = Gpt::new(GptConfig {
        seed: 4,
        ..small_config()
    })
    .unwrap();
    assert!(other.forward_ids(&ids, 1, 3).unwrap().to_vec() != a.to_vec());
}

#[test]
fn t13_4_tiny_gpt_overfits_one_sequence() {
    // Teacher forcing on one sequence of 8 tokens: 7 next-token predictions per step.
    // A model of 1 block memorizes them: the loss falls from about ln 8 = 2.08 to < 0.1.
    let gpt = Gpt::new(GptConfig {
        vocab_size: 8,
        d_model: 16,
        num_layers: 1,
        num_heads: 2,
        max_seq_len: 8,
        seed: 0,
    })
    .unwrap();
    let seq = [1, 5, 2, 7, 3, 0, 6, 4];
    let (inputs, targets) = (&seq[..7], &seq[1..]);
    let config = AdamWConfig::default().lr(1e-2).weight_decay(0.0);
    let mut opt = AdamW::new(gpt.parameters(), config).unwrap();
    let mut losses = Vec::new();
    for _ in 0..100 {
        let logits = gpt.forward_ids(inputs, 1, 7).unwrap().reshape(&[7, 8]);
        let loss = cross_entropy(&logits, targets, Reduction::Mean).unwrap();
        losses.push(loss.item());
        opt.step(&backward(&loss).unwrap());
    }
    assert!(
        losses[0] > 1.5,
        "the untrained loss should be near ln 8: {}",
        losses[0]
    );
    let last = *losses.last().unwrap();
    assert!(
        last < 0.1,
        "after 100 AdamW steps the loss is {last}, expected < 0.1"
    );
}

#[test]
fn gpt_config_validation() {
    // Shared code (not graded): sizes are checked before anything is built.
    let zero = GptConfig {
        num_layers: 0,
        ..small_config()
    };
    assert_eq!(
        Gpt::new(zero).unwrap_err(),
        ModelError::ZeroSize {
            field: "num_layers"
        }
    );
    let bad_heads = GptConfig {
        num_heads: 3,
        ..small_config()
    };
    let err = Gpt::new(bad_heads).unwrap_err();
    assert!(matches!(err, ModelError::Attention(_)), "{err}");
    assert!(err.to_string().contains("not divisible"), "{err}");
}

// ---- 13.5 sampling and generation --------------------------------------------------------

#[test]
fn t13_5_greedy_picks_the_largest_logit() {
    let mut rng = seeded_rng(0);
    assert_eq!(
        sample_token(&[0.1, 2.0, -1.0, 1.5], Sampling::Greedy, &mut rng),
        Ok(1)
    );
    assert_eq!(
        sample_token(&[-3.0, -2.0, -5.0], Sampling::Greedy, &mut rng),
        Ok(1)
    );
    // Ties go to the first.
    assert_eq!(
        sample_token(&[1.0, 4.0, 4.0, 0.0], Sampling::Greedy, &mut rng),
        Ok(1)
    );
}

#[test]
fn t13_5_greedy_generation_is_deterministic() {
    // Greedy uses no randomness: any seed gives the same text, which is the argmax of the
    // LAST position's logits, step by step.
    let gpt = token_driven_gpt();
    let prompt = [4, 7];
    let a = gpt
        .generate(&prompt, 4, Sampling::Greedy, &mut seeded_rng(0))
        .unwrap();
    let b = gpt
        .generate(&prompt, 4, Sampling::Greedy, &mut seeded_rng(99))
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a.len(), 6);
    assert_eq!(&a[..2], &prompt);
    let mut tokens = prompt.to_vec();
    let mut first_position_differs = false;
    for _ in 0..4 {
        let logits = gpt.forward_ids(&tokens, 1, tokens.len()).unwrap();
        let best = argmax_at(&logits, tokens.len() - 1);
        first_position_differs |= argmax_at(&logits, 0) != best;
        tokens.push(best);
    }
    assert!(
        first_position_differs,
        "test setup: the positions should disagree: {tokens:?}"
    );
    assert_eq!(a, tokens);
    // Generation freezes the parameters only while it runs.
    assert!(gpt.parameters().iter().all(|p| p.get().requires_grad()));
}

#[test]
fn t13_5_generation_crops_the_context() {
    // max_seq_len = 6: from a prompt of 8 tokens, the model sees the last 6.
    let gpt = token_driven_gpt();
    let prompt = [1, 2, 3, 4, 5, 6, 7, 8];
    let out = gpt
        .generate(&prompt, 3, Sampling::Greedy, &mut seeded_rng(0))
        .unwrap();
    assert_eq!(out.len(), 11);
    let logits = gpt.forward_ids(&prompt[2..], 1, 6).unwrap();
    assert_eq!(out[8], argmax_at(&logits, 5));
}

#[test]
fn t13_5_temperature_sampling_follows_the_softmax() {
    // logits [0, ln 3]: softmax = [1/4, 3/4]. At temperature 2 the logits are halved:
    // weights [1, sqrt 3], P(1) = sqrt 3 / (1 + sqrt 3) = 0.6340. 4000 draws have a standard
    // error of about 0.007, so 0.03 is over 4 standard errors.
    let logits = [0.0, 3f32.ln()];
    let p1 = frequencies(&logits, Sampling::Temperature(1.0), 4000)[1];
    assert_approx_eq!(p1, 0.75, 0.03);
    let p2 = frequencies(&logits, Sampling::Temperature(2.0), 4000)[1];
    assert_approx_eq!(p2, 3f64.sqrt() / (1.0 + 3f64.sqrt()), 0.03);
}

#[test]
fn t13_5_sampling_is_reproducible_with_a_seed() {
    let gpt = small_gpt();
    let sampling = Sampling::Temperature(1.0);
    let a = gpt
        .generate(&[1], 12, sampling, &mut seeded_rng(7))
        .unwrap();
    let b = gpt
        .generate(&[1], 12, sampling, &mut seeded_rng(7))
        .unwrap();
    let c = gpt
        .generate(&[1], 12, sampling, &mut seeded_rng(8))
        .unwrap();
    assert_eq!(a, b);
    assert!(a != c, "another seed should draw other tokens: {a:?}");
    assert!(a.iter().all(|&id| id < 11));
}

#[test]
fn t13_5_top_k_only_samples_the_k_best() {
    // logits [5, 1, 4, 0, 3], k = 2: only ids 0 and 2 can be drawn, with probabilities
    // e^5 / (e^5 + e^4) = 0.7311 and 0.2689.
    let logits = [5.0, 1.0, 4.0, 0.0, 3.0];
    let sampling = Sampling::TopK {
        k: 2,
        temperature: 1.0,
    };
    let f = frequencies(&logits, sampling, 4000);
    assert_eq!(
        (f[1], f[3], f[4]),
        (0.0, 0.0, 0.0),
        "drew outside the top 2: {f:?}"
    );
    assert_approx_eq!(f[0], 1.0 / (1.0 + (-1f64).exp()), 0.03);
    // k = 1 is greedy; k larger than the vocabulary keeps every token.
    let one = Sampling::TopK {
        k: 1,
        temperature: 1.0,
    };
    assert_eq!(frequencies(&logits, one, 50)[0], 1.0);
    let all = Sampling::TopK {
        k: 99,
        temperature: 1.0,
    };
    assert!(frequencies(&logits, all, 4000).iter().all(|&p| p > 0.0));
}

#[test]
fn t13_5_a_tiny_temperature_is_greedy() {
    // logits [0, 2, 1] at temperature 1e-3 are [0, 2000, 1000]: softmax gives id 1 all but
    // e^-1000 of the mass, so every draw is 1. Exponentials of the scaled logits overflow
    // (e^2000 = inf in f32 and f64; so does e^(s + max)): subtract the max first.
    let logits = [0.0, 2.0, 1.0];
    let cold = Sampling::Temperature(1e-3);
    assert_eq!(frequencies(&logits, cold, 200), [0.0, 1.0, 0.0]);
    let cold_top2 = Sampling::TopK {
        k: 2,
        temperature: 1e-3,
    };
    assert_eq!(frequencies(&logits, cold_top2, 200), [0.0, 1.0, 0.0]);
}

#[test]
fn t13_5_a_zero_probability_token_is_never_drawn() {
    // logits [-inf, 0, 1]: softmax [0, 0.269, 0.731]. Id 0 has probability exactly 0 and is
    // never drawn, even when the uniform number is 0 (ConstRng(0)): the inverse CDF picks
    // the first id whose cumulative weight is ABOVE u, and id 0's cumulative weight is 0.
    let logits = [f32::NEG_INFINITY, 0.0, 1.0];
    for sampling in [
        Sampling::Temperature(1.0),
        Sampling::TopK {
            k: 3,
            temperature: 1.0,
        },
    ] {
        for bits in [0, u64::MAX] {
            let id = sample_token(&logits, sampling, &mut ConstRng(bits)).unwrap();
            assert!(
                id == 1 || id == 2,
                "{sampling:?}, bits {bits:#x}: drew {id}"
            );
        }
        assert_eq!(frequencies(&logits, sampling, 1000)[0], 0.0);
    }
}

#[test]
fn t13_5_sampling_survives_rounding_at_the_top_of_the_range() {
    // 16 ids with logit -38.12 and id 16 with logit 0: weights x = e^-38.12 = 2^-55 * 1.003
    // (relative to the max) and 1, total = 1 + 16x = 1 + 2^-51 in f64. The largest uniform
    // number, 1 - 2^-53 (ConstRng(u64::MAX)), gives u = (1 - 2^-53)(1 + 2^-51), which
    // rounds to 1 + 2^-52. Each x is below half an ulp of u (2^-53), so u - x rounds back
    // to u: after the 16 small weights u is still 1 + 2^-52, above the last weight 1, and
    // the walk over the cumulative weights ends without picking. The answer must still be
    // a token, not a panic (which one depends on the order the ids are walked in).
    let mut logits = vec![-38.12f32; 16];
    logits.push(0.0);
    for bits in [u64::MAX, 0] {
        let id = sample_token(&logits, Sampling::Temperature(1.0), &mut ConstRng(bits)).unwrap();
        assert!(id < 17, "bits {bits:#x}: drew {id} from a vocabulary of 17");
    }
}

#[test]
fn t13_5_invalid_sampling_is_an_error() {
    let gpt = small_gpt();
    let mut rng = seeded_rng(0);
    for temperature in [0.0, -1.0, f32::NAN, f32::INFINITY] {
        for sampling in [
            Sampling::Temperature(temperature),
            Sampling::TopK { k: 3, temperature },
        ] {
            let err = sample_token(&[1.0, 2.0], sampling, &mut rng).unwrap_err();
            assert!(
                matches!(err, ModelError::InvalidTemperature { .. }),
                "{err}"
            );
            // Checked before the first step, even when no token is asked for.
            assert!(gpt.generate(&[1], 0, sampling, &mut rng).is_err());
        }
    }
    let zero_k = Sampling::TopK {
        k: 0,
        temperature: 1.0,
    };
    assert_eq!(
        sample_token(&[1.0], zero_k, &mut rng),
        Err(ModelError::ZeroTopK)
    );
    assert_eq!(
        gpt.generate(&[1], 2, zero_k, &mut rng),
        Err(ModelError::ZeroTopK)
    );
    assert_eq!(
        gpt.generate(&[], 2, Sampling::Greedy, &mut rng),
        Err(ModelError::EmptyPrompt)
    );
    assert!(matches!(
        gpt.generate(&[11], 2, Sampling::Greedy, &mut rng),
        Err(ModelError::Embedding(_))
    ));
}

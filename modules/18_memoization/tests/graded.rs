//! Graded tests for module 18 (Memoization). Test `t18_k_*` grades task 18.k.
//!
//! The reference for every number is module 13's uncached `Gpt` (`forward_ids`,
//! `generate`) or module 12's attention with a causal mask: cached logits must agree
//! within 1e-5 and greedy tokens exactly. Costs are the multiply-adds the kernels count,
//! checked against the closed form and hand-computed values. No timing is asserted.

use ndarray::{Array2, Array3, Axis, s};
use tinytorch_attention::{causal_mask, merge_heads, scaled_dot_product_attention};
use tinytorch_memoization::{
    CacheError, CachedGpt, KvCache, LogitRows, MacCounter, attend_cached, forward_macs,
    generate_batch_cached, generate_batch_cached_with_stats, generate_cached,
    generate_cached_with_stats, generate_uncached, generate_uncached_with_stats,
};
use tinytorch_tensor::testing::assert_slice_close;
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_transformers::{Gpt, GptConfig, Sampling};

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_memoization::editions());
}

/// V 13, D 16, 2 layers, 4 heads of 4, room for 24 positions.
fn config() -> GptConfig {
    GptConfig {
        vocab_size: 13,
        d_model: 16,
        num_layers: 2,
        num_heads: 4,
        max_seq_len: 24,
        seed: 0,
    }
}

fn gpt() -> Gpt {
    Gpt::new(config()).unwrap()
}

/// Rows `rows` of sequence `b` of module 13's logits `[B, S, V]`, flattened.
fn reference_rows(
    gpt: &Gpt,
    ids: &[usize],
    batch: usize,
    b: usize,
    rows: std::ops::Range<usize>,
) -> Vec<f32> {
    let seq = ids.len() / batch;
    let logits = gpt.forward_ids(ids, batch, seq).unwrap();
    let data = logits.data();
    let sequence = data.index_axis(Axis(0), b);
    sequence.slice(s![rows, ..]).iter().copied().collect()
}

fn flat(a: &Array2<f32>) -> Vec<f32> {
    a.iter().copied().collect()
}

/// `[T, width]` with entry `[t, c] = start + 10 t + c / 10` (distinct, readable).
fn rows(t: usize, width: usize, start: f32) -> Array2<f32> {
    Array2::from_shape_fn((t, width), |(r, c)| {
        start + 10.0 * r as f32 + c as f32 / 10.0
    })
}

// ---------------------------------------------------------------- 18.1 the cache

#[test]
fn t18_1_memory_bytes_is_exact() {
    // K and V: 2 * L 2 * B 3 * H 4 * S 16 * hd 8 * 4 bytes = 24,576
    let cache = KvCache::new(2, 3, 4, 16, 8).unwrap();
    assert_eq!(cache.memory_bytes(), 24_576);
    // The cache of the test model, batch 1: 2 * 2 * 1 * 4 * 24 * 4 * 4 = 6,144
    let model = CachedGpt::new(&gpt());
    assert_eq!(model.new_cache(1).unwrap().memory_bytes(), 6_144);
    // What is allocated does not depend on what is stored.
    let mut cache = KvCache::new(1, 1, 1, 4, 2).unwrap();
    let k = rows(3, 2, 0.0);
    cache.append(0, 0, k.view(), k.view()).unwrap();
    assert_eq!(cache.memory_bytes(), 2 * 4 * 2 * 4);
}

#[test]
fn t18_1_append_splits_heads_into_the_buffer() {
    // 2 layers, 1 sequence, 2 heads of 4 features.
    let mut cache = KvCache::new(2, 1, 2, 8, 4).unwrap();
    let k = rows(3, 8, 0.0);
    let v = rows(3, 8, 100.0);
    cache.append(0, 0, k.view(), v.view()).unwrap();
    let (keys, values) = (cache.keys(0, 0), cache.values(0, 0));
    assert_eq!(keys.shape(), &[2, 3, 4]);
    for h in 0..2 {
        for t in 0..3 {
            for j in 0..4 {
                assert_eq!(keys[[h, t, j]], k[[t, h * 4 + j]], "keys[{h}, {t}, {j}]");
                assert_eq!(
                    values[[h, t, j]],
                    v[[t, h * 4 + j]],
                    "values[{h}, {t}, {j}]"
                );
            }
        }
    }
    // Layer 1 was not touched.
    assert_eq!(cache.keys(1, 0).shape(), &[2, 0, 4]);
}

#[test]
fn t18_1_append_writes_in_place_one_position_per_step() {
    let mut cache = KvCache::new(1, 1, 2, 8, 4).unwrap();
    let first = rows(2, 8, 0.0);
    cache.append(0, 0, first.view(), first.view()).unwrap();
    let (k_ptr, v_ptr) = (cache.keys(0, 0).as_ptr(), cache.values(0, 0).as_ptr());
    for step in 0..5 {
        let token = rows(1, 8, 50.0 + step as f32);
        cache.append(0, 0, token.view(), token.view()).unwrap();
        assert_eq!(cache.len(), 3 + step, "the length grows by one per token");
        // The storage never moves: no reallocation, no concatenation.
        assert_eq!(cache.keys(0, 0).as_ptr(), k_ptr);
        assert_eq!(cache.values(0, 0).as_ptr(), v_ptr);
        // The new row landed at position len - 1; the old rows are intact.
        let keys = cache.keys(0, 0);
        assert_eq!(keys[[1, 2 + step, 3]], token[[0, 7]]);
        assert_eq!(keys[[0, 1, 0]], first[[1, 0]]);
    }
}

#[test]
fn t18_1_sequences_keep_their_own_lengths() {
    // 1 layer, 2 sequences: sequence 0 holds 3 positions, sequence 1 holds 1.
    let mut cache = KvCache::new(1, 2, 1, 8, 2).unwrap();
    let a = rows(3, 2, 0.0);
    let b = rows(1, 2, 7.0);
    cache.append(0, 0, a.view(), a.view()).unwrap();
    cache.append(0, 1, b.view(), b.view()).unwrap();
    assert_eq!(cache.seq_lens(), vec![3, 1]);
    assert_eq!(cache.keys(0, 1).shape(), &[1, 1, 2]);
    assert_eq!(cache.values(0, 0).shape(), &[1, 3, 2]);
    assert_eq!(cache.keys(0, 1)[[0, 0, 1]], b[[0, 1]]);
    // Sequence 1's next token goes to ITS position 1, not to 3.
    let c = rows(1, 2, 9.0);
    cache.append(0, 1, c.view(), c.view()).unwrap();
    assert_eq!(cache.keys(0, 1)[[0, 1, 0]], c[[0, 0]]);
    assert_eq!(cache.seq_lens(), vec![3, 2]);
}

#[test]
fn t18_1_a_full_cache_is_an_error_and_stays_unchanged() {
    let mut cache = KvCache::new(1, 1, 1, 4, 2).unwrap();
    let three = rows(3, 2, 0.0);
    cache.append(0, 0, three.view(), three.view()).unwrap();
    let two = rows(2, 2, 30.0);
    assert_eq!(
        cache.append(0, 0, two.view(), two.view()),
        Err(CacheError::Full {
            capacity: 4,
            len: 3,
            adding: 2
        })
    );
    assert_eq!(cache.keys(0, 0).shape(), &[1, 3, 2]);
    // Exactly filling the last slot is fine.
    let one = rows(1, 2, 40.0);
    cache.append(0, 0, one.view(), one.view()).unwrap();
    assert_eq!(cache.len(), 4);
    let err = cache.append(0, 0, one.view(), one.view()).unwrap_err();
    assert_eq!(
        err,
        CacheError::Full {
            capacity: 4,
            len: 4,
            adding: 1
        }
    );
    assert!(err.to_string().contains("full"), "{err}");
}

#[test]
fn t18_1_reset_empties_and_reuses_the_buffers() {
    let mut cache = KvCache::new(2, 1, 2, 8, 2).unwrap();
    let old = rows(5, 4, 0.0);
    for layer in 0..2 {
        cache.append(layer, 0, old.view(), old.view()).unwrap();
    }
    let ptr = cache.keys(1, 0).as_ptr();
    cache.reset();
    assert!(cache.is_empty());
    assert_eq!(cache.keys(1, 0).shape(), &[2, 0, 2]);
    assert_eq!(cache.values(0, 0).shape(), &[2, 0, 2]);
    // The next append starts again at position 0, in the same memory.
    let new = rows(1, 4, 99.0);
    cache.append(1, 0, new.view(), new.view()).unwrap();
    assert_eq!(cache.keys(1, 0).as_ptr(), ptr);
    assert_eq!(cache.keys(1, 0).shape(), &[2, 1, 2]);
    assert_eq!(cache.keys(1, 0)[[1, 0, 1]], new[[0, 3]]);
}

// ---------------------------------------------------------------- 18.2 attention

#[test]
fn t18_2_hand_computed_attention_over_the_cache() {
    // One head of width 4 (scale 1/2). Key 0 scores ln 3, key 1 scores 0, so the weights
    // are softmax([ln 3, 0]) = [3/4, 1/4].
    let ln3 = 3f32.ln();
    let keys =
        Array3::from_shape_vec((1, 2, 4), vec![2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
    let values =
        Array3::from_shape_vec((1, 2, 4), vec![4.0, 0.0, 0.0, 0.0, 0.0, 8.0, 0.0, 0.0]).unwrap();
    let q = Array2::from_shape_vec((1, 4), vec![ln3, 0.0, 0.0, 0.0]).unwrap();
    let mut macs = MacCounter::new();
    let out = attend_cached(q.view(), keys.view(), values.view(), &mut macs);
    // 3/4 * [4, 0, 0, 0] + 1/4 * [0, 8, 0, 0]
    assert_slice_close(&flat(&out), &[3.0, 2.0, 0.0, 0.0], 1e-5);
    assert_eq!(macs.total(), 2 * 2 * 4);

    // Both positions new: query 0 (position 0) sees key 0 only, whatever it asks.
    let q2 = Array2::from_shape_vec((2, 4), vec![0.0, 5.0, 0.0, 0.0, ln3, 0.0, 0.0, 0.0]).unwrap();
    let out = attend_cached(q2.view(), keys.view(), values.view(), &mut macs);
    assert_slice_close(&flat(&out), &[4.0, 0.0, 0.0, 0.0, 3.0, 2.0, 0.0, 0.0], 1e-5);
}

#[test]
fn t18_2_large_scores_do_not_overflow() {
    // One head of width 1 (scale 1), scores 60 and 50: exp(60) is finite but exp(120) is
    // not (f32 overflows past e^88.7), so the maximum must be SUBTRACTED before exp.
    // Weights [1, e^-10] / (1 + e^-10): e^-10 = 4.539993e-5, so the second is 4.539787e-5;
    // output 1 * (1 - w) + 3 * w = 1 + 2w = 1.0000908.
    let keys = Array3::from_shape_vec((1, 2, 1), vec![60.0, 50.0]).unwrap();
    let values = Array3::from_shape_vec((1, 2, 1), vec![1.0, 3.0]).unwrap();
    let q = Array2::from_shape_vec((1, 1), vec![1.0]).unwrap();
    let mut macs = MacCounter::new();
    let out = attend_cached(q.view(), keys.view(), values.view(), &mut macs);
    assert_slice_close(&flat(&out), &[1.000_090_8], 1e-6);
}

/// The queries as rows `[n, D]`, the keys and values as a cache holds them
/// (`[heads, n, hd]`), and module 12's output as one flat vector.
type AttentionCase = (Array2<f32>, Array3<f32>, Array3<f32>, Vec<f32>);

/// Random (seeded) `[1, H, n, hd]` q, k, v and module 12's causal attention over them.
fn module12_attention(heads: usize, n: usize, hd: usize) -> AttentionCase {
    let q = Tensor::randn(&[1, heads, n, hd], &mut seeded_rng(1));
    let k = Tensor::randn(&[1, heads, n, hd], &mut seeded_rng(2));
    let v = Tensor::randn(&[1, heads, n, hd], &mut seeded_rng(3));
    let (out, _) = scaled_dot_product_attention(&q, &k, &v, Some(&causal_mask(n)));
    let q_rows = Array2::from_shape_vec((n, heads * hd), merge_heads(&q).to_vec()).unwrap();
    let merged = merge_heads(&out).to_vec(); // [1, n, D]
    (q_rows, as3(&k), as3(&v), merged)
}

fn as3(t: &Tensor) -> Array3<f32> {
    let s = t.shape();
    Array3::from_shape_vec((s[1], s[2], s[3]), t.to_vec()).unwrap()
}

#[test]
fn t18_2_matches_module_12_causal_attention() {
    let (heads, n, hd) = (3, 7, 4);
    let (q_rows, k, v, expected) = module12_attention(heads, n, hd);
    let mut macs = MacCounter::new();
    // All n positions new (a prefill).
    let out = attend_cached(q_rows.view(), k.view(), v.view(), &mut macs);
    assert_slice_close(&flat(&out), &expected, 1e-5);
    // Only the last 3 positions new (after 4 cached): the last 3 rows.
    let last = q_rows.slice(s![4.., ..]);
    let out = attend_cached(last, k.view(), v.view(), &mut macs);
    assert_slice_close(&flat(&out), &expected[4 * heads * hd..], 1e-5);
}

#[test]
fn t18_2_a_long_prompt_matches_module_12_causal_attention() {
    // 70 positions: a prompt far longer than the one above, so a solution that treats the
    // query rows in blocks must place every block at its own position. Each row i of the
    // output is softmax(q_i . k_j / sqrt(hd), j <= i) times v, as module 12 computes it.
    let (heads, n, hd) = (2, 70, 4);
    let (q_rows, k, v, expected) = module12_attention(heads, n, hd);
    let mut macs = MacCounter::new();
    // All 70 positions new (a prefill).
    let out = attend_cached(q_rows.view(), k.view(), v.view(), &mut macs);
    assert_slice_close(&flat(&out), &expected, 1e-5);
    // 30 cached, the last 40 new: the last 40 rows.
    let out = attend_cached(q_rows.slice(s![30.., ..]), k.view(), v.view(), &mut macs);
    assert_slice_close(&flat(&out), &expected[30 * heads * hd..], 1e-5);
}

#[test]
fn t18_2_counts_the_keys_each_query_sees() {
    let (heads, n, hd) = (2, 7, 4);
    let (q_rows, k, v, _) = module12_attention(heads, n, hd);
    let mut macs = MacCounter::new();
    attend_cached(q_rows.slice(s![4.., ..]), k.view(), v.view(), &mut macs);
    // Positions 4, 5, 6 see 5, 6, 7 keys: 2 * D 8 * 18 = 288.
    assert_eq!(macs.total(), 288);
    let mut macs = MacCounter::new();
    attend_cached(q_rows.slice(s![6.., ..]), k.view(), v.view(), &mut macs);
    // One decode query at position 6: 2 * 8 * 7.
    assert_eq!(macs.total(), 112);
}

// ---------------------------------------------------------------- 18.3 forward step

#[test]
fn t18_3_prefill_matches_the_uncached_model() {
    let gpt = gpt();
    let model = CachedGpt::new(&gpt);
    let ids = [1, 5, 2, 9, 12, 0, 3, 3, 7, 11];
    let mut cache = model.new_cache(2).unwrap();
    let logits = model.prefill(&mut cache, &ids, 2, 5).unwrap();
    assert_eq!(logits.shape(), &[2, 5, 13]);
    let expected: Vec<f32> = gpt.forward_ids(&ids, 2, 5).unwrap().to_vec();
    assert_slice_close(&logits.iter().copied().collect::<Vec<_>>(), &expected, 1e-5);
    assert_eq!(cache.seq_lens(), vec![5, 5]);
}

#[test]
fn t18_3_decode_steps_continue_at_the_right_position() {
    let gpt = gpt();
    let model = CachedGpt::new(&gpt);
    let ids = [4, 8, 1, 10, 2, 6, 6, 0];
    let mut cache = model.new_cache(1).unwrap();
    model.prefill(&mut cache, &ids[..3], 1, 3).unwrap();
    for (p, &id) in ids.iter().enumerate().skip(3) {
        let logits = model.decode_step(&mut cache, &[id]).unwrap();
        assert_eq!(cache.len(), p + 1);
        // The token at position p sees positions 0..=p: module 13's row p.
        let expected = reference_rows(&gpt, &ids[..=p], 1, 0, p..p + 1);
        assert_slice_close(&flat(&logits), &expected, 1e-5);
    }
}

#[test]
fn t18_3_chunked_prefill_equals_one_pass() {
    let gpt = gpt();
    let model = CachedGpt::new(&gpt);
    let ids = [3, 1, 4, 1, 5, 9, 2];
    let mut cache = model.new_cache(1).unwrap();
    model.prefill(&mut cache, &ids[..4], 1, 4).unwrap();
    let rest = model.prefill(&mut cache, &ids[4..], 1, 3).unwrap();
    let expected = reference_rows(&gpt, &ids, 1, 0, 4..7);
    assert_slice_close(&rest.iter().copied().collect::<Vec<_>>(), &expected, 1e-5);
}

#[test]
fn t18_3_ragged_step_attends_per_sequence() {
    // Two sequences of different lengths in ONE packed step, then a decode step for both.
    let gpt = gpt();
    let model = CachedGpt::new(&gpt);
    let (a, b) = ([2, 7, 7, 1, 0], [11, 5]);
    let mut cache = model.new_cache(2).unwrap();
    let mut macs = MacCounter::new();
    let logits = model
        .forward_step(&mut cache, &[&a[..4], &b[..1]], LogitRows::Last, &mut macs)
        .unwrap();
    assert_eq!(logits.shape(), &[2, 13]);
    assert_slice_close(
        &flat(&logits.slice(s![0..1, ..]).to_owned()),
        &reference_rows(&gpt, &a[..4], 1, 0, 3..4),
        1e-5,
    );
    assert_slice_close(
        &flat(&logits.slice(s![1..2, ..]).to_owned()),
        &reference_rows(&gpt, &b[..1], 1, 0, 0..1),
        1e-5,
    );
    let logits = model.decode_step(&mut cache, &[a[4], b[1]]).unwrap();
    assert_eq!(cache.seq_lens(), vec![5, 2]);
    assert_slice_close(
        &flat(&logits.slice(s![0..1, ..]).to_owned()),
        &reference_rows(&gpt, &a, 1, 0, 4..5),
        1e-5,
    );
    assert_slice_close(
        &flat(&logits.slice(s![1..2, ..]).to_owned()),
        &reference_rows(&gpt, &b, 1, 0, 1..2),
        1e-5,
    );
}

#[test]
fn t18_3_forward_macs_closed_form() {
    let c = config(); // D 16, V 13, L 2
    // Prefill of 5 tokens with all 5 rows of logits:
    // 2 * (12 * 256 * 5 + 2 * 16 * (1 + 2 + 3 + 4 + 5)) + 16 * 13 * 5 = 31,680 + 1,040
    assert_eq!(forward_macs(&c, 0, 5, 5), 32_720);
    // Decode at position 9 (9 cached): 2 * (12 * 256 + 2 * 16 * 10) + 16 * 13 = 6,992
    assert_eq!(forward_macs(&c, 9, 1, 1), 6_992);
    // Two new tokens after 3 cached see 4 and 5 keys: 2 * (12 * 256 * 2 + 2 * 16 * 9) + 208
    assert_eq!(forward_macs(&c, 3, 2, 1), 13_072);
}

#[test]
fn t18_3_counted_macs_equal_the_formula() {
    let gpt = gpt();
    let model = CachedGpt::new(&gpt);
    let c = config();
    let mut cache = model.new_cache(2).unwrap();
    let mut macs = MacCounter::new();
    model
        .forward_step(
            &mut cache,
            &[&[1, 2, 3, 4, 5], &[6, 7]],
            LogitRows::All,
            &mut macs,
        )
        .unwrap();
    assert_eq!(
        macs.take(),
        forward_macs(&c, 0, 5, 5) + forward_macs(&c, 0, 2, 2)
    );
    // A decode step: one token each at positions 5 and 2, and nothing recomputed.
    model
        .forward_step(&mut cache, &[&[8], &[9]], LogitRows::Last, &mut macs)
        .unwrap();
    assert_eq!(
        macs.take(),
        forward_macs(&c, 5, 1, 1) + forward_macs(&c, 2, 1, 1)
    );
    // A finished sequence (empty chunk) costs nothing.
    model
        .forward_step(&mut cache, &[&[10], &[]], LogitRows::Last, &mut macs)
        .unwrap();
    assert_eq!(macs.take(), forward_macs(&c, 6, 1, 1));
    assert_eq!(cache.seq_lens(), vec![7, 3]);
}

#[test]
fn t18_3_a_full_cache_refuses_the_step_and_keeps_its_state() {
    let gpt = gpt();
    let model = CachedGpt::new(&gpt);
    let mut cache = model.new_cache(1).unwrap();
    let ids: Vec<usize> = (0..24).map(|i| i % 13).collect();
    model.prefill(&mut cache, &ids, 1, 24).unwrap();
    assert_eq!(
        model.decode_step(&mut cache, &[1]).unwrap_err(),
        CacheError::Full {
            capacity: 24,
            len: 24,
            adding: 1
        }
    );
    assert_eq!(cache.len(), 24);
}

// ---------------------------------------------------------------- 18.4 generation

#[test]
fn t18_4_greedy_cached_equals_module_13_generate() {
    let gpt = gpt();
    let prompt = [1, 2, 3];
    let expected = gpt
        .generate(&prompt, 15, Sampling::Greedy, &mut seeded_rng(0))
        .unwrap();
    let cached = generate_cached(&gpt, &prompt, 15, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
    let uncached =
        generate_uncached(&gpt, &prompt, 15, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
    assert_eq!(cached, expected);
    assert_eq!(uncached, expected);
    assert_eq!(cached.len(), 18);
}

#[test]
fn t18_4_sampling_with_the_same_seed_gives_the_same_tokens() {
    let gpt = gpt();
    let prompt = [7, 0];
    for sampling in [
        Sampling::Temperature(1.3),
        Sampling::TopK {
            k: 4,
            temperature: 0.8,
        },
    ] {
        let expected = gpt
            .generate(&prompt, 12, sampling, &mut seeded_rng(5))
            .unwrap();
        let cached = generate_cached(&gpt, &prompt, 12, sampling, &mut seeded_rng(5)).unwrap();
        let uncached = generate_uncached(&gpt, &prompt, 12, sampling, &mut seeded_rng(5)).unwrap();
        assert_eq!(cached, expected, "{sampling:?}");
        assert_eq!(uncached, expected, "{sampling:?}");
    }
}

#[test]
fn t18_4_uncached_slides_its_window_cached_reports_full() {
    let gpt = gpt(); // max_seq_len 24
    let prompt: Vec<usize> = (0..20).map(|i| (3 * i) % 13).collect();
    let expected = gpt
        .generate(&prompt, 10, Sampling::Greedy, &mut seeded_rng(0))
        .unwrap();
    let uncached =
        generate_uncached(&gpt, &prompt, 10, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
    assert_eq!(uncached, expected);
    // 20 + 10 - 1 = 29 positions do not fit in 24.
    assert_eq!(
        generate_cached(&gpt, &prompt, 10, Sampling::Greedy, &mut seeded_rng(0)),
        Err(CacheError::Full {
            capacity: 24,
            len: 0,
            adding: 29
        })
    );
    // 20 + 5 - 1 = 24 fit exactly, and agree.
    let cached = generate_cached(&gpt, &prompt, 5, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
    assert_eq!(cached[..], expected[..25]);
}

#[test]
fn t18_4_cached_cost_grows_linearly_uncached_quadratically() {
    let gpt = gpt();
    let c = config();
    let prompt = [5, 6, 7, 8];
    let (p, new) = (prompt.len(), 8);
    let (_, cached) =
        generate_cached_with_stats(&gpt, &prompt, new, Sampling::Greedy, &mut seeded_rng(0))
            .unwrap();
    let (_, uncached) =
        generate_uncached_with_stats(&gpt, &prompt, new, Sampling::Greedy, &mut seeded_rng(0))
            .unwrap();
    // Cached: one prefill of the prompt, then one token at position p + i - 1 per step.
    let mut expected = vec![forward_macs(&c, 0, p, 1)];
    expected.extend((1..new).map(|i| forward_macs(&c, p + i - 1, 1, 1)));
    assert_eq!(cached.macs_per_step, expected);
    // Uncached: the whole context p + i every step.
    let expected: Vec<u64> = (0..new).map(|i| forward_macs(&c, 0, p + i, 1)).collect();
    assert_eq!(uncached.macs_per_step, expected);
    assert_eq!(cached.tokens_per_step, vec![1; new]);
    assert_eq!(cached.total_tokens(), new);
    // 2 * L 2 * B 1 * H 4 * S 24 * hd 4 * 4 bytes
    assert_eq!(cached.cache_bytes, 6_144);
    assert!(uncached.total_macs() > 4 * cached.total_macs());
}

#[test]
fn t18_4_uncached_generation_reports_its_scratch_cache() {
    // The baseline still runs every pass through a cache, a scratch one of batch 1: its
    // bytes are reported like the cached run's, 2 * L 2 * B 1 * H 4 * S 24 * hd 4 * 4 = 6,144.
    let (_, uncached) =
        generate_uncached_with_stats(&gpt(), &[5, 6, 7], 2, Sampling::Greedy, &mut seeded_rng(0))
            .unwrap();
    assert_eq!(uncached.cache_bytes, 6_144);
    assert_eq!(uncached.tokens_per_step, vec![1, 1]);
}

// ---------------------------------------------------------------- 18.5 batching

fn ragged_prompts() -> Vec<Vec<usize>> {
    vec![
        vec![1, 2, 3, 4, 5],
        vec![9, 8],
        vec![0, 12, 4, 4, 7, 2, 11, 6],
        vec![3],
    ]
}

#[test]
fn t18_5_ragged_batch_matches_each_sequence_alone() {
    let gpt = gpt();
    let prompts = ragged_prompts();
    let batch = generate_batch_cached(
        &gpt,
        &prompts,
        10,
        Sampling::Greedy,
        &mut seeded_rng(0),
        None,
    )
    .unwrap();
    assert_eq!(batch.len(), prompts.len());
    for (b, prompt) in prompts.iter().enumerate() {
        let alone = gpt
            .generate(prompt, 10, Sampling::Greedy, &mut seeded_rng(0))
            .unwrap();
        assert_eq!(batch[b], alone, "sequence {b} (prompt of {})", prompt.len());
    }
}

#[test]
fn t18_5_eos_stops_a_sequence_early() {
    let gpt = gpt();
    let prompts = ragged_prompts();
    let alone: Vec<Vec<usize>> = prompts
        .iter()
        .map(|p| {
            gpt.generate(p, 10, Sampling::Greedy, &mut seeded_rng(0))
                .unwrap()
        })
        .collect();
    // The 3rd new token of sequence 1 is the end-of-sequence token.
    let eos = alone[1][prompts[1].len() + 2];
    let (batch, stats) = generate_batch_cached_with_stats(
        &gpt,
        &prompts,
        10,
        Sampling::Greedy,
        &mut seeded_rng(0),
        Some(eos),
    )
    .unwrap();
    // Every sequence is its solo run cut right after its first generated eos.
    let mut ends = Vec::new();
    for (b, prompt) in prompts.iter().enumerate() {
        let new = &alone[b][prompt.len()..];
        let stop = new
            .iter()
            .position(|&t| t == eos)
            .map_or(new.len(), |i| i + 1);
        assert_eq!(batch[b], alone[b][..prompt.len() + stop], "sequence {b}");
        ends.push(stop);
    }
    assert!(ends[1] <= 3);
    let running: Vec<usize> = (0..stats.tokens_per_step.len())
        .map(|step| ends.iter().filter(|&&e| e > step).count())
        .collect();
    assert_eq!(stats.tokens_per_step, running);
}

#[test]
fn t18_5_each_step_costs_only_the_tokens_it_feeds() {
    let gpt = gpt();
    let c = config();
    let prompts = ragged_prompts();
    let (_, stats) = generate_batch_cached_with_stats(
        &gpt,
        &prompts,
        6,
        Sampling::Greedy,
        &mut seeded_rng(0),
        None,
    )
    .unwrap();
    // Step 0: one packed prefill of every prompt (no padding), one row of logits each.
    let prefill: u64 = prompts
        .iter()
        .map(|p| forward_macs(&c, 0, p.len(), 1))
        .sum();
    assert_eq!(stats.macs_per_step[0], prefill);
    // Step i: one token per sequence, each at its own position.
    for i in 1..6 {
        let step: u64 = prompts
            .iter()
            .map(|p| forward_macs(&c, p.len() + i - 1, 1, 1))
            .sum();
        assert_eq!(stats.macs_per_step[i], step, "step {i}");
    }
    assert_eq!(stats.tokens_per_step, vec![4; 6]);
    // 2 * L 2 * B 4 * H 4 * S 24 * hd 4 * 4 bytes
    assert_eq!(stats.cache_bytes, 24_576);
}

//! Course infrastructure tests (not graded): the shared code of module 18, i.e. argument
//! checks, errors and their messages, the counter and the stats. Checks that run before
//! any exercise code are tested here, since they pass on the stubs too.

use ndarray::Array2;
use tinytorch_memoization::{
    BENCH_GPT, CacheError, CachedGpt, GenerationStats, KvCache, LogitRows, MacCounter,
    generate_batch_cached, generate_cached, generate_uncached,
};
use tinytorch_tensor::seeded_rng;
use tinytorch_transformers::{Gpt, GptConfig, ModelError, Sampling};

fn gpt() -> Gpt {
    Gpt::new(GptConfig {
        vocab_size: 13,
        d_model: 16,
        num_layers: 2,
        num_heads: 4,
        max_seq_len: 24,
        seed: 0,
    })
    .unwrap()
}

#[test]
fn new_refuses_zero_sizes() {
    assert_eq!(
        KvCache::new(2, 1, 0, 8, 4).unwrap_err(),
        CacheError::ZeroSize { field: "heads" }
    );
    let err = KvCache::new(2, 1, 2, 0, 4).unwrap_err();
    assert!(err.to_string().contains("max_seq is 0"), "{err}");
    let cache = KvCache::new(3, 2, 4, 16, 8).unwrap();
    assert_eq!(
        (
            cache.num_layers(),
            cache.batch(),
            cache.num_heads(),
            cache.capacity(),
            cache.head_dim()
        ),
        (3, 2, 4, 16, 8)
    );
    assert!(cache.is_empty());
    assert_eq!(cache.used_bytes(), 0);
}

#[test]
fn append_checks_its_arguments_first() {
    let mut cache = KvCache::new(2, 1, 2, 8, 4).unwrap();
    let good = Array2::<f32>::zeros((1, 8));
    let bad = Array2::<f32>::zeros((1, 6));
    assert_eq!(
        cache.append(2, 0, good.view(), good.view()),
        Err(CacheError::LayerOutOfRange {
            layer: 2,
            layers: 2
        })
    );
    assert_eq!(
        cache.append(0, 1, good.view(), good.view()),
        Err(CacheError::SequenceOutOfRange { seq: 1, batch: 1 })
    );
    let err = cache.append(0, 0, good.view(), bad.view()).unwrap_err();
    assert_eq!(
        err,
        CacheError::ShapeMismatch {
            expected: vec![1, 8],
            keys: vec![1, 8],
            values: vec![1, 6]
        }
    );
    assert!(err.to_string().contains("[1, 6]"), "{err}");
}

#[test]
fn forward_steps_are_checked_before_any_work() {
    let model = CachedGpt::new(&gpt());
    let mut cache = model.new_cache(2).unwrap();
    assert_eq!(
        model.decode_step(&mut cache, &[1]).unwrap_err(),
        CacheError::BatchMismatch {
            expected: 2,
            got: 1
        }
    );
    assert_eq!(
        model.decode_step(&mut cache, &[1, 13]).unwrap_err(),
        CacheError::TokenOutOfRange {
            id: 13,
            vocab_size: 13
        }
    );
    assert_eq!(
        model.prefill(&mut cache, &[1, 2, 3], 2, 2).unwrap_err(),
        CacheError::IdsShape {
            len: 3,
            batch: 2,
            seq: 2
        }
    );
    assert_eq!(
        model.prefill(&mut cache, &[], 2, 0).unwrap_err(),
        CacheError::EmptyInput { batch: 2, seq: 0 }
    );
    // A cache for another model.
    let mut wrong = KvCache::new(2, 2, 2, 24, 8).unwrap();
    let err = model
        .forward_step(
            &mut wrong,
            &[&[1], &[2]],
            LogitRows::All,
            &mut MacCounter::new(),
        )
        .unwrap_err();
    assert_eq!(
        err,
        CacheError::Incompatible {
            what: "heads",
            cache: 2,
            model: 4
        }
    );
    let mut too_long = KvCache::new(2, 1, 4, 25, 4).unwrap();
    assert_eq!(
        model.decode_step(&mut too_long, &[1]).unwrap_err(),
        CacheError::Incompatible {
            what: "capacity",
            cache: 25,
            model: 24
        }
    );
    assert!(cache.is_empty());
}

#[test]
fn generation_arguments_are_checked() {
    let gpt = gpt();
    let rng = &mut seeded_rng(0);
    assert_eq!(
        generate_cached(&gpt, &[], 3, Sampling::Greedy, rng),
        Err(CacheError::EmptyPrompt { sequence: 0 })
    );
    assert_eq!(
        generate_uncached(&gpt, &[1, 99], 3, Sampling::Greedy, rng),
        Err(CacheError::TokenOutOfRange {
            id: 99,
            vocab_size: 13
        })
    );
    assert_eq!(
        generate_cached(&gpt, &[1], 3, Sampling::Temperature(0.0), rng),
        Err(CacheError::Model(ModelError::InvalidTemperature {
            temperature: 0.0
        }))
    );
    assert_eq!(
        generate_batch_cached(&gpt, &[], 3, Sampling::Greedy, rng, None),
        Err(CacheError::EmptyBatch)
    );
    assert_eq!(
        generate_batch_cached(&gpt, &[vec![1], vec![]], 3, Sampling::Greedy, rng, None),
        Err(CacheError::EmptyPrompt { sequence: 1 })
    );
    let err = generate_cached(&gpt, &[1; 20], 10, Sampling::Greedy, rng).unwrap_err();
    assert!(err.to_string().contains("generate_uncached"), "{err}");
}

#[test]
fn counter_and_stats_add_up() {
    let mut macs = MacCounter::new();
    macs.add(5);
    macs.add(7);
    assert_eq!(macs.take(), 12);
    assert_eq!(macs.total(), 0);
    let mut stats = GenerationStats::default();
    stats.record(100, 4);
    stats.record(10, 3);
    assert_eq!(stats.total_macs(), 110);
    assert_eq!(stats.total_tokens(), 7);
}

#[test]
fn every_error_message_says_what_to_do() {
    let errors = [
        CacheError::Full {
            capacity: 8,
            len: 6,
            adding: 4,
        },
        CacheError::BatchMismatch {
            expected: 2,
            got: 3,
        },
        CacheError::TokenOutOfRange {
            id: 20,
            vocab_size: 13,
        },
        CacheError::Incompatible {
            what: "layers",
            cache: 2,
            model: 4,
        },
    ];
    let hints = [
        "at most 2 new positions",
        "build a cache for batch 3",
        "tokenizer",
        "new_cache",
    ];
    for (err, hint) in errors.iter().zip(hints) {
        assert!(err.to_string().contains(hint), "{err}");
    }
}

/// The benchmark's model (V 128, D 128, 4 layers, 4 heads, context 256): the cached path
/// agrees with module 13 at this size too.
#[test]
fn bench_model_agrees_with_module_13() {
    let gpt = Gpt::new(BENCH_GPT).unwrap();
    let prompt: Vec<usize> = (0..10).map(|i| (7 * i + 1) % 128).collect();
    let expected = gpt
        .generate(&prompt, 20, Sampling::Greedy, &mut seeded_rng(0))
        .unwrap();
    let cached = generate_cached(&gpt, &prompt, 20, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
    let uncached =
        generate_uncached(&gpt, &prompt, 20, Sampling::Greedy, &mut seeded_rng(0)).unwrap();
    assert_eq!(cached, expected);
    assert_eq!(uncached, expected);
    // Logits of a prefill then decode steps, against the full forward pass.
    let model = CachedGpt::new(&gpt);
    let mut cache = model.new_cache(1).unwrap();
    model.prefill(&mut cache, &expected[..10], 1, 10).unwrap();
    let full = gpt
        .forward_ids(&expected, 1, expected.len())
        .unwrap()
        .to_vec();
    for (p, &id) in expected.iter().enumerate().skip(10) {
        let logits = model.decode_step(&mut cache, &[id]).unwrap();
        let row = &full[p * 128..(p + 1) * 128];
        let worst = logits
            .iter()
            .zip(row)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(worst < 1e-5, "position {p}: logits differ by {worst}");
    }
}

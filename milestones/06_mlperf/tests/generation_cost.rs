//! The KV cache's claim, checked without timing: the multiply-adds each generation step
//! executes (counted by module 18's kernels as they run) for the milestone GPT's shape,
//! cached against uncached, snapshot-tested. Random weights: the count depends only on the
//! shapes and the number of tokens.

use tinytorch_memoization::{generate_cached_with_stats, generate_uncached_with_stats};
use tinytorch_mlperf::tinytalk_config;
use tinytorch_tensor::seeded_rng;
use tinytorch_transformers::{Gpt, Sampling};

#[test]
fn macs_per_generated_token_cached_against_uncached() {
    let gpt = Gpt::new(tinytalk_config(57, 0)).unwrap();
    let prompt = [5, 9, 13, 2];
    let new_tokens = 100;
    let greedy = Sampling::Greedy;
    let (cached, c) =
        generate_cached_with_stats(&gpt, &prompt, new_tokens, greedy, &mut seeded_rng(0)).unwrap();
    let (uncached, u) =
        generate_uncached_with_stats(&gpt, &prompt, new_tokens, greedy, &mut seeded_rng(0))
            .unwrap();
    assert_eq!(
        cached, uncached,
        "the cache must not change the greedy tokens"
    );
    let rows: Vec<String> = (0..new_tokens)
        .step_by(10)
        .map(|i| {
            format!(
                "step {i:>3}: uncached {:>10} cached {:>8}",
                u.macs_per_step[i], c.macs_per_step[i]
            )
        })
        .collect();
    let ratio = u.total_macs() as f64 / c.total_macs() as f64;
    insta::assert_snapshot!(format!(
        "{}\ntotal: uncached {} cached {} ratio {ratio:.2}x\ncache bytes {}",
        rows.join("\n"),
        u.total_macs(),
        c.total_macs(),
        c.cache_bytes
    ));
    assert!(
        ratio >= 10.0,
        "the cache must save >= 10x of the multiply-adds, got {ratio:.2}x"
    );
    // Cached decode steps cost nearly the same at every position (linear attention term only).
    let decode = &c.macs_per_step[1..];
    assert!(decode.last().unwrap() < &(2 * decode[0]));
}

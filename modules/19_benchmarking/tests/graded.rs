//! Graded tests for module 19 (Benchmarking). Test `t19_k_*` grades task 19.k.
//!
//! No test reads the real clock: each runs a `ScriptedSystem` that advances a
//! `ManualClock` by a scripted service time, so every statistic has a hand-computed answer
//! (the arithmetic is in the comments). Poisson arrivals are checked statistically over
//! many draws and exactly through a snapshot of a seeded sequence.

use assert_approx_eq::assert_approx_eq;
use std::time::Duration;
use tinytorch_benchmarking::{
    BenchConfig, BenchError, Harness, ManualClock, QuerySampleLibrary, QueryTiming, ScriptedSystem,
    ServerConfig, ServiceTime, Side, SystemUnderTest, TailCheck, bootstrap_ratio_ci, judge,
    latency_at, poisson_arrivals, query_order, simulate_queue,
};
use tinytorch_tensor::seeded_rng;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A config that stops after `min_queries` (no minimum duration).
fn config(warmup: usize, min_queries: usize) -> BenchConfig {
    BenchConfig {
        warmup,
        min_queries,
        min_duration: Duration::ZERO,
        max_queries: 10_000,
        ..BenchConfig::default()
    }
}

/// A library of `n` samples whose right answer for sample `id` is `id`.
fn identity_labels(n: usize) -> QuerySampleLibrary<usize> {
    QuerySampleLibrary::with_labels("ids", (0..n).collect()).expect("non-empty")
}

/// A fake system on `clock` answering every sample right.
fn fake(clock: &ManualClock, service: ServiceTime, n: usize) -> ScriptedSystem {
    ScriptedSystem::new("fake", clock.clone(), service, (0..n).collect())
}

/// `per_query + per_sample * batch` on every call.
fn linear(per_query: Duration, per_sample: Duration) -> ServiceTime {
    ServiceTime::Linear {
        per_query,
        per_sample,
    }
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_benchmarking::editions());
}

// ----- 19.1 tail latency and the validity gate --------------------------------------------

#[test]
fn t19_1_latency_at_takes_the_sample_at_floor_p_n() {
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    // index floor(p * 10 / 100)
    assert_eq!(latency_at(&ten, 0.0), 1.0);
    assert_eq!(latency_at(&ten, 50.0), 6.0); // index 5
    assert_eq!(latency_at(&ten, 89.0), 9.0); // floor(8.9) = 8
    assert_eq!(latency_at(&ten, 90.0), 10.0); // index 9
    assert_eq!(latency_at(&ten, 99.0), 10.0); // floor(9.9) = 9
    assert_eq!(latency_at(&ten, 100.0), 10.0); // index 10, clamped to the last
    let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
    assert_eq!(latency_at(&hundred, 99.0), 100.0); // index 99: p99 of 100 is the maximum
    assert_eq!(latency_at(&hundred, 29.0), 30.0); // 0.29 * 100 = 28.999... would give 29
    let two_hundred: Vec<f64> = (1..=200).map(f64::from).collect();
    assert_eq!(latency_at(&two_hundred, 99.0), 199.0); // index 198
}

#[test]
fn t19_1_latency_at_is_a_measured_sample_not_an_interpolation() {
    // Interpolation would say 50.5 and 750.25: latencies no query had.
    assert_eq!(latency_at(&[1.0, 100.0], 50.0), 100.0);
    assert_eq!(latency_at(&[1.0, 2.0, 3.0, 1000.0], 75.0), 1000.0); // index 3
    assert_eq!(latency_at(&[7.0], 99.0), 7.0);
}

#[test]
fn t19_1_judge_gates_on_accuracy_at_or_above_the_target() {
    let low = judge(0.89, 0.9, None, true);
    assert!(!low.accuracy_met && !low.valid);
    assert_eq!(low.latency_met, None);
    assert_eq!(low.reasons.len(), 1);
    assert!(
        low.reasons[0].contains("accuracy 0.8900 is below the target 0.9000"),
        "{:?}",
        low.reasons
    );
    // Exactly the target passes: 9 of 10 correct against 0.9.
    let exact = judge(9.0 / 10.0, 0.9, None, true);
    assert!(exact.accuracy_met && exact.minimums_met && exact.valid);
    assert!(exact.reasons.is_empty());
}

#[test]
fn t19_1_judge_gates_on_the_latency_bound() {
    let at_bound = TailCheck {
        percentile: 99.0,
        latency_ms: 10.0,
        bound_ms: 10.0,
    };
    let met = judge(1.0, 0.5, Some(&at_bound), true);
    assert_eq!(met.latency_met, Some(true));
    assert!(met.valid && met.reasons.is_empty());
    let over = TailCheck {
        latency_ms: 10.5,
        ..at_bound
    };
    let missed = judge(1.0, 0.5, Some(&over), true);
    assert_eq!(missed.latency_met, Some(false));
    assert!(missed.accuracy_met && !missed.valid);
    assert_eq!(missed.reasons.len(), 1);
    assert!(
        missed.reasons[0].contains("p99 latency 10.500 ms exceeds the bound 10.000 ms"),
        "{:?}",
        missed.reasons
    );
    // Both wrong: two reasons.
    assert_eq!(judge(0.1, 0.5, Some(&over), true).reasons.len(), 2);
}

#[test]
fn t19_1_judge_needs_the_minimums() {
    let short = judge(1.0, 0.5, None, false);
    assert!(short.accuracy_met && !short.minimums_met && !short.valid);
    assert_eq!(short.reasons.len(), 1);
    assert!(
        short.reasons[0].contains("max_queries"),
        "{:?}",
        short.reasons
    );
}

// ----- 19.2 SingleStream and Offline ------------------------------------------------------

#[test]
fn t19_2_single_stream_records_after_the_warm_up() {
    // Three slow warm-up calls (50 ms), then calls taking 1, 2, ..., 10 ms.
    let clock = ManualClock::new();
    let mut script = vec![ms(50); 3];
    script.extend((1..=10).map(ms));
    let mut sut = fake(&clock, ServiceTime::Script(script), 8);
    let harness = Harness::with_clock(config(3, 10), clock).expect("valid config");
    let report = harness
        .run_single_stream(&mut sut, &identity_labels(8))
        .expect("runs");
    assert_eq!(
        (report.queries, report.samples, report.warmup_queries),
        (10, 10, 3)
    );
    // 1..=10 ms: mean 5.5, median 5.5, p90 at rank 8.1 -> 9.1, p99 at 8.91 -> 9.91.
    let l = &report.latency_ms;
    assert_eq!((l.min, l.max, l.samples), (1.0, 10.0, 10));
    assert_approx_eq!(l.mean, 5.5, 1e-12);
    assert_approx_eq!(l.median, 5.5, 1e-12);
    assert_approx_eq!(l.p90, 9.1, 1e-9);
    assert_approx_eq!(l.p99, 9.91, 1e-9);
    // 55 ms measured for 10 samples.
    assert_approx_eq!(report.duration_s, 0.055, 1e-12);
    assert_approx_eq!(report.throughput, 10.0 / 0.055, 1e-6);
    assert_eq!((report.accuracy, report.accuracy_checked), (1.0, 10));
    assert!(report.verdict.valid, "{:?}", report.verdict);
    // One sample per query, in the seeded order, cycling over the 8 samples.
    let order = query_order(8, BenchConfig::default().seed);
    let issued: Vec<Vec<usize>> = sut.calls().iter().map(|c| c.ids.clone()).collect();
    let expected: Vec<Vec<usize>> = order.iter().cycle().take(13).map(|&i| vec![i]).collect();
    assert_eq!(issued, expected);
}

#[test]
fn t19_2_single_stream_runs_until_both_minimums_are_met() {
    // 2 ms per query: 5 queries would do, but 100 ms takes 50.
    let clock = ManualClock::new();
    let mut sut = fake(&clock, linear(ms(2), Duration::ZERO), 4);
    let cfg = BenchConfig {
        min_duration: ms(100),
        ..config(0, 5)
    };
    let harness = Harness::with_clock(cfg.clone(), clock.clone()).expect("valid config");
    let report = harness
        .run_single_stream(&mut sut, &identity_labels(4))
        .expect("runs");
    assert_eq!(report.queries, 50);
    assert_approx_eq!(report.duration_s, 0.1, 1e-12);
    assert!(report.verdict.minimums_met && report.verdict.valid);
    // Capped at 20 queries (40 ms): the run stops, and does not count.
    let capped = BenchConfig {
        max_queries: 20,
        ..cfg
    };
    let harness = Harness::with_clock(capped, clock).expect("valid config");
    let report = harness
        .run_single_stream(&mut sut, &identity_labels(4))
        .expect("runs");
    assert_eq!(report.queries, 20);
    assert!(!report.verdict.minimums_met && !report.verdict.valid);
}

#[test]
fn t19_2_single_stream_checks_every_answer() {
    // Sample 3 is answered wrong; 16 queries visit each of the 8 samples twice: 14 / 16.
    let clock = ManualClock::new();
    let mut answers: Vec<usize> = (0..8).collect();
    answers[3] = 99;
    let service = linear(ms(1), Duration::ZERO);
    let mut sut = ScriptedSystem::new("fake", clock.clone(), service, answers);
    let strict = BenchConfig {
        accuracy_target: 0.9,
        ..config(2, 16)
    };
    let harness = Harness::with_clock(strict.clone(), clock.clone()).expect("valid config");
    let report = harness
        .run_single_stream(&mut sut, &identity_labels(8))
        .expect("runs");
    assert_eq!((report.accuracy, report.accuracy_checked), (0.875, 16));
    assert!(!report.verdict.accuracy_met && !report.verdict.valid);
    let lenient = BenchConfig {
        accuracy_target: 0.85,
        ..strict
    };
    let harness = Harness::with_clock(lenient, clock).expect("valid config");
    let report = harness
        .run_single_stream(&mut sut, &identity_labels(8))
        .expect("runs");
    assert!(report.verdict.valid, "{:?}", report.verdict);
}

#[test]
fn t19_2_offline_runs_whole_passes_in_batches() {
    // 10 samples in batches of 4: 4 + 4 + 2. A call takes 1 ms + 0.5 ms per sample, so
    // 3 + 3 + 2 = 8 ms per pass. min_duration 20 ms needs 3 passes (24 ms).
    let clock = ManualClock::new();
    let service = linear(ms(1), Duration::from_micros(500));
    let mut sut = fake(&clock, service, 10);
    let cfg = BenchConfig {
        batch_size: 4,
        min_duration: ms(20),
        ..config(2, 10)
    };
    let harness = Harness::with_clock(cfg, clock).expect("valid config");
    let report = harness
        .run_offline(&mut sut, &identity_labels(10))
        .expect("runs");
    assert_eq!((report.queries, report.samples), (9, 30));
    assert_approx_eq!(report.duration_s, 0.024, 1e-12);
    assert_approx_eq!(report.throughput, 1250.0, 1e-6); // 30 samples / 0.024 s
    let l = &report.latency_ms;
    assert_eq!((l.min, l.median, l.max), (2.0, 3.0, 3.0));
    assert_approx_eq!(l.mean, 8.0 / 3.0, 1e-12);
    assert_eq!((report.accuracy, report.accuracy_checked), (1.0, 30));
    // 2 warm-up batches, then 3 passes of the 3 batches of the seeded order.
    let order = query_order(10, BenchConfig::default().seed);
    let calls = sut.calls();
    assert_eq!(calls.len(), 11);
    assert_eq!(calls[0].ids, order[..4]);
    assert_eq!(calls[1].ids, order[4..8]);
    for pass in 0..3 {
        let base = 2 + 3 * pass;
        assert_eq!(calls[base].ids, order[..4]);
        assert_eq!(calls[base + 1].ids, order[4..8]);
        assert_eq!(calls[base + 2].ids, order[8..]);
    }
}

#[test]
fn t19_2_offline_does_not_record_the_warm_up() {
    // Two 100 ms warm-up batches, then 3 ms per batch.
    let clock = ManualClock::new();
    let script = ServiceTime::Script(vec![ms(100), ms(100), ms(3)]);
    let mut sut = fake(&clock, script, 6);
    let cfg = BenchConfig {
        batch_size: 3,
        ..config(2, 6)
    };
    let harness = Harness::with_clock(cfg, clock).expect("valid config");
    let report = harness
        .run_offline(&mut sut, &identity_labels(6))
        .expect("runs");
    // One pass of 2 batches: 6 ms, 1000 samples/s.
    assert_eq!((report.queries, report.samples), (2, 6));
    assert_eq!(report.latency_ms.max, 3.0);
    assert_approx_eq!(report.throughput, 1000.0, 1e-6);
}

/// A system that never answers.
struct Mute;

impl SystemUnderTest for Mute {
    type Output = usize;
    fn name(&self) -> String {
        "mute".into()
    }
    fn issue(&mut self, _ids: &[usize]) -> Vec<usize> {
        Vec::new()
    }
}

#[test]
fn t19_2_a_system_with_missing_outputs_is_an_error() {
    let harness = Harness::with_clock(config(0, 3), ManualClock::new()).expect("valid config");
    let err = harness
        .run_single_stream(&mut Mute, &identity_labels(3))
        .expect_err("no outputs");
    assert_eq!(
        err,
        BenchError::OutputCount {
            system: "mute".into(),
            expected: 1,
            got: 0
        }
    );
    assert!(err.to_string().contains("exactly one output per sample id"));
}

#[test]
fn t19_2_single_stream_report_table() {
    let clock = ManualClock::new();
    let mut script = vec![ms(9); 2];
    script.extend([4, 1, 3, 2].map(ms));
    let mut sut = fake(&clock, ServiceTime::Script(script), 4);
    let cfg = BenchConfig {
        accuracy_target: 0.99,
        ..config(2, 4)
    };
    let harness = Harness::with_clock(cfg, clock).expect("valid config");
    let report = harness
        .run_single_stream(&mut sut, &identity_labels(4))
        .expect("runs");
    insta::assert_snapshot!("single_stream_table", report.to_table());
}

// ----- 19.3 Poisson arrivals --------------------------------------------------------------

#[test]
fn t19_3_arrivals_of_a_seeded_process_are_reproducible() {
    // gap = -ln(1 - u) / 100 for each draw u = rng.random::<f64>(), summed.
    let arrivals = poisson_arrivals(100.0, 8, &mut seeded_rng(7));
    let lines: Vec<String> = arrivals.iter().map(|t| format!("{t:.9}")).collect();
    insta::assert_snapshot!("poisson_arrivals_qps100_seed7", lines.join("\n"));
    assert_eq!(arrivals, poisson_arrivals(100.0, 8, &mut seeded_rng(7)));
    assert_ne!(arrivals, poisson_arrivals(100.0, 8, &mut seeded_rng(8)));
}

#[test]
fn t19_3_gaps_are_exponential_with_mean_one_over_qps() {
    let qps = 250.0;
    let n = 20_000;
    let arrivals = poisson_arrivals(qps, n, &mut seeded_rng(3));
    assert_eq!(arrivals.len(), n);
    assert!(arrivals[0] > 0.0);
    let gaps: Vec<f64> = std::iter::once(arrivals[0])
        .chain(arrivals.windows(2).map(|w| w[1] - w[0]))
        .collect();
    assert!(
        gaps.iter().all(|&g| g >= 0.0),
        "arrival times must not go back"
    );
    // Mean 1 / 250 = 4 ms; the standard error is 4 ms / sqrt(20000) = 0.7%: allow 3%.
    let mean = gaps.iter().sum::<f64>() / n as f64;
    assert!((mean - 0.004).abs() < 0.03 * 0.004, "mean gap {mean} s");
    // An exponential's standard deviation equals its mean (a fixed gap would have 0).
    let std = (gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    assert!(
        (std / mean - 1.0).abs() < 0.05,
        "std / mean = {}",
        std / mean
    );
    // P(gap < mean) = 1 - 1/e = 0.632 (a uniform gap would give 0.5).
    let below = gaps.iter().filter(|&&g| g < 0.004).count() as f64 / n as f64;
    assert!(
        (below - 0.632).abs() < 0.02,
        "fraction below the mean {below}"
    );
}

#[test]
fn t19_3_a_higher_rate_means_proportionally_earlier_arrivals() {
    // Same draws, 10 times the rate: every arrival exactly 10 times earlier.
    let slow = poisson_arrivals(10.0, 50, &mut seeded_rng(5));
    let fast = poisson_arrivals(100.0, 50, &mut seeded_rng(5));
    for (s, f) in slow.iter().zip(&fast) {
        assert_approx_eq!(s / 10.0, *f, 1e-12);
    }
    // 50 arrivals at 10 per second span about 5 s.
    assert!(
        slow[49] > 2.5 && slow[49] < 10.0,
        "last arrival {}",
        slow[49]
    );
}

// ----- 19.4 the Server scenario -----------------------------------------------------------

#[test]
fn t19_4_queue_on_a_scripted_example() {
    // Query 0 arrives at 0 and is served for 2 s. Query 1 (0.5 s) waits until 2, query 2
    // (1 s) until 3; query 3 (5 s) finds the server idle.
    let timeline = simulate_queue(&[0.0, 0.5, 1.0, 5.0], &[2.0, 1.0, 1.0, 1.0]);
    let q = |arrival, start, finish| QueryTiming {
        arrival,
        start,
        finish,
    };
    assert_eq!(
        timeline,
        [
            q(0.0, 0.0, 2.0),
            q(0.5, 2.0, 3.0),
            q(1.0, 3.0, 4.0),
            q(5.0, 5.0, 6.0)
        ]
    );
    let latencies: Vec<f64> = timeline.iter().map(QueryTiming::latency).collect();
    assert_eq!(latencies, [2.0, 2.5, 3.0, 1.0]);
}

#[test]
fn t19_4_an_idle_server_adds_no_queueing() {
    let timeline = simulate_queue(&[1.0, 3.0, 3.5], &[0.5, 0.25, 0.25]);
    let latencies: Vec<f64> = timeline.iter().map(QueryTiming::latency).collect();
    assert_eq!(latencies, [0.5, 0.25, 0.25]);
    // Arriving exactly when the server frees up: no wait either.
    let timeline = simulate_queue(&[0.0, 1.0], &[1.0, 1.0]);
    assert_eq!(timeline[1].queue(), 0.0);
    assert!(simulate_queue(&[], &[]).is_empty());
}

/// A Server config at `qps` with a 60 ms bound on the p99.
fn server_config(qps: f64, min_queries: usize) -> BenchConfig {
    BenchConfig {
        server: ServerConfig {
            target_qps: qps,
            latency_bound: ms(60),
            percentile: 99.0,
        },
        ..config(2, min_queries)
    }
}

#[test]
fn t19_4_an_overloaded_server_queues_and_misses_the_bound() {
    // 10^9 queries per second: all 100 arrive within 0.1 us, and each needs 1 ms. Query k
    // (from 1) finishes at k ms, so the latencies are about 1, 2, ..., 100 ms. The two
    // warm-up calls take 1 s each and must not show.
    let clock = ManualClock::new();
    let mut script = vec![Duration::from_secs(1); 2];
    script.push(ms(1));
    let mut sut = fake(&clock, ServiceTime::Script(script), 10);
    let harness = Harness::with_clock(server_config(1e9, 100), clock).expect("valid config");
    let report = harness
        .run_server(&mut sut, &identity_labels(10))
        .expect("runs");
    assert_eq!(
        (report.queries, report.samples, sut.calls().len()),
        (100, 100, 102)
    );
    let l = &report.latency_ms;
    assert_approx_eq!(l.min, 1.0, 1e-3);
    assert_approx_eq!(l.max, 100.0, 1e-3);
    assert_approx_eq!(l.mean, 50.5, 1e-3);
    let server = report.server.as_ref().expect("server stats");
    assert_approx_eq!(server.tail.latency_ms, 100.0, 1e-3); // index floor(0.99 * 100) = 99
    assert_eq!(server.tail.bound_ms, 60.0);
    assert_approx_eq!(server.mean_queue_ms, 49.5, 1e-3);
    assert_approx_eq!(server.service_ms.max, 1.0, 1e-9);
    assert_approx_eq!(server.completed_qps, 1000.0, 1e-3); // 100 queries in 0.1 s
    assert_approx_eq!(report.duration_s, 0.1, 1e-6);
    assert_eq!(report.verdict.latency_met, Some(false));
    assert!(report.verdict.accuracy_met && !report.verdict.valid);
}

#[test]
fn t19_4_a_lightly_loaded_server_meets_the_bound() {
    // One query per 100 s on average, 1 ms each: queries almost never meet in the queue.
    let clock = ManualClock::new();
    let mut sut = fake(&clock, linear(ms(1), Duration::ZERO), 10);
    let harness = Harness::with_clock(server_config(0.01, 50), clock).expect("valid config");
    let report = harness
        .run_server(&mut sut, &identity_labels(10))
        .expect("runs");
    assert_eq!(report.queries, 50);
    assert_approx_eq!(report.latency_ms.max, 1.0, 1e-6);
    let server = report.server.as_ref().expect("server stats");
    assert_approx_eq!(server.tail.latency_ms, 1.0, 1e-6);
    assert!(server.max_queue_ms < 1e-6);
    assert_eq!(report.verdict.latency_met, Some(true));
    assert!(report.verdict.valid, "{:?}", report.verdict);
}

#[test]
fn t19_4_the_schedule_lasts_at_least_min_duration() {
    // 1000 queries per second for at least 1 s: about 1000 queries, 0.1 ms each.
    let clock = ManualClock::new();
    let mut sut = fake(
        &clock,
        linear(Duration::from_micros(100), Duration::ZERO),
        10,
    );
    let cfg = BenchConfig {
        min_duration: Duration::from_secs(1),
        ..server_config(1000.0, 10)
    };
    let harness = Harness::with_clock(cfg, clock).expect("valid config");
    let report = harness
        .run_server(&mut sut, &identity_labels(10))
        .expect("runs");
    assert!(
        (1000..1200).contains(&report.queries),
        "{} queries",
        report.queries
    );
    assert_eq!(sut.calls().len(), report.queries + 2);
    assert!(report.duration_s >= 1.0, "{} s", report.duration_s);
    assert!(report.verdict.minimums_met);
}

// ----- 19.5 interleaved A/B comparison ----------------------------------------------------

/// Runs A (2 ms per sample) against B (1 ms per sample, wrong on sample 0) on one clock.
fn ab_run() -> (
    tinytorch_benchmarking::AbReport,
    ScriptedSystem,
    ScriptedSystem,
) {
    let clock = ManualClock::new();
    let mut a = ScriptedSystem::new(
        "A-2ms",
        clock.clone(),
        linear(Duration::ZERO, ms(2)),
        (0..6).collect(),
    );
    let mut b_answers: Vec<usize> = (0..6).collect();
    b_answers[0] = 7;
    let mut b = ScriptedSystem::new(
        "B-1ms",
        clock.clone(),
        linear(Duration::ZERO, ms(1)),
        b_answers,
    );
    let cfg = BenchConfig {
        batch_size: 3,
        ab_rounds: 4,
        bootstrap_resamples: 200,
        accuracy_target: 0.9,
        ..config(1, 1)
    };
    let harness = Harness::with_clock(cfg, clock).expect("valid config");
    let report = harness
        .compare_ab(&mut a, &mut b, &identity_labels(6))
        .expect("runs");
    (report, a, b)
}

#[test]
fn t19_5_ab_interleaves_a_and_b() {
    let (report, a, b) = ab_run();
    // The two systems share one clock, so sorting their calls by start time gives the
    // order they ran in: a warm-up batch each, then per round A's 2 batches, B's 2.
    let mut calls: Vec<(Duration, char)> = (a.calls().iter().map(|c| (c.at, 'A')))
        .chain(b.calls().iter().map(|c| (c.at, 'B')))
        .collect();
    calls.sort();
    let sequence: String = calls.iter().map(|c| c.1).collect();
    assert_eq!(sequence, format!("AB{}", "AABB".repeat(4)));
    assert_eq!(report.order, [Side::A, Side::B].repeat(4));
    assert_eq!(report.rounds, 4);
    assert_eq!(report.samples_per_pass, 6);
}

#[test]
fn t19_5_ab_reports_the_ratio_of_medians() {
    let (report, _, _) = ab_run();
    // A pass of 6 samples: A 12 ms, B 6 ms, every round.
    assert_eq!(report.a.pass_ms, [12.0; 4]);
    assert_eq!(report.b.pass_ms, [6.0; 4]);
    assert_eq!((report.a.median_ms, report.b.median_ms), (12.0, 6.0));
    assert_eq!(report.ratio, 0.5);
    assert_eq!((report.ci_low, report.ci_high), (0.5, 0.5));
    assert_eq!(report.speedup(), 2.0);
    // B gets sample 0 wrong: 5 of 6 in each round.
    assert_eq!(report.a.accuracy, 1.0);
    assert_approx_eq!(report.b.accuracy, 5.0 / 6.0, 1e-12);
    assert!(report.a.accuracy_met && !report.b.accuracy_met);
    insta::assert_snapshot!("ab_table", report.to_table());
}

#[test]
fn t19_5_bootstrap_resamples_with_replacement() {
    // b's median is 5 and a's is 10: the point estimate is 0.5. Resampled medians of b
    // range over 3..7, so the 95% interval must be wider than the point.
    let a = [10.0; 15];
    let b: Vec<f64> = [3.0, 4.0, 5.0, 6.0, 7.0].repeat(3);
    let (low, high) = bootstrap_ratio_ci(&a, &b, 2000, &mut seeded_rng(11));
    assert!(low < 0.5 && 0.5 < high, "interval {low} .. {high}");
    assert!(low >= 0.3 && high <= 0.7, "interval {low} .. {high}");
    assert_eq!(
        (low, high),
        bootstrap_ratio_ci(&a, &b, 2000, &mut seeded_rng(11))
    );
    // Constant data: every resample gives the same ratio.
    assert_eq!(
        bootstrap_ratio_ci(&[2.0; 5], &[3.0; 7], 100, &mut seeded_rng(0)),
        (1.5, 1.5)
    );
}

#[test]
fn t19_5_ab_uses_medians_so_one_slow_pass_does_not_swing_the_ratio() {
    // One batch per pass. A's passes take 10, 10, 10 and (a hiccup) 40 ms; B's 5 ms each.
    // Medians 10 and 5: ratio 0.5. Means would give 5 / 17.5 = 0.29.
    let clock = ManualClock::new();
    let a_script = ServiceTime::Script([10, 10, 10, 40].map(ms).to_vec());
    let mut a = fake(&clock, a_script, 4);
    let mut b = fake(&clock, linear(ms(5), Duration::ZERO), 4);
    let cfg = BenchConfig {
        batch_size: 4,
        ab_rounds: 4,
        bootstrap_resamples: 500,
        ..config(0, 1)
    };
    let harness = Harness::with_clock(cfg, clock).expect("valid config");
    let report = harness
        .compare_ab(&mut a, &mut b, &identity_labels(4))
        .expect("runs");
    assert_eq!(report.a.pass_ms, [10.0, 10.0, 10.0, 40.0]);
    assert_eq!((report.a.median_ms, report.a.max_ms), (10.0, 40.0));
    assert_eq!(report.ratio, 0.5);
    // A resampled median of A is 10, 25 or 40: ratios 0.5, 0.2 or 0.125.
    assert!(
        report.ci_low < 0.5 && report.ci_low >= 0.125,
        "{}",
        report.ci_low
    );
    assert_eq!(report.ci_high, 0.5);
}

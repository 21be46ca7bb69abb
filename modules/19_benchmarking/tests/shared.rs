//! Course infrastructure (not graded): the shared code of module 19 (clocks, the
//! scripted system, the library, the config checks, errors and accuracy counting).

use std::time::Duration;
use tinytorch_benchmarking::{
    Accuracy, BenchConfig, BenchError, Clock, Harness, ManualClock, QuerySampleLibrary, RealClock,
    ScriptedSystem, ServerConfig, ServiceTime, SystemUnderTest, median, query_order,
};

#[test]
fn manual_clock_clones_share_one_time() {
    let clock = ManualClock::new();
    let other = clock.clone();
    assert_eq!(clock.now(), Duration::ZERO);
    other.advance(Duration::from_micros(1500));
    clock.advance(Duration::from_micros(500));
    assert_eq!(other.now(), Duration::from_millis(2));
}

#[test]
fn real_clock_never_goes_back() {
    let clock = RealClock::new();
    let readings: Vec<Duration> = (0..100).map(|_| clock.now()).collect();
    assert!(readings.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn scripted_service_times_repeat_the_last_entry() {
    let clock = ManualClock::new();
    let script = ServiceTime::Script(vec![Duration::from_millis(5), Duration::from_millis(1)]);
    let mut sut = ScriptedSystem::new("s", clock.clone(), script, vec![3, 4]);
    assert_eq!(sut.issue(&[1]), [4]);
    assert_eq!(sut.issue(&[0, 7]), [3, usize::MAX]); // 7 is beyond the answers
    assert_eq!(sut.issue(&[0]), [3]);
    assert_eq!(clock.now(), Duration::from_millis(7));
    let starts: Vec<Duration> = sut.calls().iter().map(|c| c.at).collect();
    assert_eq!(starts, [0, 5, 6].map(Duration::from_millis));
    let empty = ServiceTime::Script(Vec::new());
    let mut idle = ScriptedSystem::new("idle", clock.clone(), empty, vec![]);
    idle.issue(&[0]);
    assert_eq!(clock.now(), Duration::from_millis(7));
}

#[test]
fn library_checks_answers_and_refuses_to_be_empty() {
    let qsl = QuerySampleLibrary::with_labels("l", vec![2usize, 0]).expect("non-empty");
    assert!(qsl.is_correct(0, &2) && !qsl.is_correct(0, &0));
    assert!(
        !qsl.is_correct(5, &2),
        "an id out of range is never correct"
    );
    assert!(!qsl.is_empty());
    assert!(format!("{qsl:?}").contains("len: 2"));
    let err = QuerySampleLibrary::<usize>::with_labels("none", vec![]).expect_err("empty");
    assert_eq!(
        err,
        BenchError::EmptyLibrary {
            name: "none".into()
        }
    );
    assert!(err.to_string().contains("holds no samples"));
}

#[test]
fn query_order_is_a_seeded_permutation() {
    let order = query_order(100, 7);
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..100).collect::<Vec<_>>());
    assert_eq!(order, query_order(100, 7));
    assert_ne!(order, query_order(100, 8));
    assert_ne!(order, sorted, "shuffled");
}

#[test]
fn config_validation_names_the_bad_field() {
    let ok = BenchConfig::default();
    assert!(ok.validate().is_ok());
    let server = |target_qps: f64, bound_ms: u64, percentile: f64| ServerConfig {
        target_qps,
        latency_bound: Duration::from_millis(bound_ms),
        percentile,
    };
    let cases = [
        (
            BenchConfig {
                min_queries: 0,
                ..ok.clone()
            },
            "min_queries",
        ),
        (
            BenchConfig {
                max_queries: 5,
                min_queries: 6,
                ..ok.clone()
            },
            "max_queries",
        ),
        (
            BenchConfig {
                batch_size: 0,
                ..ok.clone()
            },
            "batch_size",
        ),
        (
            BenchConfig {
                accuracy_target: 1.5,
                ..ok.clone()
            },
            "accuracy_target",
        ),
        (
            BenchConfig {
                accuracy_target: f64::NAN,
                ..ok.clone()
            },
            "accuracy_target",
        ),
        (
            BenchConfig {
                server: server(0.0, 10, 99.0),
                ..ok.clone()
            },
            "server.target_qps",
        ),
        (
            BenchConfig {
                server: server(f64::INFINITY, 10, 99.0),
                ..ok.clone()
            },
            "server.target_qps",
        ),
        (
            BenchConfig {
                server: server(10.0, 0, 99.0),
                ..ok.clone()
            },
            "server.latency_bound",
        ),
        (
            BenchConfig {
                server: server(10.0, 10, 100.0),
                ..ok.clone()
            },
            "server.percentile",
        ),
        (
            BenchConfig {
                ab_rounds: 0,
                ..ok.clone()
            },
            "ab_rounds",
        ),
        (
            BenchConfig {
                bootstrap_resamples: 0,
                ..ok.clone()
            },
            "bootstrap_resamples",
        ),
    ];
    for (config, field) in cases {
        match Harness::new(config) {
            Err(BenchError::Config { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected a config error on {field}, got {other:?}"),
        }
    }
    let message = BenchConfig {
        batch_size: 0,
        ..ok
    }
    .validate()
    .unwrap_err()
    .to_string();
    assert_eq!(
        message,
        "benchmark config: batch_size = 0 is invalid; it must be at least 1"
    );
}

#[test]
fn stop_rule_needs_both_minimums_or_the_cap() {
    let config = BenchConfig {
        min_queries: 10,
        min_duration: Duration::from_millis(100),
        max_queries: 50,
        ..BenchConfig::default()
    };
    assert!(!config.should_stop(9, Duration::from_secs(1)));
    assert!(!config.should_stop(10, Duration::from_millis(99)));
    assert!(config.should_stop(10, Duration::from_millis(100)));
    assert!(config.should_stop(50, Duration::ZERO));
    assert!(!config.minimums_met(50, Duration::ZERO));
}

#[test]
fn accuracy_counts_and_median_helpers() {
    let qsl = QuerySampleLibrary::new("even", 10, |id, out: &bool| *out == (id % 2 == 0))
        .expect("non-empty");
    let mut accuracy = Accuracy::default();
    assert_eq!(accuracy.fraction(), 0.0);
    accuracy.record(&qsl, &[0, 1, 2, 3], &[true, false, false, false]);
    assert_eq!((accuracy.correct, accuracy.checked), (3, 4));
    assert_eq!(accuracy.fraction(), 0.75);
    assert_eq!(median(&[5.0]), 5.0);
    assert_eq!(median(&[4.0, 1.0, 3.0]), 3.0);
}

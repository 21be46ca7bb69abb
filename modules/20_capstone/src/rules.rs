//! The rules of the events (shared code): what is measured, the bars an entry must clear,
//! how far re-measured numbers may drift, and the margins an optimized entry must win by.
//! Who qualifies and how an entry scores are task 20.1 (`reference/events.rs`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The events of the capstone, after MLPerf's divisions: each fixes a bar and ranks one
/// measured number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Event {
    /// The lowest SingleStream p90 latency among entries at or above the accuracy floor.
    Fastest,
    /// The smallest model file among entries at or above the accuracy floor.
    Smallest,
    /// The highest test accuracy among entries within the latency and size budgets.
    MostAccurate,
    /// The highest all-around score among entries that clear every bar: how many times
    /// better than the bars the entry is, on average (see [`Rules`]).
    AllAround,
}

impl Event {
    /// Every event, in the order the leaderboard shows them.
    pub const ALL: [Event; 4] = [
        Event::Fastest,
        Event::Smallest,
        Event::MostAccurate,
        Event::AllAround,
    ];

    /// The event's name for tables and pages.
    pub fn title(self) -> &'static str {
        match self {
            Event::Fastest => "Fastest",
            Event::Smallest => "Smallest",
            Event::MostAccurate => "Most accurate",
            Event::AllAround => "All-around",
        }
    }

    /// What the event ranks, with its unit.
    pub fn metric(self) -> &'static str {
        match self {
            Event::Fastest => "p90 latency (us)",
            Event::Smallest => "model file (bytes)",
            Event::MostAccurate => "test accuracy",
            Event::AllAround => "all-around score",
        }
    }

    /// Whether a higher score ranks first (accuracy, all-around) or a lower one (latency,
    /// size).
    pub fn higher_is_better(self) -> bool {
        matches!(self, Event::MostAccurate | Event::AllAround)
    }

    /// `score` formatted for a table: the latency (a score in ms) in microseconds with 2
    /// decimals, bytes as an integer, accuracy as a percentage, the all-around score with
    /// 3 decimals.
    pub fn format_score(self, score: f64) -> String {
        match self {
            Event::Fastest => format!("{:.2}", 1e3 * score),
            Event::Smallest => format!("{score:.0}"),
            Event::MostAccurate => format!("{:.2}%", 100.0 * score),
            Event::AllAround => format!("{score:.3}"),
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// What an entry is judged on: numbers measured on the 364 held-out test digits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// Fraction of the test digits classified correctly: `correct / samples`.
    pub accuracy: f64,
    /// Test digits classified correctly.
    pub correct: usize,
    /// Test digits evaluated (364, the whole held-out split).
    pub samples: usize,
    /// SingleStream p90 latency of one digit, ms (module 19's harness).
    pub latency_p90_ms: f64,
    /// Length of the model file, bytes: what is shipped, header included.
    pub size_bytes: u64,
}

/// The bars of the events. [`Rules::standard`] is the course's; an instructor may set
/// others (the leaderboard's `--floor`, `--latency-ms`, `--size-bytes`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rules {
    /// The accuracy an entry needs for Fastest, Smallest and All-around (`>=` passes).
    pub accuracy_floor: f64,
    /// The p90 latency an entry may not exceed for Most accurate and All-around, ms
    /// (`<=` passes).
    pub latency_budget_ms: f64,
    /// The model file size an entry may not exceed for Most accurate and All-around,
    /// bytes (`<=` passes).
    pub size_budget_bytes: u64,
}

/// The error rate an entry with no error counts as in the all-around score, so that the
/// score stays finite: one error in a thousand.
pub const MIN_ERROR_RATE: f64 = 0.001;

impl Rules {
    /// The course's bars: accuracy at least 94%, a p90 of at most 1 ms, a model file of at
    /// most 16 KiB. The course's f32 digit MLP (2,410 parameters, a 10,008-byte file) clears
    /// all three on the course machine; a wider MLP may fit the size budget only once it
    /// is compressed.
    pub fn standard() -> Rules {
        Rules {
            accuracy_floor: 0.94,
            latency_budget_ms: 1.0,
            size_budget_bytes: 16 * 1024,
        }
    }
}

/// How far a submission's reported numbers may differ from the numbers the validator
/// measures before they are rejected as not reproducible.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tolerance {
    /// The largest absolute difference of accuracies, either way (0.005 is under two of
    /// the 364 test digits: the same model on the same data gives the same predictions,
    /// up to floating-point summation order on another machine).
    pub accuracy: f64,
    /// How many times faster than re-measured a reported latency may be. Latency depends
    /// on the machine and its load, so only a claim that is more than this factor faster
    /// than it reproduces is rejected; a slower claim harms nobody, since ranks use the
    /// re-measured number.
    pub latency_factor: f64,
}

impl Tolerance {
    /// The course's tolerance: 0.005 accuracy, latency within a factor 2. Sizes are file
    /// lengths and must match exactly.
    pub fn standard() -> Tolerance {
        Tolerance {
            accuracy: 0.005,
            latency_factor: 2.0,
        }
    }
}

/// The margins by which an optimized entry must beat the baseline in an event (task 20.5).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Margins {
    /// Fastest: a p90 latency at most this fraction of the baseline's.
    pub latency_ratio: f64,
    /// Smallest: a model file at most this fraction of the baseline's.
    pub size_ratio: f64,
    /// Most accurate: at least this much more accuracy than the baseline (absolute).
    pub accuracy_gain: f64,
    /// All-around: a score at least this many times the baseline's.
    pub all_around_ratio: f64,
}

impl Margins {
    /// The course's margins: 0.8 of the latency, half the bytes, one percentage point of
    /// accuracy, or 1.25 times the all-around score.
    pub fn standard() -> Margins {
        Margins {
            latency_ratio: 0.8,
            size_ratio: 0.5,
            accuracy_gain: 0.01,
            all_around_ratio: 1.25,
        }
    }
}

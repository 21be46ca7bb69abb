//! `AbReport` (shared code): an interleaved comparison of two systems on the same work,
//! as a table or as JSON.

use crate::{Accuracy, median};
use serde::Serialize;
use std::fmt::{self, Write};

/// Which system of an A/B comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Side {
    /// The baseline.
    A,
    /// The candidate.
    B,
}

/// One side's measurements in an A/B comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideStats {
    /// The system's name.
    pub system: String,
    /// The time of each round's pass over the samples, ms, in round order.
    pub pass_ms: Vec<f64>,
    /// The median pass time, ms.
    pub median_ms: f64,
    /// The fastest pass, ms.
    pub min_ms: f64,
    /// The slowest pass, ms.
    pub max_ms: f64,
    /// Fraction of its outputs that were correct, over all rounds.
    pub accuracy: f64,
    /// Whether that reached the configured target.
    pub accuracy_met: bool,
}

impl SideStats {
    /// Summarizes one side: median, min and max of `pass_ms`, and the accuracy against
    /// `target`.
    ///
    /// # Panics
    /// If `pass_ms` is empty (a comparison has at least one round).
    ///
    /// ```
    /// use tinytorch_benchmarking::{Accuracy, SideStats};
    /// let side = SideStats::new("a".into(), vec![3.0, 1.0, 2.0], Accuracy { correct: 9, checked: 10 }, 0.9);
    /// assert_eq!((side.median_ms, side.min_ms, side.max_ms, side.accuracy_met), (2.0, 1.0, 3.0, true));
    /// ```
    pub fn new(system: String, pass_ms: Vec<f64>, accuracy: Accuracy, target: f64) -> SideStats {
        assert!(!pass_ms.is_empty(), "SideStats::new: no rounds");
        let fraction = accuracy.fraction();
        SideStats {
            system,
            median_ms: median(&pass_ms),
            min_ms: pass_ms.iter().copied().fold(f64::INFINITY, f64::min),
            max_ms: pass_ms.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            pass_ms,
            accuracy: fraction,
            accuracy_met: fraction >= target,
        }
    }
}

/// The result of [`compare_ab`](crate::Harness::compare_ab): both sides' pass times, the
/// ratio of their medians and its bootstrap confidence interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AbReport {
    /// The library's name.
    pub dataset: String,
    /// Samples in one pass (one round of one side).
    pub samples_per_pass: usize,
    /// Samples per query.
    pub batch_size: usize,
    /// Rounds: each ran A once, then B once.
    pub rounds: usize,
    /// The order the measured passes ran in: A, B, A, B, ...
    pub order: Vec<Side>,
    /// The baseline.
    pub a: SideStats,
    /// The candidate.
    pub b: SideStats,
    /// `b.median_ms / a.median_ms`: below 1, B is faster.
    pub ratio: f64,
    /// Lower end of the 95% bootstrap confidence interval of `ratio`.
    pub ci_low: f64,
    /// Upper end of the 95% bootstrap confidence interval of `ratio`.
    pub ci_high: f64,
}

impl AbReport {
    /// `a.median_ms / b.median_ms`: how many times faster B is (below 1: slower).
    pub fn speedup(&self) -> f64 {
        1.0 / self.ratio
    }

    /// A plain-words conclusion: which side is faster, or no clear difference when the
    /// confidence interval contains 1.
    pub fn conclusion(&self) -> String {
        if self.ci_high < 1.0 {
            format!("B is faster: {:.2}x the speed of A", self.speedup())
        } else if self.ci_low > 1.0 {
            format!("B is slower: {:.2}x the time of A", self.ratio)
        } else {
            "no clear difference: the 95% interval contains 1".to_string()
        }
    }

    /// The comparison as a table: one line per side, then the ratio and its interval.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let order: String = self
            .order
            .iter()
            .take(8)
            .map(|s| format!("{s:?}"))
            .collect();
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "A/B comparison on {} ({} rounds, {} samples per pass, batch {}, order {}...)",
            self.dataset, self.rounds, self.samples_per_pass, self.batch_size, order
        );
        let _ = writeln!(
            out,
            "{:<4} {:<28} {:>12} {:>12} {:>12} {:>9}",
            "side", "system", "median ms", "min ms", "max ms", "accuracy"
        );
        let _ = writeln!(out, "{}", "-".repeat(82));
        for (side, s) in [("A", &self.a), ("B", &self.b)] {
            let _ = writeln!(
                out,
                "{:<4} {:<28} {:>12.4} {:>12.4} {:>12.4} {:>9.4}",
                side, s.system, s.median_ms, s.min_ms, s.max_ms, s.accuracy
            );
        }
        let _ = writeln!(out, "{}", "-".repeat(82));
        let _ = writeln!(
            out,
            "time ratio B/A {:.4} (95% bootstrap CI {:.4} .. {:.4}): {}",
            self.ratio,
            self.ci_low,
            self.ci_high,
            self.conclusion()
        );
        out
    }

    /// The comparison as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report holds only numbers and strings")
    }
}

impl fmt::Display for AbReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_table())
    }
}

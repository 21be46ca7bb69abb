//! Task 20.1: the event rules: who qualifies for an event, and the score it ranks.

use crate::{Event, MIN_ERROR_RATE, Measured, Rules};

impl Event {
    /// Why `m` does NOT qualify for this event under `rules`: one sentence per bar it
    /// misses, naming both numbers; empty if it qualifies.
    ///
    /// - Fastest and Smallest: accuracy at least the floor.
    /// - Most accurate: p90 latency at most the latency budget and file size at most the
    ///   size budget.
    /// - All-around: all three bars.
    ///
    /// Every bar passes when met exactly (`>=` for the floor, `<=` for the budgets), as in
    /// MLPerf.
    ///
    /// ```
    /// use tinytorch_capstone::{Event, Measured, Rules};
    /// let m = Measured { accuracy: 0.93, correct: 0, samples: 364, latency_p90_ms: 0.5, size_bytes: 4000 };
    /// let rules = Rules::standard(); // floor 0.94, 1 ms, 16 KiB
    /// assert_eq!(Event::Fastest.disqualifications(&m, &rules).len(), 1);
    /// assert!(Event::MostAccurate.disqualifications(&m, &rules).is_empty());
    /// ```
    pub fn disqualifications(self, m: &Measured, rules: &Rules) -> Vec<String> {
        // BEGIN SOLUTION 20.1
        let mut reasons = Vec::new();
        let needs_accuracy = matches!(self, Event::Fastest | Event::Smallest | Event::AllAround);
        let needs_budgets = matches!(self, Event::MostAccurate | Event::AllAround);
        if needs_accuracy && m.accuracy < rules.accuracy_floor {
            reasons.push(format!(
                "accuracy {:.2}% is below the floor {:.2}%",
                100.0 * m.accuracy,
                100.0 * rules.accuracy_floor
            ));
        }
        if needs_budgets && m.latency_p90_ms > rules.latency_budget_ms {
            reasons.push(format!(
                "p90 latency {:.4} ms exceeds the budget {:.4} ms",
                m.latency_p90_ms, rules.latency_budget_ms
            ));
        }
        if needs_budgets && m.size_bytes > rules.size_budget_bytes {
            reasons.push(format!(
                "model file of {} bytes exceeds the budget {} bytes",
                m.size_bytes, rules.size_budget_bytes
            ));
        }
        reasons
        // END SOLUTION
    }

    /// The number this event ranks `m` by (see [`Event::higher_is_better`]): the p90
    /// latency in ms (Fastest), the file size in bytes (Smallest), the accuracy (Most
    /// accurate), or the all-around score: the geometric mean of how many times better
    /// than each bar the entry is,
    ///
    /// `cbrt( (latency_budget / latency) * (size_budget / size) * (error_budget / error) )`
    ///
    /// with `error = max(1 - accuracy, MIN_ERROR_RATE)` and `error_budget = 1 - floor`.
    /// An entry exactly at all three bars scores 1.
    ///
    /// ```
    /// use tinytorch_capstone::{Event, Measured, Rules};
    /// let rules = Rules { accuracy_floor: 0.9, latency_budget_ms: 1.0, size_budget_bytes: 1000 };
    /// // 2x under the latency budget, 4x under the size budget, 8x fewer errors (1.25% vs 10%).
    /// let m = Measured { accuracy: 0.9875, correct: 0, samples: 400, latency_p90_ms: 0.5, size_bytes: 250 };
    /// assert!((Event::AllAround.score(&m, &rules) - 4.0).abs() < 1e-9); // cbrt(2 * 4 * 8)
    /// ```
    pub fn score(self, m: &Measured, rules: &Rules) -> f64 {
        // BEGIN SOLUTION 20.1
        match self {
            Event::Fastest => m.latency_p90_ms,
            Event::Smallest => m.size_bytes as f64,
            Event::MostAccurate => m.accuracy,
            Event::AllAround => {
                let latency = rules.latency_budget_ms / m.latency_p90_ms;
                let size = rules.size_budget_bytes as f64 / m.size_bytes as f64;
                let error = (1.0 - m.accuracy).max(MIN_ERROR_RATE);
                let accuracy = (1.0 - rules.accuracy_floor) / error;
                (latency * size * accuracy).cbrt()
            }
        }
        // END SOLUTION
    }
}

//! What a trained network's evaluation measured, and the floor it must reach.

use serde::Serialize;

/// The bar a metric must clear: at least a value (accuracy) or at most one (a loss).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Floor {
    /// The metric must be `>=` this value.
    AtLeast(f64),
    /// The metric must be `<=` this value.
    AtMost(f64),
}

impl Floor {
    /// Whether `value` clears the floor.
    ///
    /// ```
    /// use tinytorch_milestone_kit::Floor;
    /// assert!(Floor::AtLeast(0.95).passed(0.96));
    /// assert!(!Floor::AtMost(2.0).passed(2.5));
    /// ```
    pub fn passed(self, value: f64) -> bool {
        match self {
            Floor::AtLeast(min) => value >= min,
            Floor::AtMost(max) => value <= max,
        }
    }
}

/// A network's quality, measured on data it never trained on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// What was measured: `"test_accuracy"`, `"exact_match"` or `"held_out_loss"`.
    pub metric: &'static str,
    /// The measured value (a fraction for accuracies, nats per token for a loss).
    pub value: f64,
    /// The quality floor the milestone requires.
    pub floor: Floor,
    /// What a trivial model scores, where there is a natural one (the unigram loss).
    pub baseline: Option<f64>,
    /// How it was measured, for humans, e.g. `"349/364 test digits"`.
    pub detail: String,
}

impl Evaluation {
    /// Whether the value clears the floor.
    pub fn passed(&self) -> bool {
        self.floor.passed(self.value)
    }

    /// The value for a table: a percentage for accuracies, nats for a loss.
    ///
    /// ```
    /// use tinytorch_milestone_kit::{Evaluation, Floor};
    /// let e = Evaluation { metric: "test_accuracy", value: 0.9587, floor: Floor::AtLeast(0.95),
    ///     baseline: None, detail: String::new() };
    /// assert_eq!(e.display_value(), "95.87%");
    /// ```
    pub fn display_value(&self) -> String {
        match self.floor {
            Floor::AtLeast(_) => format!("{:.2}%", 100.0 * self.value),
            Floor::AtMost(_) => format!("{:.4}", self.value),
        }
    }
}

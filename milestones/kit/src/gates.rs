//! Correctness gates: named checks with the measured value and the bound, collected into a
//! scorecard. A milestone report "passed" only when every gate holds.

use serde::Serialize;

/// One check: what was measured, against what bound, and whether it held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gate {
    /// What is checked, e.g. `digit_mlp: INT8 file >= 3.9x smaller`.
    pub name: String,
    /// The measured value, formatted for humans.
    pub measured: String,
    /// The bound, formatted for humans (e.g. `>= 3.90x`).
    pub bound: String,
    /// Whether the measured value meets the bound.
    pub passed: bool,
}

impl Gate {
    /// A gate that holds when `value >= min`.
    pub fn at_least(name: impl Into<String>, value: f64, min: f64, unit: &str) -> Gate {
        Gate {
            name: name.into(),
            measured: format!("{value:.3}{unit}"),
            bound: format!(">= {min:.3}{unit}"),
            passed: value >= min,
        }
    }

    /// A gate that holds when `value <= max`.
    pub fn at_most(name: impl Into<String>, value: f64, max: f64, unit: &str) -> Gate {
        Gate {
            name: name.into(),
            measured: format!("{value:.3}{unit}"),
            bound: format!("<= {max:.3}{unit}"),
            passed: value <= max,
        }
    }

    /// A gate that holds when `value <= max`, both shown in scientific notation (for tiny
    /// differences such as `3.1e-7`).
    pub fn at_most_sci(name: impl Into<String>, value: f64, max: f64, unit: &str) -> Gate {
        Gate {
            name: name.into(),
            measured: format!("{value:.2e}{unit}"),
            bound: format!("<= {max:.0e}{unit}"),
            passed: value <= max,
        }
    }

    /// A failed gate for a step your modules stopped with `error` (a shape they reject, a
    /// loss that diverged): the milestone fails (exit 1) and names it, rather than
    /// reporting bad input.
    ///
    /// ```
    /// let g = tinytorch_milestone_kit::Gate::stopped("XOR: training", "the loss is NaN");
    /// assert!(!g.passed && g.measured.contains("NaN"));
    /// ```
    pub fn stopped(name: impl Into<String>, error: impl std::fmt::Display) -> Gate {
        Gate {
            name: name.into(),
            measured: format!("stopped: {error}"),
            bound: "runs".to_string(),
            passed: false,
        }
    }

    /// A gate that holds when `ok` (e.g. a bit-exact round trip).
    pub fn holds(name: impl Into<String>, ok: bool, what: &str) -> Gate {
        Gate {
            name: name.into(),
            measured: if ok {
                what.to_string()
            } else {
                format!("NOT {what}")
            },
            bound: what.to_string(),
            passed: ok,
        }
    }
}

/// Every gate of a run, printable as a scorecard.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scorecard {
    /// The gates in the order they were checked.
    pub gates: Vec<Gate>,
}

impl Scorecard {
    /// A scorecard of one failed gate, [`Gate::stopped`]: the part could not be measured.
    pub fn stopped(name: impl Into<String>, error: impl std::fmt::Display) -> Scorecard {
        Scorecard {
            gates: vec![Gate::stopped(name, error)],
        }
    }

    /// Adds a gate.
    pub fn push(&mut self, gate: Gate) {
        self.gates.push(gate);
    }

    /// True when every gate holds (and there is at least one).
    pub fn passed(&self) -> bool {
        !self.gates.is_empty() && self.gates.iter().all(|g| g.passed)
    }

    /// The gates that failed.
    pub fn failed(&self) -> impl Iterator<Item = &Gate> {
        self.gates.iter().filter(|g| !g.passed)
    }

    /// The scorecard as an aligned text table with a verdict line.
    pub fn to_table(&self) -> String {
        let width = self.gates.iter().map(|g| g.name.len()).max().unwrap_or(4);
        let mut out = format!(
            "{:<width$}  {:>14}  {:>14}  result\n",
            "gate", "measured", "bound"
        );
        for g in &self.gates {
            let word = if g.passed { "pass" } else { "FAIL" };
            out.push_str(&format!(
                "{:<width$}  {:>14}  {:>14}  {word}\n",
                g.name, g.measured, g.bound
            ));
        }
        let held = self.gates.iter().filter(|g| g.passed).count();
        let verdict = if self.passed() {
            "PASSED"
        } else {
            "NOT PASSED"
        };
        out.push_str(&format!(
            "{held}/{} gates hold: {verdict}\n",
            self.gates.len()
        ));
        for g in self.failed() {
            out.push_str(&format!(
                "  failing gate: {} (measured {}, needs {})\n",
                g.name, g.measured, g.bound
            ));
        }
        out
    }
}

/// One part of a milestone in its summary and JSON report: its name, its verdict and the
/// failing gates (the grader prints them).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    /// The part's name, e.g. `XOR with one hidden layer`.
    pub name: String,
    /// Whether every gate of the part holds.
    pub passed: bool,
    /// Each failing gate as `name (measured X, needs Y)`.
    pub failing: Vec<String>,
}

impl Part {
    /// The verdict of `card` under `name`.
    pub fn of(name: impl Into<String>, card: &Scorecard) -> Part {
        Part {
            name: name.into(),
            passed: card.passed(),
            failing: card
                .failed()
                .map(|g| format!("{} (measured {}, needs {})", g.name, g.measured, g.bound))
                .collect(),
        }
    }
}

/// The milestone's closing summary: each part's verdict, its failing gates, and one line
/// `milestone NN: ACHIEVED in 12s` (or `NOT ACHIEVED`). Returns whether every part passed
/// (and there is at least one).
///
/// ```
/// use tinytorch_milestone_kit::{Gate, Part, Scorecard, verdict_text};
/// let mut card = Scorecard::default();
/// card.push(Gate::at_least("accuracy", 0.9, 0.95, ""));
/// let (text, achieved) = verdict_text("03", &[Part::of("digits", &card)], 1.0);
/// assert!(!achieved && text.contains("failing gate: accuracy"));
/// ```
pub fn verdict_text(milestone: &str, parts: &[Part], seconds: f64) -> (String, bool) {
    let achieved = !parts.is_empty() && parts.iter().all(|p| p.passed);
    let mut out = format!("### milestone {milestone} summary\n\n");
    for p in parts {
        let word = if p.passed { "passed" } else { "NOT PASSED" };
        out.push_str(&format!("{:<34} {word}\n", p.name));
        for f in &p.failing {
            out.push_str(&format!("    failing gate: {f}\n"));
        }
    }
    let word = if achieved { "ACHIEVED" } else { "NOT ACHIEVED" };
    out.push_str(&format!(
        "\nmilestone {milestone}: {word} in {seconds:.0}s\n"
    ));
    (out, achieved)
}

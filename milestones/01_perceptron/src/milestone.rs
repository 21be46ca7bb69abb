//! Milestone 01 end to end: generate the data, check your forward against plain
//! arithmetic, train the perceptron with Rosenblatt's rule, judge the gates, draw the
//! boundary.

use crate::checks::{
    FORWARD_TOLERANCE, agreement_gate, all_of_gate, guarded, linear_forward_gate, panicked,
};
use crate::independent::{accuracy, affine, max_abs_diff};
use crate::plot::{BoundaryPanel, PanelLine, Stroke, boundary_svg, crosses};
use crate::{Dataset, Line, Perceptron, RuleConfig, RuleLog, TEACHER, Weights, separable};
use serde::Serialize;
use tinytorch_milestone_kit::{Gate, MilestoneError, Part, Scorecard};
use tinytorch_tensor::seeded_rng;

/// What the run does; every field has a command-line option.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Options {
    /// Seeds the data and the layer's initial weights.
    pub seed: u64,
    /// How many points to generate.
    pub points: usize,
    /// The smallest distance of a point to the teacher line.
    pub margin: f32,
    /// The rule's step size.
    pub learning_rate: f32,
    /// Passes over the data at most.
    pub max_epochs: usize,
}

impl Default for Options {
    /// The full run: 100 points at least 0.1 from the teacher, seed 1958, rate 0.1, at
    /// most 100 passes.
    fn default() -> Self {
        Options {
            seed: 1958,
            points: 100,
            margin: 0.1,
            learning_rate: 0.1,
            max_epochs: 100,
        }
    }
}

impl Options {
    /// Checks values a user typed.
    ///
    /// # Errors
    /// [`MilestoneError::Input`] saying which value is out of range and what to pass.
    pub fn validate(&self) -> Result<(), MilestoneError> {
        let bad = |message: String| Err(MilestoneError::Input { message });
        if !(1..=100_000).contains(&self.points) {
            return bad(format!(
                "--points {} is out of range: pass 1 to 100000 (default 100)",
                self.points
            ));
        }
        if !(0.0..0.5).contains(&self.margin) {
            return bad(format!(
                "--margin {} is out of range: pass a distance in [0, 0.5) (default 0.1); \
                 wider margins leave no room in the square [-1, 1]^2",
                self.margin
            ));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return bad(format!(
                "--lr {} must be a positive number (default 0.1)",
                self.learning_rate
            ));
        }
        if !(1..=100_000).contains(&self.max_epochs) {
            return bad(format!(
                "--max-epochs {} is out of range: pass 1 to 100000 (default 100)",
                self.max_epochs
            ));
        }
        Ok(())
    }
}

/// Everything the run measured (printed, and written by `--json`).
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The options of the run.
    pub options: Options,
    /// The hidden line that labelled the data.
    pub teacher: Line,
    /// Number of points of class 1 (of `options.points`).
    pub positives: usize,
    /// The weights before training (module 03's initialization).
    pub initial: Option<Weights>,
    /// Training accuracy of the initial weights in plain f32 (before the rule ran).
    pub initial_accuracy: Option<f64>,
    /// The rule's run (None when your code panicked before it finished).
    pub log: Option<RuleLog>,
    /// The learned weights.
    pub learned: Option<Weights>,
    /// Training accuracy of the learned weights in plain f32.
    pub accuracy: Option<f64>,
    /// Angle in degrees between the learned and the teacher's normal.
    pub angle_to_teacher: Option<f64>,
    /// The same recipe at [`SEEDS`] seeds (the first is the drawn run).
    pub seeds: Vec<SeedRun>,
    /// The gates of the forward check.
    pub forward: Scorecard,
    /// The gates of the training run.
    pub training: Scorecard,
    /// The picture, as SVG text.
    #[serde(skip)]
    pub svg: String,
}

impl Outcome {
    /// Each part's verdict.
    pub fn parts(&self) -> Vec<Part> {
        vec![
            Part::of("forward of your Linear", &self.forward),
            Part::of("Rosenblatt's rule learns the line", &self.training),
        ]
    }

    /// The learned boundary as a line (None before training finished).
    pub fn learned_line(&self) -> Option<Line> {
        self.learned.as_ref().map(line_of)
    }
}

/// The line `w . x + b = 0` of a two-input perceptron's weights.
pub fn line_of(weights: &Weights) -> Line {
    let w0 = weights.w.first().copied().unwrap_or(f32::NAN);
    let w1 = weights.w.get(1).copied().unwrap_or(f32::NAN);
    Line {
        w: [w0, w1],
        b: weights.b,
    }
}

/// How many seeds the robustness check trains (the first is the one drawn).
pub const SEEDS: u64 = 10;

/// One seeded run of the rule in the robustness check.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeedRun {
    /// The seed of the data and the initial weights.
    pub seed: u64,
    /// Training accuracy before the rule ran (plain f32).
    pub initial_accuracy: f64,
    /// Passes made.
    pub epochs: usize,
    /// Updates made.
    pub updates: usize,
    /// Training accuracy of the learned weights (plain f32).
    pub accuracy: f64,
}

/// One training run: the initial weights, the rule's log, the learned weights and your
/// forward's scores of the data with them.
struct Trained {
    initial: Weights,
    log: RuleLog,
    learned: Weights,
    scores: Vec<f32>,
}

/// Trains a fresh perceptron on `data` with your code; the layer's initial weights come
/// from their own stream, `seed + 1` (the data used `seed`).
fn train_once(options: &Options, seed: u64, data: &Dataset) -> Result<Trained, String> {
    let config = RuleConfig {
        learning_rate: options.learning_rate,
        max_epochs: options.max_epochs,
    };
    guarded(|| {
        let p = Perceptron::new(2, &mut seeded_rng(seed.wrapping_add(1)));
        let initial = p.weights();
        let log = crate::train_rule(&p, data, config);
        let scores = p.scores(&data.inputs());
        Trained {
            initial,
            log,
            learned: p.weights(),
            scores,
        }
    })
}

/// Runs the milestone with `options` (already validated): the forward check, the drawn
/// run at `options.seed`, and the same recipe at the next [`SEEDS`]` - 1` seeds.
pub fn run(options: Options) -> Outcome {
    let data = separable(options.seed, options.points, options.margin);
    let mut forward = Scorecard::default();
    forward.push(linear_forward_gate());
    let mut outcome = Outcome {
        options,
        teacher: TEACHER,
        positives: data.positives(),
        initial: None,
        initial_accuracy: None,
        log: None,
        learned: None,
        accuracy: None,
        angle_to_teacher: None,
        seeds: Vec::new(),
        forward,
        training: Scorecard::default(),
        svg: String::new(),
    };
    match train_once(&options, options.seed, &data) {
        Ok(t) => {
            outcome.training =
                training_gates(&data, options.max_epochs, &t.log, &t.learned, &t.scores);
            outcome.accuracy = Some(accuracy(&plain_scores(&data, &t.learned), &data.labels));
            outcome.angle_to_teacher = Some(angle(&line_of(&t.learned), &TEACHER));
            outcome.initial_accuracy =
                Some(accuracy(&plain_scores(&data, &t.initial), &data.labels));
            outcome.initial = Some(t.initial);
            outcome.log = Some(t.log);
            outcome.learned = Some(t.learned);
            let (seeds, gate) = seed_sweep(&options);
            outcome.seeds = seeds;
            outcome.training.push(gate);
        }
        Err(message) => outcome
            .training
            .push(panicked("training: your code ran the rule", &message)),
    }
    outcome.svg = picture(&data, &outcome);
    outcome
}

/// Novikoff's guarantee, checked: the recipe at [`SEEDS`] seeds (new data and new initial
/// weights each), every run judged in plain f32.
fn seed_sweep(options: &Options) -> (Vec<SeedRun>, Gate) {
    let name = format!("every one of {SEEDS} seeded runs reaches 100% (plain f32)");
    let mut runs = Vec::new();
    for seed in (0..SEEDS).map(|k| options.seed.wrapping_add(k)) {
        let data = separable(seed, options.points, options.margin);
        match train_once(options, seed, &data) {
            Ok(t) => runs.push(SeedRun {
                seed,
                initial_accuracy: accuracy(&plain_scores(&data, &t.initial), &data.labels),
                epochs: t.log.epochs(),
                updates: t.log.updates(),
                accuracy: accuracy(&plain_scores(&data, &t.learned), &data.labels),
            }),
            Err(message) => return (runs, panicked(name, &message)),
        }
    }
    let perfect = runs.iter().filter(|r| r.accuracy == 1.0).count();
    let gate = all_of_gate(name, perfect, SEEDS as usize);
    (runs, gate)
}

/// `x . w + b` of every point with `weights`, in plain f32 (not your forward).
fn plain_scores(data: &Dataset, weights: &Weights) -> Vec<f32> {
    let flat: Vec<f32> = data.points.iter().flatten().copied().collect();
    if weights.w.len() != 2 {
        return vec![f32::NAN; data.len()];
    }
    affine(&flat, 2, &weights.w, &[weights.b])
}

/// The gates of a finished training run; `scores` are your forward's outputs on the data
/// with the learned weights.
pub fn training_gates(
    data: &Dataset,
    max_epochs: usize,
    log: &RuleLog,
    learned: &Weights,
    scores: &[f32],
) -> Scorecard {
    let mut card = Scorecard::default();
    card.push(Gate::holds(
        format!(
            "the rule converged: a pass without mistakes within {} passes",
            max_epochs
        ),
        log.converged,
        "converged",
    ));
    let plain = plain_scores(data, learned);
    card.push(Gate::at_least(
        "training accuracy of the learned line (plain f32)",
        100.0 * accuracy(&plain, &data.labels),
        100.0,
        "%",
    ));
    // Scores of up to ~|w| (|x1| + |x2| + 1): ten times the fixed check's tolerance.
    card.push(agreement_gate(
        "your forward on the training set = plain f32 with the learned weights",
        max_abs_diff(scores, &plain),
        FORWARD_TOLERANCE * 10.0,
    ));
    card.push(Gate::holds(
        "boundary drawn: the learned line crosses the plotted square",
        crosses(&line_of(learned), PLOT_RANGE),
        "crosses",
    ));
    card
}

/// The square of the plane the picture shows (the data fill `[-1, 1]^2`).
pub const PLOT_RANGE: (f32, f32) = (-1.2, 1.2);

/// The angle in degrees between two lines' normals (0: the same orientation).
fn angle(a: &Line, b: &Line) -> f64 {
    let dot = f64::from(a.w[0] * b.w[0] + a.w[1] * b.w[1]);
    let norms = f64::from(a.w[0].hypot(a.w[1])) * f64::from(b.w[0].hypot(b.w[1]));
    (dot / norms).clamp(-1.0, 1.0).acos().to_degrees()
}

/// The data, the teacher and the learned line (with its class-1 side shaded).
fn picture(data: &Dataset, outcome: &Outcome) -> String {
    let mut lines = vec![PanelLine {
        line: TEACHER,
        stroke: Stroke::Dashed,
        label: "hidden teacher line".into(),
    }];
    if let Some(initial) = &outcome.initial {
        lines.push(PanelLine {
            line: line_of(initial),
            stroke: Stroke::Faint,
            label: "initial line (your Linear::new)".into(),
        });
    }
    let learned = outcome.learned_line();
    if let Some(line) = learned {
        lines.push(PanelLine {
            line,
            stroke: Stroke::Solid,
            label: "learned boundary (shaded: predicted class 1)".into(),
        });
    }
    let caption = match (&outcome.log, outcome.accuracy) {
        (Some(log), Some(acc)) => format!(
            "{} points, {} passes, {} updates, training accuracy {:.0}%",
            data.len(),
            log.epochs(),
            log.updates(),
            100.0 * acc
        ),
        _ => "training did not finish: see the report".into(),
    };
    let panel = BoundaryPanel {
        title: format!("Rosenblatt's rule, seed {}", outcome.options.seed),
        caption,
        range: PLOT_RANGE,
        points: data
            .points
            .iter()
            .copied()
            .zip(data.labels.iter().copied())
            .collect(),
        lines,
        shade: learned,
    };
    boundary_svg(
        "Milestone 01: the perceptron (1958) learns a separating line",
        &[panel],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_run_achieves_every_gate_on_the_reference() {
        let outcome = run(Options::default());
        assert!(outcome.forward.passed(), "{}", outcome.forward.to_table());
        assert!(outcome.training.passed(), "{}", outcome.training.to_table());
        assert_eq!(outcome.accuracy, Some(1.0));
        assert!(outcome.svg.contains("<line"));
    }

    #[test]
    fn the_run_is_reproducible() {
        let (a, b) = (run(Options::default()), run(Options::default()));
        assert_eq!(a.learned, b.learned);
        assert_eq!(a.log, b.log);
    }

    #[test]
    fn a_line_that_misclassifies_fails_the_accuracy_gate() {
        // The teacher's normal with offset -0.5 instead of 0.2: the points in the band
        // between the two parallel lines are on the wrong side.
        let data = separable(1958, 100, 0.1);
        let wrong = Weights {
            w: vec![0.8, -0.6],
            b: -0.5,
        };
        let log = RuleLog {
            mistakes_per_epoch: vec![3, 0],
            accuracy_per_epoch: vec![0.9, 1.0],
            converged: true,
        };
        let scores = plain_scores(&data, &wrong);
        let card = training_gates(&data, 100, &log, &wrong, &scores);
        let failed: Vec<&str> = card.failed().map(|g| g.name.as_str()).collect();
        assert_eq!(
            failed,
            ["training accuracy of the learned line (plain f32)"]
        );
    }

    #[test]
    fn a_forward_that_disagrees_with_the_weights_fails_its_gate() {
        let data = separable(1958, 20, 0.1);
        let teacher = Weights {
            w: TEACHER.w.to_vec(),
            b: TEACHER.b,
        };
        let log = RuleLog {
            mistakes_per_epoch: vec![0],
            accuracy_per_epoch: vec![1.0],
            converged: true,
        };
        // A forward that drops the bias gives x . w, off by b = 0.2 everywhere.
        let flat: Vec<f32> = data.points.iter().flatten().copied().collect();
        let no_bias = affine(&flat, 2, &teacher.w, &[0.0]);
        let card = training_gates(&data, 100, &log, &teacher, &no_bias);
        let failed: Vec<&str> = card.failed().map(|g| g.name.as_str()).collect();
        assert_eq!(
            failed,
            ["your forward on the training set = plain f32 with the learned weights"]
        );
    }

    #[test]
    fn a_rule_that_never_converges_fails_and_a_zero_line_is_not_drawn() {
        let data = separable(1958, 20, 0.1);
        let zero = Weights {
            w: vec![0.0, 0.0],
            b: 0.0,
        };
        let log = RuleLog {
            mistakes_per_epoch: vec![5; 100],
            accuracy_per_epoch: vec![0.5; 100],
            converged: false,
        };
        let scores = plain_scores(&data, &zero);
        let card = training_gates(&data, 100, &log, &zero, &scores);
        let failed: Vec<&str> = card.failed().map(|g| g.name.as_str()).collect();
        assert!(failed.contains(&"the rule converged: a pass without mistakes within 100 passes"));
        assert!(failed.contains(&"boundary drawn: the learned line crosses the plotted square"));
    }

    #[test]
    fn out_of_range_options_are_rejected_with_the_option_named() {
        let bad = Options {
            margin: 0.7,
            ..Options::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("--margin"));
        let bad = Options {
            learning_rate: f32::NAN,
            ..Options::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("--lr"));
        assert!(Options::default().validate().is_ok());
    }
}

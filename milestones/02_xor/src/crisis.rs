//! Milestone 02 end to end: the forward checks, the sanity runs (the same trainers learn
//! AND and OR), the XOR runs over seeds, learning rates and both learning rules, the
//! gates and the picture.

use crate::train_gradient;
use serde::Serialize;
use tinytorch_milestone_kit::{Gate, MilestoneError, Part, Scorecard};
use tinytorch_milestone_perceptron::{
    BoundaryPanel, Dataset, FORWARD_TOLERANCE, Line, PanelLine, Perceptron, RuleConfig, RuleLog,
    Stroke, Weights, accuracy, affine, agreement_gate, all_of_gate, boundary_svg, guarded, line_of,
    linear_forward_gate, max_abs_diff, panicked, train_rule, truth_table,
};
use tinytorch_tensor::{Tensor, seeded_rng};

/// The two ways a single layer learns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Rule {
    /// Rosenblatt's perceptron rule (1958), on the threshold unit.
    Perceptron,
    /// Gradient descent on the cross-entropy of a sigmoid unit (the delta rule's heir).
    Gradient,
}

impl Rule {
    /// Both rules.
    pub const ALL: [Rule; 2] = [Rule::Perceptron, Rule::Gradient];

    /// The name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Perceptron => "Rosenblatt's rule",
            Rule::Gradient => "gradient descent",
        }
    }
}

/// The three truth tables of the milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Task {
    /// `a AND b`: linearly separable.
    And,
    /// `a OR b`: linearly separable.
    Or,
    /// `a XOR b`: not linearly separable.
    Xor,
}

impl Task {
    /// The name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Task::And => "AND",
            Task::Or => "OR",
            Task::Xor => "XOR",
        }
    }

    /// The truth table.
    pub fn data(self) -> Dataset {
        match self {
            Task::And => truth_table(|a, b| a && b),
            Task::Or => truth_table(|a, b| a || b),
            Task::Xor => truth_table(|a, b| a != b),
        }
    }
}

/// What the run does; every field has a command-line option.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Options {
    /// Number of seeds per learning rate and rule (seeds `seed`, `seed + 1`, ...).
    pub seeds: u64,
    /// The first seed.
    pub seed: u64,
    /// The learning rates tried.
    pub learning_rates: Vec<f32>,
    /// Passes (Rosenblatt) or steps (gradient descent) of every run.
    pub epochs: usize,
}

impl Default for Options {
    /// The full run: 5 seeds from 1969, rates 0.01, 0.1 and 1, 10,000 passes or steps
    /// (gradient descent at rate 0.01 needs a few thousand steps to learn AND and OR).
    fn default() -> Self {
        Options {
            seeds: 5,
            seed: 1969,
            learning_rates: vec![0.01, 0.1, 1.0],
            epochs: 10_000,
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
        if !(1..=100).contains(&self.seeds) {
            return bad(format!(
                "--seeds {} is out of range: pass 1 to 100 (default 5)",
                self.seeds
            ));
        }
        if self.learning_rates.is_empty()
            || self
                .learning_rates
                .iter()
                .any(|r| !(r.is_finite() && *r > 0.0))
        {
            return bad(format!(
                "--lr {:?}: pass one or more positive numbers, e.g. --lr 0.01,0.1,1 (the default)",
                self.learning_rates
            ));
        }
        if !(1..=100_000).contains(&self.epochs) {
            return bad(format!(
                "--epochs {} is out of range: pass 1 to 100000 (default 10000)",
                self.epochs
            ));
        }
        Ok(())
    }
}

/// One training run of one single layer on one truth table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run {
    /// The truth table.
    pub task: Task,
    /// The learning rule.
    pub rule: Rule,
    /// The learning rate.
    pub learning_rate: f32,
    /// The seed of the initial weights.
    pub seed: u64,
    /// The best accuracy after any pass or step, by your forward.
    pub best_accuracy: f64,
    /// The accuracy of the learned weights, by your forward.
    pub final_accuracy: f64,
    /// The accuracy of the learned weights in plain f32 (not your code).
    pub plain_accuracy: f64,
    /// Max |your forward - plain f32| on the four inputs with the learned weights.
    pub forward_diff: f64,
    /// Mistakes in the last pass or step.
    pub last_mistakes: usize,
    /// Whether a pass (Rosenblatt) or the last step (gradient) made no mistake.
    pub converged: bool,
    /// The learned weights.
    pub learned: Weights,
}

/// Everything the milestone measured.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The options of the run.
    pub options: Options,
    /// Every training run: AND and OR first (the sanity check), then XOR.
    pub runs: Vec<Run>,
    /// The forward checks (your Linear, your sigmoid).
    pub forward: Scorecard,
    /// The sanity gates: the same trainers learn AND and OR.
    pub sanity: Scorecard,
    /// The crisis gates: no single layer solves XOR.
    pub crisis: Scorecard,
    /// The picture, as SVG text.
    #[serde(skip)]
    pub svg: String,
}

impl Outcome {
    /// Each part's verdict.
    pub fn parts(&self) -> Vec<Part> {
        vec![
            Part::of("forward of your Linear and sigmoid", &self.forward),
            Part::of("the same trainers learn AND and OR", &self.sanity),
            Part::of("no single layer solves XOR", &self.crisis),
        ]
    }

    /// The runs of `task`.
    pub fn runs_of(&self, task: Task) -> impl Iterator<Item = &Run> {
        self.runs.iter().filter(move |r| r.task == task)
    }
}

/// The accuracy a single line can reach on XOR at best: three of the four corners.
pub const XOR_CEILING: f64 = 0.75;

/// Trains one single layer with your code; a panic becomes `Err(message)`.
fn train(
    task: Task,
    rule: Rule,
    learning_rate: f32,
    seed: u64,
    epochs: usize,
) -> Result<Run, String> {
    let data = task.data();
    let config = RuleConfig {
        learning_rate,
        max_epochs: epochs,
    };
    guarded(|| {
        let p = Perceptron::new(2, &mut seeded_rng(seed));
        let log: RuleLog = match rule {
            Rule::Perceptron => train_rule(&p, &data, config),
            Rule::Gradient => train_gradient(&p, &data, config),
        };
        let scores = p.scores(&data.inputs());
        let learned = p.weights();
        let plain = plain_scores(&data, &learned);
        Run {
            task,
            rule,
            learning_rate,
            seed,
            best_accuracy: log.best_accuracy(),
            final_accuracy: accuracy(&scores, &data.labels),
            plain_accuracy: accuracy(&plain, &data.labels),
            forward_diff: max_abs_diff(&scores, &plain),
            last_mistakes: log.mistakes_per_epoch.last().copied().unwrap_or(0),
            converged: log.converged,
            learned,
        }
    })
}

/// `x . w + b` of the four corners in plain f32 (not your forward).
fn plain_scores(data: &Dataset, weights: &Weights) -> Vec<f32> {
    if weights.w.len() != 2 {
        return vec![f32::NAN; data.len()];
    }
    let flat: Vec<f32> = data.points.iter().flatten().copied().collect();
    affine(&flat, 2, &weights.w, &[weights.b])
}

/// The sigmoid of plain f32, the reference for your module 02.
fn plain_sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Your sigmoid (module 02) of your Linear's outputs on the fixed inputs equals the plain
/// f32 sigmoid of the plain f32 outputs.
pub fn sigmoid_forward_gate() -> Gate {
    use tinytorch_milestone_perceptron::{FIXED_B, FIXED_W, FIXED_X};
    let name = "forward: your sigmoid(Linear) on 4 fixed inputs = plain f32 1/(1+e^-z)";
    let yours = guarded(|| {
        let w = Tensor::from_vec(FIXED_W.to_vec(), &[2, 3]).expect("[2, 3]");
        let b = Tensor::from_vec(FIXED_B.to_vec(), &[3]).expect("[3]");
        let layer = tinytorch_layers::Linear::from_parameters(w, Some(b)).expect("fits");
        let x = Tensor::from_vec(FIXED_X.to_vec(), &[4, 2]).expect("[4, 2]");
        let z = tinytorch_layers::Module::forward(&layer, &x);
        tinytorch_activations::sigmoid(&z).to_vec()
    });
    match yours {
        Ok(yours) => {
            let expected: Vec<f32> = affine(&FIXED_X, 2, &FIXED_W, &FIXED_B)
                .into_iter()
                .map(plain_sigmoid)
                .collect();
            agreement_gate(name, max_abs_diff(&yours, &expected), FORWARD_TOLERANCE)
        }
        Err(message) => panicked(name, &message),
    }
}

/// Runs the milestone with `options` (already validated).
pub fn run(options: Options) -> Outcome {
    let mut forward = Scorecard::default();
    forward.push(linear_forward_gate());
    forward.push(sigmoid_forward_gate());
    let mut outcome = Outcome {
        options: options.clone(),
        runs: Vec::new(),
        forward,
        sanity: Scorecard::default(),
        crisis: Scorecard::default(),
        svg: String::new(),
    };
    let mut failure = None;
    'grid: for task in [Task::And, Task::Or, Task::Xor] {
        for rule in Rule::ALL {
            for &lr in &options.learning_rates {
                for seed in (0..options.seeds).map(|k| options.seed.wrapping_add(k)) {
                    match train(task, rule, lr, seed, options.epochs) {
                        Ok(run) => outcome.runs.push(run),
                        Err(message) => {
                            failure = Some(message);
                            break 'grid;
                        }
                    }
                }
            }
        }
    }
    match failure {
        Some(message) => {
            outcome.sanity.push(panicked(
                "training: your code trained a single layer",
                &message,
            ));
            // The crisis is judged on finished runs only: a trainer that crashed proves nothing.
            outcome.crisis.push(Gate::holds(
                "XOR: every single-layer run finished",
                false,
                "finished",
            ));
        }
        None => {
            outcome.sanity = sanity_gates(&outcome.runs);
            outcome.crisis = crisis_gates(&outcome.runs);
        }
    }
    outcome.svg = picture(&outcome);
    outcome
}

/// AND and OR, by each rule: every run reaches 100% (plain f32 on its learned weights)
/// and your forward agrees. A trainer that does nothing, or a layer stuck at zero, fails
/// here, so it cannot pass the crisis by "failing" XOR.
pub fn sanity_gates(runs: &[Run]) -> Scorecard {
    let mut card = Scorecard::default();
    for task in [Task::And, Task::Or] {
        for rule in Rule::ALL {
            let of: Vec<&Run> = runs
                .iter()
                .filter(|r| r.task == task && r.rule == rule)
                .collect();
            let perfect = of.iter().filter(|r| r.plain_accuracy == 1.0).count();
            card.push(all_of_gate(
                format!(
                    "{}: {} reaches 100% in every run (plain f32)",
                    task.name(),
                    rule.name()
                ),
                perfect,
                of.len(),
            ));
        }
    }
    card
}

/// XOR: the best accuracy any single-layer run reached, by your forward, is at most 75%
/// (a line classifies at most three of the four corners: 100% means the code is broken);
/// your forward equals plain f32 with every run's learned weights; Rosenblatt's rule
/// never completes a pass without mistakes.
pub fn crisis_gates(runs: &[Run]) -> Scorecard {
    let xor: Vec<&Run> = runs.iter().filter(|r| r.task == Task::Xor).collect();
    let mut card = Scorecard::default();
    let best = xor.iter().map(|r| r.best_accuracy).fold(0.0, f64::max);
    card.push(Gate {
        name: format!(
            "XOR: best accuracy of {} single-layer runs, your forward (100% = broken code)",
            xor.len()
        ),
        measured: format!("{:.1}%", 100.0 * best),
        bound: format!("<= {:.1}%", 100.0 * XOR_CEILING),
        // No runs measured nothing: that is not a pass.
        passed: !xor.is_empty() && best <= XOR_CEILING,
    });
    let worst_diff = runs.iter().map(|r| r.forward_diff).fold(0.0, f64::max);
    card.push(agreement_gate(
        format!(
            "your forward = plain f32 with the learned weights of all {} runs",
            runs.len()
        ),
        if runs.is_empty() {
            f64::INFINITY
        } else {
            worst_diff
        },
        FORWARD_TOLERANCE * 10.0,
    ));
    let rosenblatt: Vec<&&Run> = xor.iter().filter(|r| r.rule == Rule::Perceptron).collect();
    let converged = rosenblatt.iter().filter(|r| r.converged).count();
    card.push(Gate::holds(
        format!(
            "XOR: Rosenblatt's rule never has a pass without mistakes ({} runs)",
            rosenblatt.len()
        ),
        !rosenblatt.is_empty() && converged == 0,
        "never",
    ));
    card
}

/// XOR with every run's final line (each misses a corner), and one learned AND and OR.
fn picture(outcome: &Outcome) -> String {
    let range = (-0.5, 1.5);
    let points = |task: Task| {
        let data = task.data();
        data.points.into_iter().zip(data.labels).collect::<Vec<_>>()
    };
    let xor_lines: Vec<PanelLine> = outcome
        .runs_of(Task::Xor)
        .map(|r| PanelLine {
            line: line_of(&r.learned),
            stroke: Stroke::Faint,
            label: "a single layer's final line (one per run)".into(),
        })
        .collect();
    let best = outcome
        .runs_of(Task::Xor)
        .map(|r| r.best_accuracy)
        .fold(0.0, f64::max);
    let mut panels = vec![BoundaryPanel {
        title: "XOR: every single-layer attempt".into(),
        caption: format!(
            "{} runs, best {:.0}%: no line puts the two classes apart",
            xor_lines.len(),
            100.0 * best
        ),
        range,
        points: points(Task::Xor),
        lines: xor_lines,
        shade: None,
    }];
    for task in [Task::And, Task::Or] {
        let first = outcome.runs_of(task).find(|r| r.rule == Rule::Perceptron);
        let line: Option<Line> = first.map(|r| line_of(&r.learned));
        panels.push(BoundaryPanel {
            title: format!("{}: the same rule succeeds", task.name()),
            caption: first.map_or("not trained: see the report".into(), |r| {
                format!(
                    "Rosenblatt's rule, lr {}, seed {}: {:.0}%",
                    r.learning_rate,
                    r.seed,
                    100.0 * r.plain_accuracy
                )
            }),
            range,
            points: points(task),
            lines: line
                .map(|line| PanelLine {
                    line,
                    stroke: Stroke::Solid,
                    label: "learned boundary (shaded: class 1)".into(),
                })
                .into_iter()
                .collect(),
            shade: line,
        });
    }
    boundary_svg(
        "Milestone 02: the XOR crisis (1969) - one layer draws one line",
        &panels,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick() -> Options {
        Options {
            seeds: 2,
            seed: 1969,
            learning_rates: vec![0.1, 1.0],
            epochs: 2000,
        }
    }

    #[test]
    fn the_reference_passes_every_gate() {
        let outcome = run(quick());
        for card in [&outcome.forward, &outcome.sanity, &outcome.crisis] {
            assert!(card.passed(), "{}", card.to_table());
        }
        assert_eq!(outcome.runs.len(), 3 * 2 * 2 * 2);
    }

    #[test]
    fn a_line_never_gets_more_than_three_xor_corners() {
        // The ceiling the crisis gate uses, checked in plain f32 over a grid of lines.
        let xor = Task::Xor.data();
        let flat: Vec<f32> = xor.points.iter().flatten().copied().collect();
        let grid: Vec<f32> = (-8..=8).map(|k| k as f32 * 0.25).collect();
        for &w1 in &grid {
            for &w2 in &grid {
                for &b in &grid {
                    let scores = affine(&flat, 2, &[w1, w2], &[b]);
                    assert!(accuracy(&scores, &xor.labels) <= XOR_CEILING);
                }
            }
        }
    }

    fn fake(task: Task, rule: Rule, best: f64, plain: f64, converged: bool) -> Run {
        Run {
            task,
            rule,
            learning_rate: 0.1,
            seed: 0,
            best_accuracy: best,
            final_accuracy: best,
            plain_accuracy: plain,
            forward_diff: 0.0,
            last_mistakes: 0,
            converged,
            learned: Weights {
                w: vec![0.0, 0.0],
                b: 0.0,
            },
        }
    }

    #[test]
    fn a_forward_that_claims_xor_is_solved_fails_the_crisis() {
        let runs = vec![
            fake(Task::Xor, Rule::Perceptron, 0.75, 0.5, false),
            fake(Task::Xor, Rule::Gradient, 1.0, 0.75, true),
        ];
        let card = crisis_gates(&runs);
        let failed: Vec<&str> = card.failed().map(|g| g.name.as_str()).collect();
        assert_eq!(
            failed,
            ["XOR: best accuracy of 2 single-layer runs, your forward (100% = broken code)"]
        );
    }

    #[test]
    fn a_trainer_that_does_nothing_fails_the_sanity_check() {
        // A layer stuck at w = 0, b = 0 predicts class 1 everywhere: AND 25%, OR 75%, and
        // XOR 50%, which alone would "pass" the crisis.
        let runs: Vec<Run> = [Task::And, Task::Or]
            .into_iter()
            .flat_map(|t| {
                let acc = if t == Task::And { 0.25 } else { 0.75 };
                Rule::ALL.map(|r| fake(t, r, acc, acc, false))
            })
            .collect();
        let card = sanity_gates(&runs);
        assert_eq!(card.failed().count(), 4, "{}", card.to_table());
        let xor = vec![fake(Task::Xor, Rule::Perceptron, 0.5, 0.5, false)];
        assert!(crisis_gates(&xor).passed());
    }

    #[test]
    fn a_rosenblatt_run_that_converges_on_xor_fails() {
        let runs = vec![fake(Task::Xor, Rule::Perceptron, 0.75, 0.75, true)];
        let card = crisis_gates(&runs);
        assert!(!card.passed());
    }

    #[test]
    fn bad_options_are_rejected_with_the_option_named() {
        let o = Options {
            learning_rates: vec![0.1, -1.0],
            ..Options::default()
        };
        assert!(o.validate().unwrap_err().to_string().contains("--lr"));
        let o = Options {
            seeds: 0,
            ..Options::default()
        };
        assert!(o.validate().unwrap_err().to_string().contains("--seeds"));
        assert!(Options::default().validate().is_ok());
    }
}

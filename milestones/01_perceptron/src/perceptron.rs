//! Rosenblatt's perceptron built from the course's own parts: a `Linear(2, 1)` of module 03
//! (your weights, your forward, your tensor underneath) followed by the threshold unit,
//! trained by the perceptron learning rule of 1958.
//!
//! The rule, for one example `x` with class `t` and prediction `y = step(x . w + b)`:
//! `w <- w + lr (t - y) x` and `b <- b + lr (t - y)`. Nothing moves when the prediction is
//! right; a wrong one pulls the line toward the misclassified point. No gradient, no loss:
//! so the update is done with module 01's tensor operations directly, and the layer's
//! parameters record no graph.

use crate::Dataset;
use crate::independent::{accuracy, step};
use rand::Rng;
use tinytorch_layers::{Linear, Module};
use tinytorch_tensor::Tensor;

/// A single threshold unit over a module-03 `Linear(inputs, 1)`.
pub struct Perceptron {
    layer: Linear,
}

/// The weights of a one-output layer, read out of its parameters.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Weights {
    /// `w`, one value per input (the layer's `[inputs, 1]` weight, flattened).
    pub w: Vec<f32>,
    /// `b` (0 for a layer without bias).
    pub b: f32,
}

impl Perceptron {
    /// A perceptron whose weights module 03's `Linear::new` draws from `rng`.
    pub fn new(inputs: usize, rng: &mut impl Rng) -> Perceptron {
        Perceptron::from_layer(Linear::new(inputs, 1, rng))
    }

    /// A perceptron over an existing one-output layer.
    pub fn from_layer(layer: Linear) -> Perceptron {
        // 1958 had no backpropagation: the rule writes the weights itself, so recording a
        // graph for every update would only cost time and memory.
        for p in layer.parameters() {
            p.set_requires_grad(false);
        }
        Perceptron { layer }
    }

    /// The layer underneath.
    pub fn layer(&self) -> &Linear {
        &self.layer
    }

    /// The scores `x . w + b` of a batch `x` of shape `[n, inputs]`, through your `Linear`.
    pub fn scores(&self, x: &Tensor) -> Vec<f32> {
        self.layer.forward(x).to_vec()
    }

    /// The current weights, read from the layer's parameters.
    pub fn weights(&self) -> Weights {
        let w = self.layer.weight().get().to_vec();
        let b = self.layer.bias().map_or(0.0, |b| {
            b.get().to_vec().first().copied().unwrap_or(f32::NAN)
        });
        Weights { w, b }
    }

    /// One step of the rule for the example `row` (`[1, inputs]`) with error `t - y`.
    fn update(&self, row: &Tensor, error: f32, learning_rate: f32) {
        let weight = self.layer.weight();
        // x is a row [1, inputs]; the weight is a column [inputs, 1]: add lr (t - y) x^T.
        weight.set(weight.get().add(&row.t().mul_scalar(learning_rate * error)));
        if let Some(bias) = self.layer.bias() {
            bias.set(bias.get().add_scalar(learning_rate * error));
        }
    }
}

/// How long and how fast the rule learns.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct RuleConfig {
    /// The step size `lr` of the rule.
    pub learning_rate: f32,
    /// Passes over the data at most; the rule stops earlier after a pass without mistakes.
    pub max_epochs: usize,
}

/// What a training run of the rule did.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RuleLog {
    /// Mistakes (= updates) in each pass over the data.
    pub mistakes_per_epoch: Vec<usize>,
    /// Accuracy after each pass, by your forward on the whole set (a batch).
    pub accuracy_per_epoch: Vec<f64>,
    /// Whether a pass made no mistake (the rule then stops: nothing would move again).
    pub converged: bool,
}

impl RuleLog {
    /// The number of passes made.
    pub fn epochs(&self) -> usize {
        self.mistakes_per_epoch.len()
    }

    /// The number of updates made in all.
    pub fn updates(&self) -> usize {
        self.mistakes_per_epoch.iter().sum()
    }

    /// The best accuracy reached after any pass (0 before the first).
    pub fn best_accuracy(&self) -> f64 {
        self.accuracy_per_epoch.iter().copied().fold(0.0, f64::max)
    }
}

/// Trains `p` on `data` with Rosenblatt's rule: the examples in their order, one at a
/// time, predicted by your forward and corrected by the rule; a pass without mistakes
/// ends the run.
///
/// ```
/// use tinytorch_milestone_perceptron::{Perceptron, RuleConfig, train_rule, truth_table};
/// use tinytorch_tensor::seeded_rng;
/// let and = truth_table(|a, b| a && b);
/// let p = Perceptron::new(2, &mut seeded_rng(0));
/// let log = train_rule(&p, &and, RuleConfig { learning_rate: 0.1, max_epochs: 100 });
/// assert!(log.converged);
/// assert_eq!(log.best_accuracy(), 1.0);
/// ```
pub fn train_rule(p: &Perceptron, data: &Dataset, config: RuleConfig) -> RuleLog {
    let (rows, batch) = (data.rows(), data.inputs());
    let mut log = RuleLog {
        mistakes_per_epoch: Vec::new(),
        accuracy_per_epoch: Vec::new(),
        converged: false,
    };
    for _ in 0..config.max_epochs {
        let mut mistakes = 0;
        for (row, &target) in rows.iter().zip(&data.labels) {
            let score = p.scores(row).first().copied().unwrap_or(f32::NAN);
            let error = target - step(score);
            if error != 0.0 {
                p.update(row, error, config.learning_rate);
                mistakes += 1;
            }
        }
        log.mistakes_per_epoch.push(mistakes);
        log.accuracy_per_epoch
            .push(accuracy(&p.scores(&batch), &data.labels));
        if mistakes == 0 {
            log.converged = true;
            break;
        }
    }
    log
}

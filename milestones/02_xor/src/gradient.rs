//! The second way a single layer can learn: gradient descent on a sigmoid unit (logistic
//! regression; Widrow and Hoff's delta rule of 1960 did the same on a linear unit). The
//! gradient of the mean cross-entropy of `sigma(x w + b)` is worked by hand, so modules
//! 01-03 suffice: `dL/dw = X^T (sigma(z) - t) / n`, `dL/db = mean(sigma(z) - t)`.
//!
//! Unlike Rosenblatt's rule it moves on every step, also when every prediction is right,
//! and it runs all its steps (no early stop): "however long it trains".

use tinytorch_activations::sigmoid;
use tinytorch_layers::Module;
use tinytorch_milestone_perceptron::{Dataset, Perceptron, RuleConfig, RuleLog, accuracy, step};
use tinytorch_tensor::Tensor;

/// Trains `p` on `data` by full-batch gradient descent on the cross-entropy of a sigmoid
/// unit, `config.max_epochs` steps at rate `config.learning_rate`, through your tensor
/// operations (module 01), your sigmoid (module 02) and your `Linear` (module 03).
///
/// The log's mistakes are those of each step's predictions `step(z)` before the update;
/// its accuracy is your forward's after the update; `converged` means the last step's
/// predictions were all right.
///
/// ```
/// use tinytorch_milestone_perceptron::{Perceptron, RuleConfig, truth_table};
/// use tinytorch_milestone_xor::train_gradient;
/// use tinytorch_tensor::seeded_rng;
/// let or = truth_table(|a, b| a || b);
/// let p = Perceptron::new(2, &mut seeded_rng(0));
/// let log = train_gradient(&p, &or, RuleConfig { learning_rate: 1.0, max_epochs: 500 });
/// assert_eq!(log.accuracy_per_epoch.last(), Some(&1.0));
/// ```
pub fn train_gradient(p: &Perceptron, data: &Dataset, config: RuleConfig) -> RuleLog {
    let x = data.inputs();
    let x_t = x.t();
    let n = data.len();
    let targets = Tensor::from_vec(data.labels.clone(), &[n, 1]).expect("n labels make [n, 1]");
    let scale = config.learning_rate / n as f32;
    let (weight, bias) = (p.layer().weight(), p.layer().bias());
    let mut log = RuleLog {
        mistakes_per_epoch: Vec::with_capacity(config.max_epochs),
        accuracy_per_epoch: Vec::with_capacity(config.max_epochs),
        converged: false,
    };
    for _ in 0..config.max_epochs {
        let z = p.layer().forward(&x);
        let mistakes = z
            .to_vec()
            .iter()
            .zip(&data.labels)
            .filter(|&(&s, &t)| step(s) != t)
            .count();
        // The error sigma(z) - t is dL/dz of the mean cross-entropy, times n.
        let error = sigmoid(&z).sub(&targets);
        weight.set(weight.get().sub(&x_t.matmul(&error).mul_scalar(scale)));
        if let Some(bias) = bias {
            bias.set(bias.get().sub(&error.sum(0, false).mul_scalar(scale)));
        }
        log.mistakes_per_epoch.push(mistakes);
        log.accuracy_per_epoch
            .push(accuracy(&p.scores(&x), &data.labels));
        log.converged = mistakes == 0;
    }
    log
}

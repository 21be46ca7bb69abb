//! The independent reference: the forward pass, the cross-entropy and the accuracy of a
//! `Linear -> activation -> Linear` network in plain f64 loops over the weights' numbers.
//! It uses none of the course's tensor ops, activations, losses or metrics, so a gate that
//! compares your modules with it catches a module that is wrong (a gate that compared your
//! code with itself could not).

use tinytorch_layers::Module;

/// The hidden activation of a [`TwoLayer`] network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hidden {
    /// `max(0, x)`.
    Relu,
    /// `tanh(x)`.
    Tanh,
}

/// The numbers of a `Linear(i, h) -> activation -> Linear(h, o)` network, copied out of a
/// model: `w1` is `i x h` row-major (the course's `[in, out]` layout), `w2` is `h x o`.
#[derive(Clone, Debug, PartialEq)]
pub struct TwoLayer {
    /// Inputs.
    pub inputs: usize,
    /// Hidden units.
    pub hidden: usize,
    /// Outputs (classes).
    pub outputs: usize,
    /// The first weight, `inputs x hidden`, row-major.
    pub w1: Vec<f64>,
    /// The first bias.
    pub b1: Vec<f64>,
    /// The second weight, `hidden x outputs`, row-major.
    pub w2: Vec<f64>,
    /// The second bias.
    pub b2: Vec<f64>,
    /// The activation between the layers.
    pub activation: Hidden,
}

impl TwoLayer {
    /// The numbers of `model`'s four parameters, in order (weight, bias, weight, bias).
    ///
    /// # Errors
    /// A message naming what differs when the model does not have exactly these
    /// parameters with these shapes (a layer missing, a bias dropped, another layout).
    pub fn from_model(
        model: &dyn Module,
        (inputs, hidden, outputs): (usize, usize, usize),
        activation: Hidden,
    ) -> Result<TwoLayer, String> {
        let params = model.parameters();
        let shapes: Vec<Vec<usize>> = params.iter().map(|p| p.shape()).collect();
        let expected = vec![
            vec![inputs, hidden],
            vec![hidden],
            vec![hidden, outputs],
            vec![outputs],
        ];
        if shapes != expected {
            return Err(format!(
                "the model's parameters have shapes {shapes:?}, expected {expected:?} \
                 (Linear({inputs}, {hidden}) then Linear({hidden}, {outputs}), with biases)"
            ));
        }
        let numbers = |i: usize| -> Vec<f64> {
            params[i]
                .get()
                .to_vec()
                .into_iter()
                .map(f64::from)
                .collect()
        };
        Ok(TwoLayer {
            inputs,
            hidden,
            outputs,
            w1: numbers(0),
            b1: numbers(1),
            w2: numbers(2),
            b2: numbers(3),
            activation,
        })
    }

    /// The logits of one input row.
    ///
    /// # Panics
    /// If `x` does not hold `inputs` values.
    pub fn logits(&self, x: &[f64]) -> Vec<f64> {
        assert_eq!(x.len(), self.inputs, "TwoLayer::logits: input length");
        let hidden: Vec<f64> = (0..self.hidden)
            .map(|j| {
                let z = self.b1[j]
                    + (0..self.inputs)
                        .map(|i| x[i] * self.w1[i * self.hidden + j])
                        .sum::<f64>();
                match self.activation {
                    Hidden::Relu => z.max(0.0),
                    Hidden::Tanh => z.tanh(),
                }
            })
            .collect();
        (0..self.outputs)
            .map(|k| {
                self.b2[k]
                    + (0..self.hidden)
                        .map(|j| hidden[j] * self.w2[j * self.outputs + k])
                        .sum::<f64>()
            })
            .collect()
    }
}

/// The index of the largest value (the first one on a tie, as PyTorch's argmax).
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

/// The cross-entropy `-ln softmax(logits)[label]`, computed with the max shift.
///
/// ```
/// use tinytorch_milestone_mlp::independent::cross_entropy;
/// // Two equal logits: ln 2.
/// assert!((cross_entropy(&[3.0, 3.0], 0) - 2f64.ln()).abs() < 1e-12);
/// ```
pub fn cross_entropy(logits: &[f64], label: usize) -> f64 {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = logits.iter().map(|&z| (z - max).exp()).sum();
    max + sum.ln() - logits[label]
}

/// The mean cross-entropy and the number of rows classified correctly by `net` over
/// `rows` (row-major, `net.inputs` values each) and their `labels`.
pub fn score(net: &TwoLayer, rows: &[f32], labels: &[usize]) -> (f64, usize) {
    let (mut loss, mut correct) = (0.0, 0);
    for (row, &label) in rows.chunks(net.inputs).zip(labels) {
        let x: Vec<f64> = row.iter().map(|&v| f64::from(v)).collect();
        let logits = net.logits(&x);
        loss += cross_entropy(&logits, label);
        correct += usize::from(argmax(&logits) == label);
    }
    (loss / labels.len().max(1) as f64, correct)
}

/// `||after - before|| / ||before||` (Euclidean norms): how far training moved a weight,
/// relative to its initial size. Infinite when `before` is all zeros and `after` is not.
///
/// ```
/// use tinytorch_milestone_mlp::independent::relative_change;
/// assert_eq!(relative_change(&[3.0, 4.0], &[3.0, 4.0]), 0.0);
/// assert_eq!(relative_change(&[3.0, 4.0], &[0.0, 4.0]), 0.6);
/// ```
pub fn relative_change(before: &[f64], after: &[f64]) -> f64 {
    let norm = |v: &mut dyn Iterator<Item = f64>| v.map(|x| x * x).sum::<f64>().sqrt();
    let moved = norm(&mut before.iter().zip(after).map(|(a, b)| b - a));
    let size = norm(&mut before.iter().copied());
    if size == 0.0 {
        if moved == 0.0 { 0.0 } else { f64::INFINITY }
    } else {
        moved / size
    }
}

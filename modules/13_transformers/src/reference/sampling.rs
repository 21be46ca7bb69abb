//! Task 13.5 (part 1): choosing the next token from a row of logits.

use crate::{ModelError, Sampling};
use rand::Rng;

impl Sampling {
    /// Checks the setting: temperatures must be positive and finite, `k` at least 1.
    ///
    /// # Errors
    /// [`ModelError::InvalidTemperature`] or [`ModelError::ZeroTopK`].
    ///
    /// ```
    /// use tinytorch_transformers::{ModelError, Sampling};
    /// assert!(Sampling::Temperature(0.8).validate().is_ok());
    /// assert_eq!(
    ///     Sampling::Temperature(0.0).validate(),
    ///     Err(ModelError::InvalidTemperature { temperature: 0.0 })
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), ModelError> {
        // BEGIN SOLUTION 13.5
        let temperature = match *self {
            Sampling::Greedy => return Ok(()),
            Sampling::Temperature(t) => t,
            Sampling::TopK { k: 0, .. } => return Err(ModelError::ZeroTopK),
            Sampling::TopK { temperature, .. } => temperature,
        };
        if temperature.is_finite() && temperature > 0.0 {
            Ok(())
        } else {
            Err(ModelError::InvalidTemperature { temperature })
        }
        // END SOLUTION
    }
}

/// Picks a token id from one row of logits `[V]` with the strategy `sampling`, drawing
/// at most one random number from `rng` (none for greedy). The same `rng` state gives the
/// same token.
///
/// # Errors
/// As [`Sampling::validate`].
///
/// # Panics
/// If `logits` is empty.
///
/// ```
/// use tinytorch_tensor::seeded_rng;
/// use tinytorch_transformers::{Sampling, sample_token};
/// let logits = [0.5, 3.0, -1.0, 2.0];
/// let mut rng = seeded_rng(0);
/// assert_eq!(sample_token(&logits, Sampling::Greedy, &mut rng), Ok(1));
/// let top2 = Sampling::TopK { k: 2, temperature: 1.0 };
/// let id = sample_token(&logits, top2, &mut rng).unwrap();
/// assert!(id == 1 || id == 3); // only the two largest logits can be drawn
/// ```
pub fn sample_token(
    logits: &[f32],
    sampling: Sampling,
    rng: &mut impl Rng,
) -> Result<usize, ModelError> {
    assert!(
        !logits.is_empty(),
        "sample_token: the row of logits is empty (a vocabulary of 0 tokens)"
    );
    // BEGIN SOLUTION 13.5
    sampling.validate()?;
    let id = match sampling {
        Sampling::Greedy => argmax(logits),
        Sampling::Temperature(t) => {
            let all: Vec<usize> = (0..logits.len()).collect();
            sample_softmax(logits, &all, t, rng)
        }
        Sampling::TopK { k, temperature } => {
            sample_softmax(logits, &top_k(logits, k), temperature, rng)
        }
    };
    Ok(id)
    // END SOLUTION
}

/// The index of the largest logit, the first one on ties.
fn argmax(logits: &[f32]) -> usize {
    // BEGIN SOLUTION 13.5
    let mut best = 0;
    for (i, &v) in logits.iter().enumerate() {
        if v > logits[best] {
            best = i;
        }
    }
    best
    // END SOLUTION
}

/// The indices of the `k` largest logits (all of them when `k >= V`), largest first.
fn top_k(logits: &[f32], k: usize) -> Vec<usize> {
    // BEGIN SOLUTION 13.5
    let mut order: Vec<usize> = (0..logits.len()).collect();
    // A stable sort, so equal logits keep the lower id first.
    order.sort_by(|&a, &b| logits[b].total_cmp(&logits[a]));
    order.truncate(k);
    order
    // END SOLUTION
}

/// Draws one of `candidates` with probability `softmax(logits[c] / temperature)` over the
/// candidates, from one uniform number of `rng`.
fn sample_softmax(
    logits: &[f32],
    candidates: &[usize],
    temperature: f32,
    rng: &mut impl Rng,
) -> usize {
    // BEGIN SOLUTION 13.5
    // In f64 and shifted by the max: exp never overflows and the weights sum accurately.
    let scaled: Vec<f64> = candidates
        .iter()
        .map(|&i| f64::from(logits[i]) / f64::from(temperature))
        .collect();
    let max = scaled.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = scaled.iter().map(|&s| (s - max).exp()).collect();
    let total: f64 = weights.iter().sum();
    // Inverse CDF: walk the cumulative weights until they pass u * total.
    let mut u = rng.random::<f64>() * total;
    for (&id, &w) in candidates.iter().zip(&weights) {
        if u < w {
            return id;
        }
        u -= w;
    }
    // Rounding can leave u a hair above the last weight.
    candidates[candidates.len() - 1]
    // END SOLUTION
}

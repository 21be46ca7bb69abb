//! Task 20.5: your own entry, and whether it beats the baseline.

use crate::{CapstoneError, Event, Margins, Measured, Rules};
use std::path::Path;
use tinytorch_dataloader::Digits;
use tinytorch_layers::Sequential;

/// Writes YOUR optimized version of the trained digit classifier `model` to `path`, in a
/// format [`EntryModel::load`](crate::EntryModel::load) reads. It must stay at or above the
/// accuracy floor and beat the f32 baseline by the [`Margins`] in at least one event
/// (task 20.5's test checks both on the held-out digits).
///
/// The reference quantizes every layer to INT8 with module 15 (`quantize_model`),
/// calibrating on the training digits (never the test digits: calibrating on the data
/// you are scored on is tuning to the test), and saves it with module 15's `save`: about
/// a third of the f32 file. Pruning (module 16) before quantizing, a wider model, or FP16
/// are other roads; measure before you choose.
///
/// # Errors
/// [`CapstoneError::Model`] if the model cannot be optimized or written.
pub fn optimized_model(
    model: &Sequential,
    digits: &Digits,
    path: &Path,
) -> Result<(), CapstoneError> {
    // BEGIN SOLUTION 20.5
    let error = |e: tinytorch_quantization::QuantError| CapstoneError::Model {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let calibration = [digits.train.inputs().clone()];
    let quantized = tinytorch_quantization::quantize_model(model, &calibration).map_err(error)?;
    tinytorch_quantization::save(&quantized, path).map_err(error)
    // END SOLUTION
}

/// The events in which `entry` beats `baseline` by `margins` (in [`Event::ALL`] order).
/// In each, the entry must QUALIFY under `rules`, and:
///
/// - Fastest: `entry p90 <= latency_ratio * baseline p90`;
/// - Smallest: `entry size <= size_ratio * baseline size`;
/// - Most accurate: `entry accuracy >= baseline accuracy + accuracy_gain`;
/// - All-around: `entry score >= all_around_ratio * baseline score`.
///
/// ```
/// use tinytorch_capstone::{Event, Margins, Measured, Rules, beats};
/// let baseline = Measured { accuracy: 0.96, correct: 0, samples: 364, latency_p90_ms: 0.05, size_bytes: 9_900 };
/// let int8 = Measured { size_bytes: 3_300, ..baseline.clone() };
/// assert_eq!(beats(&int8, &baseline, &Rules::standard(), &Margins::standard()), [Event::Smallest, Event::AllAround]);
/// ```
pub fn beats(
    entry: &Measured,
    baseline: &Measured,
    rules: &Rules,
    margins: &Margins,
) -> Vec<Event> {
    // BEGIN SOLUTION 20.5
    Event::ALL
        .into_iter()
        .filter(|event| event.disqualifications(entry, rules).is_empty())
        .filter(|&event| {
            let (e, b) = (event.score(entry, rules), event.score(baseline, rules));
            match event {
                Event::Fastest => e <= margins.latency_ratio * b,
                Event::Smallest => e <= margins.size_ratio * b,
                Event::MostAccurate => e >= b + margins.accuracy_gain,
                Event::AllAround => e >= margins.all_around_ratio * b,
            }
        })
        .collect()
    // END SOLUTION
}

//! The digit classifier as module 19's system under test (shared code), and the settings
//! of a measurement.

use crate::EntryModel;
use ndarray::{Axis, stack};
use std::time::Duration;
use tinytorch_benchmarking::{BenchConfig, SystemUnderTest};
use tinytorch_tensor::Tensor;

/// An [`EntryModel`] answering queries of test-digit ids with predicted digits. Each
/// digit is prepared once as its own `[1, 64]` tensor, so a SingleStream query times the
/// model alone, not the copying of its input.
pub struct DigitSystem<'a> {
    name: String,
    model: &'a EntryModel,
    rows: Vec<Tensor>,
}

impl<'a> DigitSystem<'a> {
    /// A system answering with `model`'s predictions for the rows of `inputs` (`[N, 64]`).
    pub fn new(name: &str, model: &'a EntryModel, inputs: &Tensor) -> DigitSystem<'a> {
        let rows = inputs
            .data()
            .axis_iter(Axis(0))
            .map(|row| Tensor::from_array(row.insert_axis(Axis(0)).to_owned()))
            .collect();
        DigitSystem {
            name: name.to_string(),
            model,
            rows,
        }
    }
}

impl SystemUnderTest for DigitSystem<'_> {
    type Output = usize;

    fn name(&self) -> String {
        self.name.clone()
    }

    fn issue(&mut self, ids: &[usize]) -> Vec<usize> {
        if let [id] = ids {
            return self.model.predict(&self.rows[*id]);
        }
        let views: Vec<_> = ids
            .iter()
            .map(|&id| self.rows[id].data().index_axis(Axis(0), 0))
            .collect();
        let batch = stack(Axis(0), &views).expect("every row is [64]");
        self.model.predict(&Tensor::from_array(batch.into_dyn()))
    }
}

/// How a model's latency is measured: module 19's SingleStream settings, and how many
/// runs (the fastest p90 of them counts, so that a burst of load on the measuring machine
/// during one run does not get an honest entry rejected).
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureConfig {
    /// The harness settings (warm-up, minimum queries and duration, seed).
    pub bench: BenchConfig,
    /// SingleStream runs; the lowest p90 counts.
    pub runs: usize,
}

impl MeasureConfig {
    /// The leaderboard's settings: 100 warm-up queries, then at least 2,000 queries and
    /// 0.3 s per run, 3 runs.
    pub fn standard() -> MeasureConfig {
        MeasureConfig {
            bench: BenchConfig {
                warmup: 100,
                min_queries: 2_000,
                min_duration: Duration::from_millis(300),
                ..BenchConfig::default()
            },
            runs: 3,
        }
    }

    /// Settings for tests and smoke checks: 20 warm-up queries, then 300 queries and no
    /// minimum duration per run, 3 runs.
    pub fn quick() -> MeasureConfig {
        MeasureConfig {
            bench: BenchConfig {
                warmup: 20,
                min_queries: 300,
                min_duration: Duration::ZERO,
                ..BenchConfig::default()
            },
            runs: 3,
        }
    }
}

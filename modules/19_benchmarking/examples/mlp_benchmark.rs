//! The three MLPerf scenarios and an interleaved A/B comparison on a small MLP with random
//! weights (64 -> 256 -> 256 -> 10), on the machine's real clock.
//!
//! ```text
//! cargo run --release -p tinytorch-benchmarking --example mlp_benchmark [-- --json]
//! ```
//!
//! The "right answers" are the model's own predictions from one batched forward pass made
//! before the benchmark (MLPerf likewise judges a system against a reference model's
//! outputs), so a system that computes something else fails the accuracy gate. The A/B
//! comparison runs the same model with the autograd graph recorded (parameters that
//! require gradients, as in training) against the inference path under `no_grad`.

use ndarray::{Array2, ArrayView1, Axis, Ix2};
use std::time::Duration;
use tinytorch_activations::Relu;
use tinytorch_autograd::no_grad;
use tinytorch_benchmarking::{
    BenchConfig, BenchError, BenchReport, Harness, QuerySampleLibrary, ServerConfig,
    SystemUnderTest,
};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_tensor::{Tensor, seeded_rng};

/// Samples in the data set.
const SAMPLES: usize = 512;
/// Input features.
const FEATURES: usize = 64;

/// The MLP answering queries: the class with the largest logit for each sample.
struct MlpSystem {
    name: String,
    model: Sequential,
    inputs: Array2<f32>,
    /// Run the forward pass with the graph recorded (as in training), or under `no_grad`.
    record_graph: bool,
}

impl MlpSystem {
    /// The predicted class of every row of `x`.
    fn predict(&self, x: &Tensor) -> Vec<usize> {
        let logits = if self.record_graph {
            self.model.forward(x)
        } else {
            no_grad(&self.model, |m| m.forward(x))
        };
        let logits = logits
            .data()
            .clone()
            .into_dimensionality::<Ix2>()
            .expect("the MLP returns [batch, classes]");
        logits.rows().into_iter().map(argmax).collect()
    }
}

impl SystemUnderTest for MlpSystem {
    type Output = usize;

    fn name(&self) -> String {
        self.name.clone()
    }

    fn issue(&mut self, ids: &[usize]) -> Vec<usize> {
        // Gathering the rows is part of serving a query, so it is inside the timed call.
        let batch = self.inputs.select(Axis(0), ids);
        self.predict(&Tensor::from_array(batch.into_dyn()))
    }
}

/// The index of the largest value (the first on ties).
fn argmax(row: ArrayView1<'_, f32>) -> usize {
    row.iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, &v)| {
            if v > best.1 { (i, v) } else { best }
        })
        .0
}

/// The MLP, its inputs, and the library judging answers against its own predictions.
fn setup(record_graph: bool) -> (MlpSystem, QuerySampleLibrary<usize>) {
    let mut rng = seeded_rng(19);
    let model = Sequential::new()
        .add(Linear::new(FEATURES, 256, &mut rng))
        .add(Relu)
        .add(Linear::new(256, 256, &mut rng))
        .add(Relu)
        .add(Linear::new(256, 10, &mut rng));
    let inputs = Tensor::randn(&[SAMPLES, FEATURES], &mut rng)
        .data()
        .clone()
        .into_dimensionality::<Ix2>()
        .expect("2-D inputs");
    let name = if record_graph {
        "mlp (graph recorded)"
    } else {
        "mlp (no_grad)"
    };
    let system = MlpSystem {
        name: name.to_string(),
        model,
        inputs,
        record_graph,
    };
    let all: Vec<usize> = (0..SAMPLES).collect();
    let labels = system.issue_all(&all);
    let qsl = QuerySampleLibrary::with_labels("random-64d", labels).expect("non-empty");
    (system, qsl)
}

impl MlpSystem {
    /// One batched pass over `ids`, outside any benchmark: the reference answers.
    fn issue_all(&self, ids: &[usize]) -> Vec<usize> {
        let batch = self.inputs.select(Axis(0), ids);
        self.predict(&Tensor::from_array(batch.into_dyn()))
    }
}

fn main() -> Result<(), BenchError> {
    let json = std::env::args().any(|a| a == "--json");
    let (mut mlp, qsl) = setup(false);
    let base = BenchConfig {
        warmup: 20,
        min_queries: 500,
        min_duration: Duration::from_secs(1),
        batch_size: 64,
        accuracy_target: 0.99,
        ..BenchConfig::default()
    };

    let single = Harness::new(base.clone())?.run_single_stream(&mut mlp, &qsl)?;
    show(&single, json);
    show(
        &Harness::new(base.clone())?.run_offline(&mut mlp, &qsl)?,
        json,
    );

    // Server at half and at 90% of the rate one query at a time can sustain, with a bound
    // of 5 times the single-stream median: queueing, not the model, decides the tail.
    let service_rate = 1e3 / single.latency_ms.mean;
    let bound = Duration::from_secs_f64(5.0 * single.latency_ms.median / 1e3);
    for load in [0.5, 0.9] {
        let config = BenchConfig {
            server: ServerConfig {
                target_qps: load * service_rate,
                latency_bound: bound,
                percentile: 99.0,
            },
            ..base.clone()
        };
        println!(
            "Server at {:.0}% of the single-stream service rate:",
            100.0 * load
        );
        show(&Harness::new(config)?.run_server(&mut mlp, &qsl)?, json);
    }

    let (mut recorded, _) = setup(true);
    let ab_config = BenchConfig {
        ab_rounds: 31,
        warmup: 4,
        ..base
    };
    let ab = Harness::new(ab_config)?.compare_ab(&mut recorded, &mut mlp, &qsl)?;
    if json {
        println!("{}", ab.to_json());
    } else {
        println!("{}", ab.to_table());
    }
    Ok(())
}

/// Prints a report as a table, or as JSON with `--json`.
fn show(report: &BenchReport, json: bool) {
    if json {
        println!("{}", report.to_json());
    } else {
        println!("{}", report.to_table());
    }
}

//! `ProfileReport`: the rows of a profile, their totals and the bottleneck, as an ASCII
//! table or JSON (shared code).

use crate::{
    ForwardTiming, LayerCost, ProfileError, activation_bytes, peak_activation_bytes, profile_layers,
};
use serde::Serialize;
use std::fmt::Write;
use tinytorch_layers::Module;
use tinytorch_transformers::GptConfig;

/// The small GPT of the lesson's report (the README's table, the `profile_networks`
/// example, the report snapshots): `V` 38 (tinytalk's characters), `D` 64, 2 layers of 4
/// heads, contexts of up to 32 tokens.
pub const REPORT_GPT: GptConfig = GptConfig {
    vocab_size: 38,
    d_model: 64,
    num_layers: 2,
    num_heads: 4,
    max_seq_len: 32,
    seed: 0,
};

/// Sums over the rows of a [`ProfileReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Totals {
    /// Parameters, summed over the rows (a parameter tied between two layers counts twice
    /// here; [`count_parameters`](crate::count_parameters) counts it once).
    pub params: usize,
    /// FLOPs of one forward pass over the whole input shape.
    pub flops: u64,
    /// Bytes of the parameters.
    pub param_bytes: usize,
    /// Bytes of the input.
    pub input_bytes: usize,
    /// Bytes of every layer's output: what training keeps for the backward pass.
    pub activation_bytes: usize,
    /// The most activation bytes alive at once in inference
    /// ([`peak_activation_bytes`](crate::peak_activation_bytes)).
    pub peak_activation_bytes: usize,
    /// Arithmetic intensity: FLOPs per byte of parameters, input and outputs, each moved
    /// once. Below a machine's FLOP/s divided by its bytes/s, the pass is memory-bound.
    pub flops_per_byte: f64,
}

/// A model's profile: one row per layer, totals, the bottleneck and, optionally, timings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProfileReport {
    /// The model's [`Module::name`] (e.g. `"Sequential(3 layers)"`).
    pub model: String,
    /// The input shape the counts are for (batch axis included).
    pub input_shape: Vec<usize>,
    /// One row per layer, in forward order.
    pub rows: Vec<LayerCost>,
    /// Sums over the rows.
    pub totals: Totals,
    /// The row with the most FLOPs: where the arithmetic is.
    pub bottleneck: String,
    /// Measured per-layer times, when attached with [`ProfileReport::with_timing`]. Left
    /// out of the JSON when absent, so reports of counts alone are deterministic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<ForwardTiming>,
}

impl ProfileReport {
    /// Profiles `model` for an input of shape `input_shape` (see
    /// [`profile_layers`](crate::profile_layers)).
    ///
    /// # Errors
    /// As [`profile_layers`](crate::profile_layers).
    ///
    /// ```
    /// use tinytorch_convolutions::simple_cnn;
    /// use tinytorch_profiling::ProfileReport;
    /// let report = ProfileReport::new(&simple_cnn(0), &[1, 1, 8, 8]).unwrap();
    /// assert_eq!(report.totals.params, 666);
    /// assert!(report.to_table().contains("Conv2d"));
    /// ```
    pub fn new(model: &dyn Module, input_shape: &[usize]) -> Result<ProfileReport, ProfileError> {
        let rows = profile_layers(model, input_shape)?;
        let outputs: Vec<usize> = rows.iter().map(|r| r.activation_bytes).collect();
        let input_bytes = activation_bytes(input_shape);
        let param_bytes = rows.iter().map(|r| r.param_bytes).sum();
        let activation_total = outputs.iter().sum();
        let flops = rows.iter().map(|r| r.flops).sum();
        let moved = (param_bytes + input_bytes + activation_total) as f64;
        let totals = Totals {
            params: rows.iter().map(|r| r.params).sum(),
            flops,
            param_bytes,
            input_bytes,
            activation_bytes: activation_total,
            peak_activation_bytes: peak_activation_bytes(input_bytes, &outputs),
            flops_per_byte: if moved > 0.0 {
                flops as f64 / moved
            } else {
                0.0
            },
        };
        // The first row with the most FLOPs (max_by_key would pick the last).
        let bottleneck = rows
            .iter()
            .fold(None::<&LayerCost>, |best, r| match best {
                Some(b) if b.flops >= r.flops => Some(b),
                _ => Some(r),
            })
            .map_or_else(String::new, |r| r.name.clone());
        Ok(ProfileReport {
            model: model.name(),
            input_shape: input_shape.to_vec(),
            rows,
            totals,
            bottleneck,
            timing: None,
        })
    }

    /// The report with measured timings attached (from
    /// [`profile_forward_time`](crate::profile_forward_time)).
    #[must_use]
    pub fn with_timing(mut self, timing: ForwardTiming) -> ProfileReport {
        self.timing = Some(timing);
        self
    }

    /// The report as an ASCII table with fixed columns, one line per layer, then the
    /// totals; timings (when attached) as a second table.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let line = "-".repeat(122);
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "Profile of {} for input {:?}",
            self.model, self.input_shape
        );
        let _ = writeln!(
            out,
            "{:<10} {:<46} {:<16} {:>10} {:>12} {:>11} {:>11}",
            "layer", "kind", "output", "params", "FLOPs", "param B", "act B"
        );
        let _ = writeln!(out, "{line}");
        for r in &self.rows {
            let _ = writeln!(
                out,
                "{:<10} {:<46} {:<16} {:>10} {:>12} {:>11} {:>11}",
                r.name,
                truncate(&r.kind, 46),
                format!("{:?}", r.output_shape),
                r.params,
                r.flops,
                r.param_bytes,
                r.activation_bytes
            );
        }
        let t = &self.totals;
        let _ = writeln!(out, "{line}");
        let _ = writeln!(
            out,
            "{:<10} {:<46} {:<16} {:>10} {:>12} {:>11} {:>11}",
            "total", "", "", t.params, t.flops, t.param_bytes, t.activation_bytes
        );
        let _ = writeln!(
            out,
            "input {} B, peak live activations {} B, {:.2} FLOPs/byte, most FLOPs: {}",
            t.input_bytes, t.peak_activation_bytes, t.flops_per_byte, self.bottleneck
        );
        if let Some(timing) = &self.timing {
            let _ = writeln!(
                out,
                "\n{:<10} {:>12} {:>12} {:>8}",
                "layer", "median ms", "p99 ms", "share"
            );
            for l in &timing.layers {
                let _ = writeln!(
                    out,
                    "{:<10} {:>12.4} {:>12.4} {:>7.1}%",
                    l.name,
                    l.stats.median,
                    l.stats.p99,
                    100.0 * l.share
                );
            }
            let _ = writeln!(out, "slowest layer: {}", timing.bottleneck);
        }
        out
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report holds only numbers and strings")
    }
}

/// `s` cut to `width` characters, ending in `~` when cut, so columns stay aligned.
fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(width - 1).collect();
        cut.push('~');
        cut
    }
}

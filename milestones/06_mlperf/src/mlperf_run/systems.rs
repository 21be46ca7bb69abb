//! The systems under test of the MLPerf run (module 19's [`SystemUnderTest`]): for each
//! network a baseline (the trained f32 model served the plain way) and an optimized
//! version (the digit networks: module 15's INT8 model through module 17's batched path;
//! the reversal GPT: module 18's KV cache, batched), and the query sample libraries that
//! judge their answers on held-out data.

use crate::{MlperfError, as_images};
use tinytorch_acceleration::batched_forward;
use tinytorch_benchmarking::{QuerySampleLibrary, SystemUnderTest};
use tinytorch_layers::{Module, Sequential};
use tinytorch_memoization::{CacheError, CachedGpt};
use tinytorch_quantization::QuantizedModel;
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_transformers::{Gpt, Sampling};

/// The separator between a reversal input and its answer (`abc|cba`), as the reversal
/// recipe encodes it (`PAD` = 0, `SEP` = 1, symbols from 2). The run checks that the f32
/// GPT's exact match through these prompts equals the milestone's own evaluation, so a
/// recipe that changed its encoding is caught, not silently mis-measured.
const REVERSAL_SEP: usize = 1;

/// The index of the largest value of each row of `[batch, classes]` logits (the first on
/// ties): the predicted classes.
fn predictions(logits: &Tensor) -> Vec<usize> {
    let data = logits.data();
    let classes = logits.shape().last().copied().unwrap_or(1).max(1);
    // Read the logits in place when they are contiguous (they are, from every model here):
    // this runs once per query inside the timed call.
    let copied: Vec<f32>;
    let values = match data.as_slice() {
        Some(values) => values,
        None => {
            copied = data.iter().copied().collect();
            &copied
        }
    };
    values
        .chunks(classes)
        .map(|row| {
            row.iter()
                .enumerate()
                .fold((0, f32::NEG_INFINITY), |best, (i, &v)| {
                    if v > best.1 { (i, v) } else { best }
                })
                .0
        })
        .collect()
}

/// The held-out digits as the systems need them: one tensor per sample without a batch
/// axis (`[64]`, or `[1, 8, 8]` for the CNN: module 17's `batched_forward` stacks them),
/// the same with a batch axis of 1 (what the baseline feeds), and the labels.
pub struct DigitSamples {
    /// One sample per entry, no batch axis.
    samples: Vec<Tensor>,
    /// One sample per entry, `[1, ...]`.
    singles: Vec<Tensor>,
    /// The true class of each sample.
    labels: Vec<usize>,
}

impl DigitSamples {
    /// Splits `inputs` (`[N, 64]`) into samples; `images` shapes them `[1, 8, 8]`.
    pub fn new(inputs: &Tensor, labels: &[usize], images: bool) -> DigitSamples {
        let batch = if images {
            as_images(inputs)
        } else {
            inputs.clone()
        };
        let n = labels.len();
        let shape = batch.shape()[1..].to_vec();
        let data = batch.data();
        let per = shape.iter().product::<usize>();
        let values: Vec<f32> = data.iter().copied().collect();
        let mut samples = Vec::with_capacity(n);
        let mut singles = Vec::with_capacity(n);
        let mut single_shape = vec![1];
        single_shape.extend(&shape);
        for row in values.chunks(per).take(n) {
            let sample = Tensor::from_vec(row.to_vec(), &shape).expect("one sample's values");
            singles.push(sample.reshape(&single_shape));
            samples.push(sample);
        }
        DigitSamples {
            samples,
            singles,
            labels: labels.to_vec(),
        }
    }

    /// The library judging a predicted class against the label.
    ///
    /// # Errors
    /// [`MlperfError::Benchmark`] if there are no samples.
    pub fn library(&self, name: &str) -> Result<QuerySampleLibrary<usize>, MlperfError> {
        QuerySampleLibrary::with_labels(name, self.labels.clone())
            .map_err(|e| crate::error::failed(format!("building the query library {name}"), e))
    }
}

/// The baseline digit system: the trained f32 model, one forward call per sample (the
/// serving loop before any optimization), no graph recorded.
pub struct DigitF32<'a> {
    /// The model, parameters frozen (inference).
    model: &'a Sequential,
    /// The data.
    data: &'a DigitSamples,
}

impl<'a> DigitF32<'a> {
    /// Serves `model`: puts it in evaluation mode and freezes its parameters (no graph is
    /// recorded; a served model is not trained further).
    pub fn new(model: &'a mut Sequential, data: &'a DigitSamples) -> DigitF32<'a> {
        tinytorch_autograd::set_requires_grad(&model.parameters(), false);
        model.eval();
        DigitF32 { model, data }
    }
}

impl SystemUnderTest for DigitF32<'_> {
    type Output = usize;

    fn name(&self) -> String {
        "f32, one sample per call".into()
    }

    fn issue(&mut self, ids: &[usize]) -> Vec<usize> {
        ids.iter()
            .map(|&id| predictions(&self.model.forward(&self.data.singles[id]))[0])
            .collect()
    }
}

/// Module 15's INT8 model as a module 03 `Module`, so module 17's `batched_forward`
/// can drive it.
struct Int8Module(QuantizedModel);

impl Module for Int8Module {
    fn forward(&self, x: &Tensor) -> Tensor {
        self.0.forward(x)
    }

    fn name(&self) -> String {
        "QuantizedModel(int8)".into()
    }
}

/// The optimized digit system: module 15's INT8 model (integer kernels), each query's
/// samples stacked into one batch by module 17's `batched_forward` (one forward call per
/// query, however many samples it holds).
pub struct DigitInt8Batched<'a> {
    /// The INT8 model.
    model: Int8Module,
    /// The data.
    data: &'a DigitSamples,
    /// The first error `batched_forward` reported, if any.
    failure: Option<String>,
}

impl<'a> DigitInt8Batched<'a> {
    /// Serves `model`.
    pub fn new(model: QuantizedModel, data: &'a DigitSamples) -> DigitInt8Batched<'a> {
        DigitInt8Batched {
            model: Int8Module(model),
            data,
            failure: None,
        }
    }

    /// The first failure of a query (answered with no class), if one happened.
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }
}

impl SystemUnderTest for DigitInt8Batched<'_> {
    type Output = usize;

    fn name(&self) -> String {
        "INT8, batched".into()
    }

    fn issue(&mut self, ids: &[usize]) -> Vec<usize> {
        let samples: Vec<Tensor> = ids.iter().map(|&i| self.data.samples[i].clone()).collect();
        match batched_forward(&self.model, &samples, samples.len().max(1)) {
            Ok(outputs) => outputs
                .iter()
                .map(|logits| predictions(logits)[0])
                .collect(),
            Err(e) => {
                self.failure.get_or_insert_with(|| e.to_string());
                // No class: a wrong answer for every sample, which the accuracy gate sees.
                vec![usize::MAX; ids.len()]
            }
        }
    }
}

/// The reversal task's held-out inputs as queries: the prompt (`input SEP`) and the
/// expected answer (the input reversed).
pub struct ReversalSamples {
    /// `input` followed by the separator.
    prompts: Vec<Vec<usize>>,
    /// The input reversed.
    answers: Vec<Vec<usize>>,
}

impl ReversalSamples {
    /// The queries of `inputs` (token ids of the symbols).
    pub fn new(inputs: &[Vec<usize>]) -> ReversalSamples {
        let prompts = inputs
            .iter()
            .map(|input| {
                let mut prompt = input.clone();
                prompt.push(REVERSAL_SEP);
                prompt
            })
            .collect();
        let answers = inputs
            .iter()
            .map(|input| input.iter().rev().copied().collect())
            .collect();
        ReversalSamples { prompts, answers }
    }

    /// The library judging an answer by exact match with the reversed input.
    ///
    /// # Errors
    /// [`MlperfError::Benchmark`] if there are no queries.
    pub fn library(&self, name: &str) -> Result<QuerySampleLibrary<Vec<usize>>, MlperfError> {
        QuerySampleLibrary::with_labels(name, self.answers.clone())
            .map_err(|e| crate::error::failed(format!("building the query library {name}"), e))
    }
}

/// Greedy generation of reversal answers: without the KV cache one query at a time (the
/// baseline), or with it and the whole query in one batch (the optimized system).
pub struct GptSystem<'a> {
    /// Module 18's model (its weights copied once, here, not per query).
    model: CachedGpt,
    /// The queries.
    data: &'a ReversalSamples,
    /// KV cache and batching (optimized) or neither (baseline).
    optimized: bool,
    /// The first generation error, if any.
    failure: Option<String>,
}

impl<'a> GptSystem<'a> {
    /// The baseline: module 18's uncached generation on the same kernels, one query at a
    /// time (every step a full forward pass over the context).
    pub fn baseline(gpt: &Gpt, data: &'a ReversalSamples) -> GptSystem<'a> {
        GptSystem {
            model: CachedGpt::new(gpt),
            data,
            optimized: false,
            failure: None,
        }
    }

    /// The optimized system: module 18's KV cache, every query's prompts generated as one
    /// batch.
    pub fn optimized(gpt: &Gpt, data: &'a ReversalSamples) -> GptSystem<'a> {
        GptSystem {
            optimized: true,
            ..GptSystem::baseline(gpt, data)
        }
    }

    /// The first failure of a generation (answered with no tokens), if one happened.
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    /// The answers to `ids`: each generation's new tokens, cut to the answer's length.
    fn generate(&self, ids: &[usize]) -> Result<Vec<Vec<usize>>, CacheError> {
        let greedy = Sampling::Greedy;
        let mut unused = seeded_rng(0); // greedy decoding draws nothing
        let answer_len = |id: usize| self.data.answers[id].len();
        if !self.optimized {
            return ids
                .iter()
                .map(|&id| {
                    let prompt = &self.data.prompts[id];
                    let (tokens, _) = self.model.generate_uncached_with_stats(
                        prompt,
                        answer_len(id),
                        greedy,
                        &mut unused,
                    )?;
                    Ok(tokens[prompt.len()..].to_vec())
                })
                .collect();
        }
        let prompts: Vec<Vec<usize>> = ids
            .iter()
            .map(|&id| self.data.prompts[id].clone())
            .collect();
        let longest = ids.iter().map(|&id| answer_len(id)).max().unwrap_or(0);
        let (out, _) =
            self.model
                .generate_batch_with_stats(&prompts, longest, greedy, &mut unused, None)?;
        Ok(out
            .iter()
            .zip(ids)
            .map(|(tokens, &id)| {
                let start = self.data.prompts[id].len();
                tokens[start..(start + answer_len(id)).min(tokens.len())].to_vec()
            })
            .collect())
    }
}

impl SystemUnderTest for GptSystem<'_> {
    type Output = Vec<usize>;

    fn name(&self) -> String {
        match self.optimized {
            true => "KV cache, batched".into(),
            false => "no cache, one query at a time".into(),
        }
    }

    fn issue(&mut self, ids: &[usize]) -> Vec<Vec<usize>> {
        match self.generate(ids) {
            Ok(answers) => answers,
            Err(e) => {
                self.failure.get_or_insert_with(|| e.to_string());
                // No tokens: a wrong answer for every query, which the accuracy gate sees.
                vec![Vec::new(); ids.len()]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predictions_take_the_first_largest_logit_of_each_row() {
        let logits = Tensor::from_vec(vec![0.1, 0.9, 0.9, 2.0, -1.0, 0.0], &[2, 3]).unwrap();
        assert_eq!(predictions(&logits), [1, 0]);
    }

    #[test]
    fn reversal_queries_end_with_the_separator_and_expect_the_reversal() {
        let data = ReversalSamples::new(&[vec![2, 3, 4]]);
        assert_eq!(data.prompts[0], [2, 3, 4, REVERSAL_SEP]);
        let qsl = data.library("reversal").unwrap();
        assert!(qsl.is_correct(0, &vec![4, 3, 2]) && !qsl.is_correct(0, &vec![2, 3, 4]));
    }

    #[test]
    fn digit_samples_keep_one_row_per_sample() {
        let inputs = Tensor::from_vec((0..128).map(|v| v as f32).collect(), &[2, 64]).unwrap();
        let data = DigitSamples::new(&inputs, &[3, 7], true);
        assert_eq!(data.samples[1].shape(), &[1, 8, 8]);
        assert_eq!(data.singles[1].shape(), &[1, 1, 8, 8]);
        assert_eq!(data.singles[1].to_vec()[0], 64.0);
    }
}

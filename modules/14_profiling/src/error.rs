//! Errors of the profiler. The model and the input shape come from the user (a config, a
//! command line), so a layer the profiler cannot count or a shape that does not fit is
//! reported, with what to do, never a panic.

use std::fmt;

/// What kept the profiler from counting a model, or from summarizing timings.
#[derive(Clone, Debug, PartialEq)]
pub enum ProfileError {
    /// A layer type the profiler has no formula for. Counting it as 0 FLOPs would make the
    /// report silently wrong (TinyTorch's profiler did exactly that), so it is an error.
    UnknownLayer {
        /// Where the layer sits in the model, e.g. `"2.1"` (layer 1 of the Sequential at 2).
        path: String,
        /// The layer's [`Module::name`](tinytorch_layers::Module::name).
        layer: String,
    },
    /// The input shape does not fit a layer.
    Shape {
        /// Where the layer sits in the model.
        path: String,
        /// The layer's [`Module::name`](tinytorch_layers::Module::name).
        layer: String,
        /// The shape that reached the layer.
        input: Vec<usize>,
        /// What the layer needs, in words.
        expected: String,
    },
    /// Statistics of zero timing samples.
    NoSamples,
    /// A timing sample that is negative, NaN or infinite.
    BadSample {
        /// Its position in the samples.
        index: usize,
        /// Its value.
        value: f64,
    },
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::UnknownLayer { path, layer } => write!(
                f,
                "layer '{path}' ({layer}) is a type the profiler has no formula for; \
                 add a case for it to the profiler instead of counting it as 0 FLOPs"
            ),
            ProfileError::Shape {
                path,
                layer,
                input,
                expected,
            } => write!(
                f,
                "layer '{path}' ({layer}) cannot take an input of shape {input:?}: it needs \
                 {expected}; check the input shape given to the profiler"
            ),
            ProfileError::NoSamples => write!(
                f,
                "no timing samples: run the function at least once (repeats >= 1)"
            ),
            ProfileError::BadSample { index, value } => write!(
                f,
                "timing sample {index} is {value}; a duration must be a finite number >= 0"
            ),
        }
    }
}

impl std::error::Error for ProfileError {}

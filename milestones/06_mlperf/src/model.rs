//! A trained network's model, whatever its kind.

use tinytorch_layers::{Module, Sequential};
use tinytorch_transformers::Gpt;

/// The model of a [`Network`](crate::Network): a [`Sequential`] for the digit networks
/// (the CNN takes `[N, 1, 8, 8]` images; see [`as_images`](crate::as_images)), a [`Gpt`]
/// for the language models.
#[derive(Debug)]
pub enum Model {
    /// The digit MLP or the SimpleCNN.
    Sequential(Sequential),
    /// A GPT decoder.
    Gpt(Gpt),
}

impl Model {
    /// The model as a [`Module`] (for checkpoints, parameter counts, profiling).
    pub fn module(&self) -> &dyn Module {
        match self {
            Model::Sequential(m) => m,
            Model::Gpt(m) => m,
        }
    }

    /// The number of trainable scalars.
    pub fn num_parameters(&self) -> usize {
        self.module().num_parameters()
    }

    /// The GPT, if this is one.
    pub fn as_gpt(&self) -> Option<&Gpt> {
        match self {
            Model::Gpt(m) => Some(m),
            Model::Sequential(_) => None,
        }
    }

    /// The `Sequential`, if this is one of the digit networks.
    pub fn as_sequential(&self) -> Option<&Sequential> {
        match self {
            Model::Sequential(m) => Some(m),
            Model::Gpt(_) => None,
        }
    }
}

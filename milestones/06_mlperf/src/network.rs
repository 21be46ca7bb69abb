//! The networks of the milestone: their names, seeds, recipe identities and quality floors.

use crate::MlperfError;
use std::fmt;
use std::path::{Path, PathBuf};

/// One of the trained networks milestone 06 profiles, compresses and accelerates.
///
/// ```
/// use tinytorch_mlperf::Network;
/// assert_eq!(Network::DigitMlp.name(), "digit_mlp");
/// assert_eq!(Network::parse_selection("cnn").unwrap(), vec![Network::SimpleCnn]);
/// assert_eq!(Network::parse_selection("gpt").unwrap().len(), 2);
/// assert!(Network::parse_selection("resnet").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Network {
    /// Module 08's digit MLP, `Linear(64, 32) -> ReLU -> Linear(32, 10)` (2,410
    /// parameters), trained by `tinytorch_training::train_digit_mlp`.
    DigitMlp,
    /// Module 09's 666-parameter `SimpleCNN` on the 8x8 digits.
    SimpleCnn,
    /// Module 13's GPT (2 layers, `d_model` 64) trained on sequence reversal
    /// (`abc|cba`), measured by exact match on held-out inputs.
    GptReversal,
    /// Module 13's GPT (2 layers, `d_model` 64) trained as a character model of the
    /// TinyTalk corpus, measured by held-out loss against the unigram baseline.
    GptTinytalk,
}

impl Network {
    /// Every network, in training order.
    pub const ALL: [Network; 4] = [
        Network::DigitMlp,
        Network::SimpleCnn,
        Network::GptReversal,
        Network::GptTinytalk,
    ];

    /// The network's name: its checkpoint is `<name>.safetensors`.
    pub fn name(self) -> &'static str {
        match self {
            Network::DigitMlp => "digit_mlp",
            Network::SimpleCnn => "simple_cnn",
            Network::GptReversal => "gpt_reversal",
            Network::GptTinytalk => "gpt_tinytalk",
        }
    }

    /// The seed of the recipe: it draws the initial weights and the data order.
    pub fn seed(self) -> u64 {
        match self {
            Network::DigitMlp => tinytorch_training::DIGITS_SEED,
            Network::SimpleCnn | Network::GptReversal | Network::GptTinytalk => 0,
        }
    }

    /// The identity of the training recipe. Change it whenever the recipe changes (the
    /// optimizer, a learning rate, the number of epochs, the architecture): a checkpoint
    /// recorded under another identity is stale and is retrained.
    pub fn recipe(self) -> &'static str {
        match self {
            Network::DigitMlp => crate::recipes::MLP_RECIPE,
            Network::SimpleCnn => crate::recipes::CNN_RECIPE,
            Network::GptReversal => crate::gpt::REVERSAL_RECIPE,
            Network::GptTinytalk => crate::gpt::TINYTALK_RECIPE,
        }
    }

    /// `<dir>/<name>.safetensors`: the network's weights.
    pub fn checkpoint_path(self, dir: &Path) -> PathBuf {
        dir.join(format!("{}.safetensors", self.name()))
    }

    /// `<dir>/<name>.json`: the recipe identity the checkpoint was trained with, its
    /// fingerprint, and what its training run measured.
    pub fn stamp_path(self, dir: &Path) -> PathBuf {
        dir.join(format!("{}.json", self.name()))
    }

    /// The networks a command-line name selects: `mlp`, `cnn`, `gpt` (both GPTs),
    /// `gpt-reversal`, `gpt-tinytalk`, or a full [`name`](Network::name).
    ///
    /// # Errors
    /// [`MlperfError::UnknownNetwork`] for any other name.
    pub fn parse_selection(given: &str) -> Result<Vec<Network>, MlperfError> {
        let key = given.trim().to_ascii_lowercase().replace('-', "_");
        let chosen = match key.as_str() {
            "mlp" | "digit_mlp" => vec![Network::DigitMlp],
            "cnn" | "simple_cnn" => vec![Network::SimpleCnn],
            "gpt" => vec![Network::GptReversal, Network::GptTinytalk],
            "gpt_reversal" | "reversal" => vec![Network::GptReversal],
            "gpt_tinytalk" | "tinytalk" => vec![Network::GptTinytalk],
            _ => {
                return Err(MlperfError::UnknownNetwork {
                    given: given.to_string(),
                });
            }
        };
        Ok(chosen)
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

//! `train_or_load` for milestone 06's four networks. The training code and the
//! checkpoints are those of milestones 03 (digit MLP), 04 (SimpleCNN) and 05 (both GPTs):
//! each network is loaded from the shared checkpoint directory when its stamp vouches for
//! it, and otherwise trained by the milestone that owns it, so a network milestone 03
//! trained is the very one milestone 06 compresses.

use crate::evaluation::{Evaluation, Floor};
use crate::recipes::digits_test_accuracy;
use crate::{MlperfError, Model, Network, Progress, error::training};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tinytorch_convolutions::simple_cnn;
use tinytorch_dataloader::Digits;
use tinytorch_milestone_cnn::CNN_NET;
use tinytorch_milestone_kit::{Checkpointed, Stamp, TrainingSummary};
use tinytorch_milestone_mlp::{MLP_NET, train_or_load_sequential};
use tinytorch_milestone_transformer::{
    TinytalkData, evaluate_reversal, evaluate_tinytalk, load_tinytalk_data, reversal_config,
    tinytalk_config, train_or_load_reversal, train_or_load_tinytalk,
};
use tinytorch_tokenization::Tokenizer;
use tinytorch_training::digit_mlp;
use tinytorch_transformers::Gpt;

pub use tinytorch_milestone_kit::{Origin, Retrain};
pub use tinytorch_milestone_mlp::DIGITS_FLOOR;

/// A trained network, ready to profile: its model, where it came from, how it was
/// trained, what it scores, and its checkpoint.
#[derive(Debug)]
pub struct Trained {
    /// Which network.
    pub network: Network,
    /// The trained model, in training mode.
    pub model: Model,
    /// Loaded or trained now.
    pub origin: Origin,
    /// What its training run did (now, or when the checkpoint was made).
    pub training: TrainingSummary,
    /// Its quality on held-out data, measured in this run.
    pub evaluation: Evaluation,
    /// The checkpoint file.
    pub checkpoint: PathBuf,
    /// The checkpoint's size in bytes.
    pub checkpoint_bytes: u64,
    /// Wall-clock seconds of this `train_or_load` call (training or loading, evaluation).
    pub seconds: f64,
}

/// The default checkpoint directory: `checkpoints/` at the workspace root (gitignored),
/// shared by every milestone.
pub fn default_checkpoint_dir() -> PathBuf {
    tinytorch_milestone_kit::default_checkpoint_dir()
}

/// The course editions (reference or student) the milestone's code was compiled as.
pub fn editions_line() -> String {
    tinytorch_tensor::edition::probe_line(&crate::editions())
}

/// What a recipe trains on.
pub(crate) enum Data {
    Digits(Box<Digits>),
    Reversal,
    Tinytalk(Box<TinytalkData>),
}

impl Data {
    /// The network's data and its fingerprint (`"synthetic"` for the reversal task).
    pub(crate) fn load(network: Network) -> Result<(Data, String), MlperfError> {
        match network {
            Network::DigitMlp | Network::SimpleCnn => {
                let (digits, print) = tinytorch_milestone_mlp::load_digit_data()?;
                Ok((Data::Digits(Box::new(digits)), print))
            }
            Network::GptReversal => Ok((Data::Reversal, "synthetic".into())),
            Network::GptTinytalk => {
                let (data, print) = load_tinytalk_data()?;
                Ok((Data::Tinytalk(Box::new(data)), print))
            }
        }
    }
}

/// Returns `network` trained: loaded from `<dir>/<name>.safetensors` when that file is
/// present, a valid checkpoint of this architecture, and stamped (`<dir>/<name>.json`)
/// with the current recipe, seed, data and editions and the file's own SHA-256;
/// otherwise trained by the milestone that owns the network (03, 04 or 05) and saved,
/// after saying why on stderr unless quiet. Either way it is evaluated on held-out data.
///
/// # Errors
/// [`MlperfError::Milestone`] with the kit's error: `Data` if the training data cannot be
/// loaded, `Unusable` with [`Retrain::Never`] and no usable checkpoint, `Io` if the
/// directory or files cannot be written, `Training` if a run fails.
pub fn train_or_load(
    network: Network,
    dir: &Path,
    retrain: Retrain,
    progress: Progress,
) -> Result<Trained, MlperfError> {
    let start = Instant::now();
    let (data, print) = Data::load(network)?;
    let parts =
        |c: Checkpointed<_>, wrap: fn(_) -> Model| (wrap(c.model), c.origin, c.stamp, c.checkpoint);
    let (model, origin, stamp, checkpoint): (Model, Origin, Stamp, PathBuf) = match (network, &data)
    {
        (Network::DigitMlp, Data::Digits(d)) => parts(
            train_or_load_sequential(&MLP_NET, d, &print, dir, retrain, progress)?,
            Model::Sequential,
        ),
        (Network::SimpleCnn, Data::Digits(d)) => parts(
            train_or_load_sequential(&CNN_NET, d, &print, dir, retrain, progress)?,
            Model::Sequential,
        ),
        (Network::GptReversal, _) => {
            let c = train_or_load_reversal(dir, retrain, progress)?;
            (Model::Gpt(c.model), c.origin, c.stamp, c.checkpoint)
        }
        (Network::GptTinytalk, Data::Tinytalk(d)) => {
            let c = train_or_load_tinytalk(d, &print, dir, retrain, progress)?;
            (Model::Gpt(c.model), c.origin, c.stamp, c.checkpoint)
        }
        _ => return Err(training(network.name(), "the recipe's data was not loaded")),
    };
    let mut model = model;
    let evaluation = evaluate(network, &mut model, &data)?;
    Ok(Trained {
        network,
        model,
        origin,
        training: stamp.training,
        evaluation,
        checkpoint,
        checkpoint_bytes: stamp.checkpoint_bytes,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// The untrained architecture of `network` (to load a checkpoint into).
pub(crate) fn fresh(network: Network, data: &Data) -> Result<Model, MlperfError> {
    let seed = network.seed();
    let gpt = |config| Gpt::new(config).map_err(|e| training(network.name(), e));
    Ok(match (network, data) {
        (Network::DigitMlp, _) => Model::Sequential(digit_mlp(seed)),
        (Network::SimpleCnn, _) => Model::Sequential(simple_cnn(seed)),
        (Network::GptReversal, _) => Model::Gpt(gpt(reversal_config(seed))?),
        (Network::GptTinytalk, Data::Tinytalk(d)) => {
            Model::Gpt(gpt(tinytalk_config(d.tokenizer.vocab_size(), seed))?)
        }
        (Network::GptTinytalk, _) => return Err(training(network.name(), "no corpus loaded")),
    })
}

/// Measures `model` on `network`'s held-out data.
pub(crate) fn evaluate(
    network: Network,
    model: &mut Model,
    data: &Data,
) -> Result<Evaluation, MlperfError> {
    let name = network.name();
    match (model, data) {
        (Model::Sequential(m), Data::Digits(digits)) => {
            let images = network == Network::SimpleCnn;
            let (acc, correct) = digits_test_accuracy(m, digits, images);
            Ok(Evaluation {
                metric: "test_accuracy",
                value: f64::from(acc),
                floor: Floor::AtLeast(DIGITS_FLOOR),
                baseline: None,
                detail: format!("{correct}/{} test digits", digits.test.labels().len()),
            })
        }
        (Model::Gpt(gpt), Data::Reversal) => Ok(evaluate_reversal(gpt, network.seed())?),
        (Model::Gpt(gpt), Data::Tinytalk(d)) => Ok(evaluate_tinytalk(gpt, d)?),
        _ => Err(training(
            name,
            "the model does not match the network's data",
        )),
    }
}

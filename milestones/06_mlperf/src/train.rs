//! `train_or_load`: a network's checkpoint when it is present, valid and current;
//! otherwise (unless forbidden) a fresh training run, saved for next time.

use crate::error::training;
use crate::evaluation::Evaluation;
use crate::gpt::{
    TinytalkData, evaluate_reversal, evaluate_tinytalk, reversal_config, tinytalk_config,
    train_reversal, train_tinytalk,
};
use crate::recipes::{digits_test_accuracy, train_simple_cnn};
use crate::stamp::{
    RecipeIdentity, Stamp, TrainingSummary, read_bytes, read_stamp, sha256_hex, stale_reason,
    write_stamp,
};
use crate::{MlperfError, Model, Network, Progress, evaluation::Floor};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tinytorch_convolutions::simple_cnn;
use tinytorch_dataloader::{Digits, default_digits_path, load_digits};
use tinytorch_tokenization::{Tokenizer, default_tinytalk_path};
use tinytorch_training::{digit_mlp, load_checkpoint, save_checkpoint, train_digit_mlp};
use tinytorch_transformers::Gpt;

/// The test-accuracy floor of both digit networks.
pub const DIGITS_FLOOR: f64 = 0.95;

/// When [`train_or_load`] trains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retrain {
    /// Always train, and overwrite the checkpoint (`--retrain`).
    Always,
    /// Load the checkpoint when it is present, valid and current; otherwise train and
    /// overwrite it, saying why (the default).
    IfNeeded,
    /// Never train: a missing, invalid or stale checkpoint is an error (`--no-retrain`).
    Never,
}

/// Where the network came from in this run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Loaded from a valid, current checkpoint.
    Loaded,
    /// Trained now; `reason` says why (e.g. `"no checkpoint at ..."`, `"--retrain"`).
    Trained {
        /// Why it was trained.
        reason: String,
    },
}

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

/// The default checkpoint directory: `checkpoints/` at the workspace root (gitignored).
pub fn default_checkpoint_dir() -> PathBuf {
    tinytorch_milestone_kit::default_checkpoint_dir()
}

/// The course editions (reference or student) the milestone's code was compiled as.
pub fn editions_line() -> String {
    tinytorch_tensor::edition::probe_line(&crate::editions())
}

/// The editions of the modules the training recipes use (recorded in each stamp).
pub fn training_editions_line() -> String {
    tinytorch_tensor::edition::probe_line(&crate::training_editions())
}

/// What a recipe trains on.
pub(crate) enum Data {
    Digits(Box<Digits>),
    Reversal,
    Tinytalk(Box<TinytalkData>),
}

impl Data {
    pub(crate) fn load(network: Network) -> Result<(Data, String), MlperfError> {
        match network {
            Network::DigitMlp | Network::SimpleCnn => {
                let path = default_digits_path();
                let digits = load_digits(&path).map_err(|e| MlperfError::Data {
                    what: "the digits",
                    message: e.to_string(),
                })?;
                let print = tinytorch_milestone_kit::file_fingerprint(&path)?;
                Ok((Data::Digits(Box::new(digits)), print))
            }
            Network::GptReversal => Ok((Data::Reversal, "synthetic".into())),
            Network::GptTinytalk => {
                let path = default_tinytalk_path();
                let data = TinytalkData::load(&path)?;
                let print = tinytorch_milestone_kit::file_fingerprint(&path)?;
                Ok((Data::Tinytalk(Box::new(data)), print))
            }
        }
    }
}

/// Returns `network` trained: loaded from `<dir>/<name>.safetensors` when that file is
/// present, a valid checkpoint of this architecture, and stamped (`<dir>/<name>.json`)
/// with the current recipe, seed, data and editions and the file's own fingerprint;
/// otherwise trained from its seed and saved (the directory is created), after saying
/// why on stderr unless quiet. Either way the network is evaluated on held-out data.
///
/// A bad file is never silently accepted: a corrupt or truncated file, a checkpoint of
/// another architecture, or a stale one is reported and (with [`Retrain::IfNeeded`])
/// retrained and overwritten, or (with [`Retrain::Never`]) returned as an error.
///
/// # Errors
/// [`MlperfError::Data`] if the training data cannot be loaded; [`MlperfError::Unusable`]
/// with [`Retrain::Never`] and no usable checkpoint; [`MlperfError::Io`] or
/// [`MlperfError::Save`] if the directory or files cannot be written;
/// [`MlperfError::Training`] if a run fails.
pub fn train_or_load(
    network: Network,
    dir: &Path,
    retrain: Retrain,
    progress: Progress,
) -> Result<Trained, MlperfError> {
    let start = Instant::now();
    let (data, data_print) = Data::load(network)?;
    let identity = RecipeIdentity {
        network: network.name().into(),
        recipe: network.recipe().into(),
        seed: network.seed(),
        data: data_print,
        editions: training_editions_line(),
    };
    let path = network.checkpoint_path(dir);
    let reason = match retrain {
        Retrain::Always => "--retrain".to_string(),
        Retrain::IfNeeded | Retrain::Never => match try_load(network, dir, &data, &identity) {
            Ok((model, stamp)) => {
                progress.note(&format!("{network}: loaded {}", path.display()));
                return finish(network, path, model, Origin::Loaded, stamp, &data, start);
            }
            Err(reason) => reason,
        },
    };
    if retrain == Retrain::Never {
        return Err(MlperfError::Unusable {
            network: network.name(),
            path,
            reason,
        });
    }
    // Before training: a directory that cannot be written fails now, not after a run.
    std::fs::create_dir_all(dir).map_err(|e| MlperfError::Io {
        path: dir.to_path_buf(),
        message: format!(
            "cannot create the checkpoint directory: {e}; check the path and its permissions, \
             or pass another --dir"
        ),
    })?;
    progress.note(&format!(
        "{network}: {reason}: training it (seed {})",
        network.seed()
    ));
    let (model, summary) = train(network, &data, progress)?;
    let stamp = save(&model, dir, network, identity, summary)?;
    finish(
        network,
        path,
        model,
        Origin::Trained { reason },
        stamp,
        &data,
        start,
    )
}

/// Evaluates the model and assembles the result.
fn finish(
    network: Network,
    checkpoint: PathBuf,
    mut model: Model,
    origin: Origin,
    stamp: Stamp,
    data: &Data,
    start: Instant,
) -> Result<Trained, MlperfError> {
    let evaluation = evaluate(network, &mut model, data)?;
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

/// The checkpoint and its stamp, or why they cannot be used.
fn try_load(
    network: Network,
    dir: &Path,
    data: &Data,
    identity: &RecipeIdentity,
) -> Result<(Model, Stamp), String> {
    let path = network.checkpoint_path(dir);
    if !path.exists() {
        return Err(format!("no checkpoint at {}", path.display()));
    }
    let model = fresh(network, data).map_err(|e| e.to_string())?;
    load_checkpoint(model.module(), &path).map_err(|e| e.to_string())?;
    let stamp =
        read_stamp(&network.stamp_path(dir)).map_err(|why| format!("{}: {why}", path.display()))?;
    let bytes = read_bytes(&path).map_err(|e| e.to_string())?;
    if let Some(why) = stale_reason(&stamp, identity, &bytes) {
        return Err(format!("{}: {why}", path.display()));
    }
    Ok((model, stamp))
}

/// Runs `network`'s recipe.
fn train(
    network: Network,
    data: &Data,
    progress: Progress,
) -> Result<(Model, TrainingSummary), MlperfError> {
    let (seed, quiet, name) = (network.seed(), progress.is_quiet(), network.name());
    let epochs = |history: &tinytorch_training::History| TrainingSummary {
        unit: "epochs".into(),
        count: history.len(),
        seconds: history.total_seconds(),
        final_train_loss: history.last().map_or(f32::NAN, |r| r.train_loss),
    };
    let steps = |run: crate::GptRun| TrainingSummary {
        unit: "steps".into(),
        count: run.steps,
        seconds: run.seconds,
        final_train_loss: run.final_loss,
    };
    match (network, data) {
        (Network::DigitMlp, Data::Digits(digits)) => {
            let run = train_digit_mlp(digits, seed, quiet).map_err(|e| training(name, e))?;
            Ok((Model::Sequential(run.model), epochs(&run.history)))
        }
        (Network::SimpleCnn, Data::Digits(digits)) => {
            let run = train_simple_cnn(digits, seed, quiet).map_err(|e| training(name, e))?;
            Ok((Model::Sequential(run.model), epochs(&run.history)))
        }
        (Network::GptReversal, _) => {
            let (gpt, run) = train_reversal(seed, progress)?;
            Ok((Model::Gpt(gpt), steps(run)))
        }
        (Network::GptTinytalk, Data::Tinytalk(d)) => {
            let (gpt, run) = train_tinytalk(d, seed, progress)?;
            Ok((Model::Gpt(gpt), steps(run)))
        }
        _ => Err(training(name, "the recipe's data was not loaded")),
    }
}

/// Saves the checkpoint and its stamp into the existing `dir`; returns the stamp.
fn save(
    model: &Model,
    dir: &Path,
    network: Network,
    identity: RecipeIdentity,
    training: TrainingSummary,
) -> Result<Stamp, MlperfError> {
    let path = network.checkpoint_path(dir);
    save_checkpoint(model.module(), &path)?;
    let bytes = read_bytes(&path)?;
    let stamp = Stamp {
        identity,
        checkpoint_bytes: bytes.len() as u64,
        checkpoint_sha256: sha256_hex(&bytes),
        training,
    };
    write_stamp(&network.stamp_path(dir), &stamp)?;
    Ok(stamp)
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
        (Model::Gpt(gpt), Data::Reversal) => evaluate_reversal(gpt, network.seed()),
        (Model::Gpt(gpt), Data::Tinytalk(d)) => evaluate_tinytalk(gpt, d),
        _ => Err(training(
            name,
            "the model does not match the network's data",
        )),
    }
}

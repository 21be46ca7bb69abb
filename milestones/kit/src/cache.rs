//! `train_or_load`: a network's checkpoint when it is present, valid and current (its
//! stamp records the current recipe, seed, data and editions, and the file's own SHA-256);
//! otherwise, unless forbidden, a fresh training run saved for next time. Every milestone
//! that trains a network goes through here, so milestone 06 reuses exactly the checkpoint
//! milestone 03, 04 or 05 wrote.

use crate::{
    MilestoneError, Progress, RecipeIdentity, Stamp, TrainingSummary, read_bytes, read_stamp,
    sha256_hex, stale_reason, write_stamp,
};
use std::path::{Path, PathBuf};

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

/// A model from [`train_or_load`], with its origin and its stamp.
#[derive(Debug)]
pub struct Checkpointed<M> {
    /// The model (loaded, or trained now).
    pub model: M,
    /// Loaded or trained now.
    pub origin: Origin,
    /// The stamp beside the checkpoint (what trained it, and its training summary).
    pub stamp: Stamp,
    /// The checkpoint file.
    pub checkpoint: PathBuf,
}

impl<M> Checkpointed<M> {
    /// Where the model came from, for a report: `loaded PATH` or `trained now, saved to PATH`.
    pub fn provenance(&self) -> String {
        match &self.origin {
            Origin::Loaded => format!("loaded {}", self.checkpoint.display()),
            Origin::Trained { .. } => {
                format!("trained now, saved to {}", self.checkpoint.display())
            }
        }
    }
}

/// `<dir>/<name>.safetensors`: a network's weights.
pub fn checkpoint_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.safetensors"))
}

/// `<dir>/<name>.json`: the recipe stamp beside the checkpoint.
pub fn stamp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.json"))
}

/// Builds the architecture and loads a checkpoint into it; `Err` says why it cannot.
pub type LoadFn<'a, M> = Box<dyn FnOnce(&Path) -> Result<M, String> + 'a>;
/// Trains a network from its seed.
pub type TrainFn<'a, M> = Box<dyn FnOnce() -> Result<(M, TrainingSummary), MilestoneError> + 'a>;
/// Saves a model to a path.
pub type SaveFn<'a, M> = Box<dyn Fn(&M, &Path) -> Result<(), String> + 'a>;

/// How one network is loaded, trained and saved (the milestone supplies the model code).
pub struct Recipe<'a, M> {
    /// The network's name: its files are `<name>.safetensors` and `<name>.json`.
    pub name: &'static str,
    /// The recipe's identity string; change the recipe, change the string.
    pub recipe: &'static str,
    /// The seed of the weights and the data order.
    pub seed: u64,
    /// The training data's fingerprint ([`file_fingerprint`](crate::file_fingerprint), or
    /// `"synthetic"`).
    pub data: String,
    /// The `course-edition` line of the modules that train the network.
    pub editions: String,
    /// Builds the architecture and loads the checkpoint at the path into it; `Err` says
    /// why the file cannot be used (corrupt, another architecture).
    pub load: LoadFn<'a, M>,
    /// Trains the network from its seed.
    pub train: TrainFn<'a, M>,
    /// Saves the model to the path.
    pub save: SaveFn<'a, M>,
}

/// Returns the network of `recipe`: loaded from `<dir>/<name>.safetensors` when that file
/// loads and its stamp vouches for it (same recipe, seed, data, editions, and the file's
/// SHA-256); otherwise trained and saved with a new stamp (the directory is created), after
/// saying why on stderr unless quiet. A bad file is never silently used.
///
/// # Errors
/// [`MilestoneError::Unusable`] with [`Retrain::Never`] and no usable checkpoint;
/// [`MilestoneError::Io`] if the directory or files cannot be written; what `train` returns.
pub fn train_or_load<M>(
    dir: &Path,
    recipe: Recipe<'_, M>,
    retrain: Retrain,
    progress: Progress,
) -> Result<Checkpointed<M>, MilestoneError> {
    let Recipe {
        name,
        recipe,
        seed,
        data,
        editions,
        load,
        train,
        save,
    } = recipe;
    let identity = RecipeIdentity {
        network: name.to_string(),
        recipe: recipe.to_string(),
        seed,
        data,
        editions,
    };
    let path = checkpoint_path(dir, name);
    let reason = match retrain {
        Retrain::Always => "--retrain".to_string(),
        Retrain::IfNeeded | Retrain::Never => match try_load(dir, name, &identity, load) {
            Ok((model, stamp)) => {
                progress.note(&format!("{name}: loaded {}", path.display()));
                return Ok(Checkpointed {
                    model,
                    origin: Origin::Loaded,
                    stamp,
                    checkpoint: path,
                });
            }
            Err(reason) => reason,
        },
    };
    if retrain == Retrain::Never {
        return Err(MilestoneError::Unusable {
            network: name,
            path,
            reason,
        });
    }
    // Before training: a directory that cannot be written fails now, not after a run.
    std::fs::create_dir_all(dir).map_err(|e| MilestoneError::Io {
        path: dir.to_path_buf(),
        message: format!(
            "cannot create the checkpoint directory: {e}; check the path and its permissions, \
             or pass another --dir"
        ),
    })?;
    progress.note(&format!(
        "{name}: {reason}: training it (seed {})",
        identity.seed
    ));
    let (model, training) = train()?;
    save(&model, &path).map_err(|message| MilestoneError::Io {
        path: path.clone(),
        message: format!("cannot save the checkpoint: {message}"),
    })?;
    let bytes = read_bytes(&path)?;
    let stamp = Stamp {
        identity,
        checkpoint_bytes: bytes.len() as u64,
        checkpoint_sha256: sha256_hex(&bytes),
        training,
    };
    write_stamp(&stamp_path(dir, name), &stamp)?;
    Ok(Checkpointed {
        model,
        origin: Origin::Trained { reason },
        stamp,
        checkpoint: path,
    })
}

/// The checkpoint and its stamp, or why they cannot be used.
fn try_load<M>(
    dir: &Path,
    name: &str,
    identity: &RecipeIdentity,
    load: impl FnOnce(&Path) -> Result<M, String>,
) -> Result<(M, Stamp), String> {
    let path = checkpoint_path(dir, name);
    if !path.exists() {
        return Err(format!("no checkpoint at {}", path.display()));
    }
    let model = load(&path)?;
    let stamp =
        read_stamp(&stamp_path(dir, name)).map_err(|why| format!("{}: {why}", path.display()))?;
    let bytes = read_bytes(&path).map_err(|e| e.to_string())?;
    if let Some(why) = stale_reason(&stamp, identity, &bytes) {
        return Err(format!("{}: {why}", path.display()));
    }
    Ok((model, stamp))
}

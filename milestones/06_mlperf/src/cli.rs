//! What every milestone binary shares: the common options (`--dir`, `--json`, `--quiet`),
//! the network selection of `--only`, and the exit code convention.

use crate::{MlperfError, Network, Progress, default_checkpoint_dir, write_json};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The options every milestone binary takes (flattened into each binary's arguments).
#[derive(clap::Args, Debug, Clone)]
pub struct CommonArgs {
    /// The checkpoint directory (default: checkpoints/ at the workspace root).
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Also write the full report as JSON to this file.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// No progress output on stderr (the report is still printed).
    #[arg(long)]
    pub quiet: bool,
}

impl CommonArgs {
    /// `--dir`, or the default checkpoint directory.
    pub fn checkpoints(&self) -> PathBuf {
        self.dir.clone().unwrap_or_else(default_checkpoint_dir)
    }

    /// `--out`'s default: `<checkpoints>/compressed`.
    pub fn compressed_dir(&self, out: Option<&Path>) -> PathBuf {
        out.map_or_else(|| self.checkpoints().join("compressed"), Path::to_path_buf)
    }

    /// Quiet with `--quiet`, progress lines otherwise.
    pub fn progress(&self) -> Progress {
        if self.quiet {
            Progress::Quiet
        } else {
            Progress::Lines
        }
    }

    /// Writes `report` to the `--json` path, when one was given.
    ///
    /// # Errors
    /// As [`write_json`].
    pub fn write_report(&self, report: &impl Serialize) -> Result<(), MlperfError> {
        match &self.json {
            Some(path) => write_json(path, report),
            None => Ok(()),
        }
    }
}

/// The networks `--only` names, in training order, each once; every network when empty.
///
/// # Errors
/// [`MlperfError::UnknownNetwork`] for a name that is not a network.
pub fn select_networks(only: &[String]) -> Result<Vec<Network>, MlperfError> {
    if only.is_empty() {
        return Ok(Network::ALL.to_vec());
    }
    let mut chosen = Vec::new();
    for name in only {
        chosen.extend(Network::parse_selection(name)?);
    }
    chosen.sort();
    chosen.dedup();
    Ok(chosen)
}

/// The exit code of a binary's run: 0 when every gate holds, 1 when one fails, 2 (with the
/// error on stderr) for bad input or a failed run.
pub fn exit_code(outcome: Result<bool, MlperfError>) -> ExitCode {
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

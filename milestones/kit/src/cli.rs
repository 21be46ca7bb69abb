//! What every milestone binary shares: the common options (`--dir`, `--json`, `--quiet`)
//! and the exit code convention (0 achieved, 1 a gate failed, 2 bad input).

use crate::{MilestoneError, Progress, default_checkpoint_dir, write_json};
use serde::Serialize;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The options every milestone binary takes (flattened into each binary's arguments).
#[derive(clap::Args, Debug, Clone, Default)]
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

    /// `out`, or `<checkpoints>/compressed` (where milestone 06 writes compressed models).
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

    /// Fails early (before any training) when the `--json` path's directory does not exist.
    ///
    /// # Errors
    /// [`MilestoneError::Io`] naming the path and what to do.
    pub fn check_json_path(&self) -> Result<(), MilestoneError> {
        let Some(path) = &self.json else {
            return Ok(());
        };
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() && !p.is_dir() => Err(MilestoneError::Io {
                path: path.clone(),
                message: format!(
                    "cannot write the JSON report there: the directory {} does not exist; \
                     create it or pass another --json path",
                    p.display()
                ),
            }),
            _ => Ok(()),
        }
    }

    /// Writes `report` to the `--json` path, when one was given.
    ///
    /// # Errors
    /// As [`write_json`].
    pub fn write_report(&self, report: &impl Serialize) -> Result<(), MilestoneError> {
        match &self.json {
            Some(path) => write_json(path, report),
            None => Ok(()),
        }
    }
}

/// The exit code of a binary's run: 0 when every gate holds, 1 when one fails, 2 (with the
/// error on stderr) for bad input or a failed run.
///
/// ```
/// use std::process::ExitCode;
/// use tinytorch_milestone_kit::{MilestoneError, exit_code};
/// assert_eq!(exit_code(Ok::<_, MilestoneError>(true)), ExitCode::SUCCESS);
/// assert_eq!(exit_code(Ok::<_, MilestoneError>(false)), ExitCode::from(1));
/// ```
pub fn exit_code<E: Display>(outcome: Result<bool, E>) -> ExitCode {
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `--retrain` / `--no-retrain`, for binaries that train or load networks.
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct RetrainArgs {
    /// Train every network from scratch, overwriting its checkpoint.
    #[arg(long, conflicts_with = "no_retrain")]
    pub retrain: bool,
    /// Never train: fail (exit 2) if a checkpoint is missing, invalid or stale.
    #[arg(long)]
    pub no_retrain: bool,
}

impl RetrainArgs {
    /// The policy the flags ask for (train only when needed by default).
    pub fn policy(&self) -> crate::Retrain {
        match (self.retrain, self.no_retrain) {
            (true, _) => crate::Retrain::Always,
            (_, true) => crate::Retrain::Never,
            _ => crate::Retrain::IfNeeded,
        }
    }
}

/// The arguments of a milestone that trains or loads its networks (03, 04, 05): the
/// [`CommonArgs`] and the [`RetrainArgs`].
#[derive(clap::Parser, Debug, Clone, Default)]
#[command(version)]
pub struct TrainingArgs {
    /// Checkpoints, JSON report, quiet.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Retraining policy of the milestone's networks.
    #[command(flatten)]
    pub retrain: RetrainArgs,
}

impl TrainingArgs {
    /// Parses the process's arguments for the binary `name`, which `--help` describes as
    /// `about`; on an error clap prints it and exits with code 2.
    pub fn parse_as(name: &'static str, about: &'static str) -> Self {
        use clap::{CommandFactory, FromArgMatches};
        let matches = Self::command().name(name).about(about).get_matches();
        Self::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// `--svg PATH`, for a milestone that draws one picture and trains nothing to keep (01, 02).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct PictureArgs {
    /// Where to write the picture (default: beside the --json report, with its name and
    /// .svg, else in the checkpoint directory).
    #[arg(long, value_name = "PATH")]
    pub svg: Option<PathBuf>,
}

impl PictureArgs {
    /// `--svg`, else [`CommonArgs::picture_path`] of `file_name`.
    pub fn path(&self, common: &CommonArgs, file_name: &str) -> PathBuf {
        self.svg
            .clone()
            .unwrap_or_else(|| common.picture_path(file_name))
    }
}

impl CommonArgs {
    /// Where a milestone's picture goes: beside the `--json` report (same name, `.svg`)
    /// when there is one, else `<checkpoints>/<file_name>`.
    pub fn picture_path(&self, file_name: &str) -> PathBuf {
        match &self.json {
            Some(json) => json.with_extension("svg"),
            None => self.checkpoints().join(file_name),
        }
    }
}

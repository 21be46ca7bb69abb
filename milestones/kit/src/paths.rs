//! Where milestones keep their files: the workspace root and its `checkpoints/` directory.

use std::path::{Path, PathBuf};

/// The workspace root (this crate lives at `milestones/kit`).
pub fn workspace_root() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .nth(2)
        .unwrap_or(crate_dir)
        .to_path_buf()
}

/// The default checkpoint directory: `checkpoints/` at the workspace root (gitignored).
/// Every milestone shares it, so a network milestone 03 trained is the one milestone 06
/// compresses.
pub fn default_checkpoint_dir() -> PathBuf {
    workspace_root().join("checkpoints")
}

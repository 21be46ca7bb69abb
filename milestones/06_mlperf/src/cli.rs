//! What every milestone-06 binary shares: the kit's common options and exit code, and the
//! network selection of `--only`.

use crate::{MlperfError, Network};
pub use tinytorch_milestone_kit::{CommonArgs, RetrainArgs, exit_code};

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

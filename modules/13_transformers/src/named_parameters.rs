//! How a container names its children's parameters: the checkpoint keys of a model.

use std::fmt::Display;
use tinytorch_layers::{Module, Parameter};

/// The named parameters of every part, in order, each name prefixed by its part's:
/// `fc1` holding `weight` gives `fc1.weight`. The keys a checkpoint stores, written in one
/// place so that every container of this module spells them alike.
pub(crate) fn prefixed_parameters<'a, P: Display, M: Module + ?Sized + 'a>(
    parts: impl IntoIterator<Item = (P, &'a M)>,
) -> Vec<(String, Parameter)> {
    let mut named = Vec::new();
    for (prefix, part) in parts {
        for (name, p) in part.named_parameters() {
            named.push((format!("{prefix}.{name}"), p));
        }
    }
    named
}

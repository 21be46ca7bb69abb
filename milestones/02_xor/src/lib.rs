#![doc = include_str!("../README.md")]

mod crisis;
mod gradient;
mod report;

pub use crisis::{
    Options, Outcome, Rule, Run, Task, XOR_CEILING, crisis_gates, run, sanity_gates,
    sigmoid_forward_gate,
};
pub use gradient::train_gradient;
pub use report::{HISTORY, to_text};

use tinytorch_tensor::ModuleEdition;

/// The editions (reference or student) of the course modules this milestone runs on:
/// 01 tensor, 02 activations and 03 layers (module 03 reports the modules under it).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_milestone_kit::merged_editions(&[
        tinytorch_activations::editions(),
        tinytorch_layers::editions(),
    ])
}

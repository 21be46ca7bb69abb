#![doc = include_str!("../README.md")]

mod checks;
mod data;
mod independent;
mod milestone;
mod perceptron;
mod plot;
mod report;

pub use checks::{
    FIXED_B, FIXED_W, FIXED_X, FIXED_Y, FORWARD_TOLERANCE, agreement_gate, all_of_gate, guarded,
    linear_forward_gate, panicked,
};
pub use data::{Dataset, Line, TEACHER, separable, truth_table};
pub use independent::{accuracy, affine, max_abs_diff, step};
pub use milestone::{Options, Outcome, PLOT_RANGE, SEEDS, SeedRun, line_of, run, training_gates};
pub use perceptron::{Perceptron, RuleConfig, RuleLog, Weights, train_rule};
pub use plot::{BoundaryPanel, PanelLine, Stroke, boundary_svg, crosses};
pub use report::{HISTORY, to_text};

use tinytorch_tensor::ModuleEdition;

/// The editions (reference or student) of the course modules this milestone runs on:
/// 01 tensor, 02 activations and 03 layers (module 03 reports the modules under it).
pub fn editions() -> Vec<ModuleEdition> {
    tinytorch_layers::editions()
}

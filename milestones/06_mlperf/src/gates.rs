//! Correctness gates and the scorecard (the milestone kit's).

pub use tinytorch_milestone_kit::{Gate, Part, Scorecard};

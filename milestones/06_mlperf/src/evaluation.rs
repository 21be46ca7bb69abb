//! What a trained network's evaluation measured, and its floor (the milestone kit's).

pub use tinytorch_milestone_kit::{Evaluation, Floor};

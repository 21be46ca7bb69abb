//! The SVG scatter of panels (the milestone kit's).

pub use tinytorch_milestone_kit::{Panel, PlotPoint, svg};

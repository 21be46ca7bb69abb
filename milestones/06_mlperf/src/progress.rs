//! Progress output (the milestone kit's): lines on stderr, a bar only on a terminal.

pub use tinytorch_milestone_kit::Progress;

//! Writing a report as pretty JSON, and a picture (the milestone kit's).

pub use tinytorch_milestone_kit::{write_json, write_text};

//! Writing a report as pretty JSON (the milestone kit's).

pub use tinytorch_milestone_kit::write_json;

//! The TinyTorch-rs course schema, in one place.
//!
//! `course.toml` is read by the grader, by the workspace tests (`tests/manifest.rs`,
//! `tests/milestone_items.rs`) and, through the grader, by the docs and CI. They all parse
//! it with this crate, so a field added here is seen everywhere and no copy can drift.
//! Facts that live in the workspace are derived, not typed again: a module's dependencies
//! come from its `Cargo.toml` ([`deps`]).
//!
//! The crate is plain data and file reading: no cargo runs, no grading, no printing.
//!
//! (`course/edition_build.rs`, next to this crate, is the build script every module uses
//! to pick its edition; it is not part of this crate.)

pub mod deps;
pub mod error;
pub mod fixture;
pub mod manifest;
pub mod scan;

pub use error::{Context, Error, Result};
pub use manifest::{BuildStatus, Course, Milestone, Module, Task};

//! The TinyTorch-rs course grader (`cargo grade ...`).
//!
//! It reads `course.toml`, generates student stubs from the reference code, grades one
//! module or all of them by running `cargo test` with per-module edition variables, and
//! verifies in CI that the reference passes, the stubs fail and knockouts are caught. It
//! never links the code it grades: a student's compile error is a report line, not a
//! grader that won't build.
//!
//! Layers, imports running downward only (`tests/layers.rs` fails on a back-edge or a
//! cycle; docs/ARCHITECTURE.md draws the picture):
//!
//! - [`commands`]: the command line, one file per command; the only place that prints;
//! - [`output`]: results rendered as text, and [`output::emit`];
//! - [`grading`]: scoring a module, hidden tests, status, milestones, reports, verify;
//! - [`cargo`]: running cargo and reading libtest's output;
//! - [`course`]: the manifest, editions and the student files;
//! - [`util`]: errors, files, the lock, hashing, terminal tables.

pub mod cargo;
pub mod commands;
pub mod course;
pub mod grading;
pub mod output;
pub mod util;

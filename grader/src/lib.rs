//! The TinyTorch-rs course grader (`cargo grade ...`).
//!
//! It reads `course.toml`, generates student stubs from the reference code, grades one
//! module or all of them by running `cargo test` with per-module edition variables, and
//! verifies in CI that the reference passes, the stubs fail and knockouts are caught. It
//! never links the code it grades: a student's compile error is a report line, not a
//! grader that won't build.
//!
//! Files: [`manifest`] (course.toml), [`stubs`] (the generator), [`stub_files`] (syncing
//! `src/student/`), [`edition`] (which code is compiled, and the proof), [`cargo`]
//! (running cargo), [`libtest`] (reading its output), [`grade`] (scoring a module),
//! [`hidden`] (instructor-only tests), [`report`] (tables), [`status`] (progress and
//! milestones), [`milestone_record`] (proof a milestone ran on the current code),
//! [`report_schema`] and [`report_formats`] (`cargo grade report`), [`hint`], [`verify`],
//! [`sanity`], [`knockouts`], [`release`] (the student edition), [`reset`], [`doctor`],
//! [`lock`], [`sha256`], [`cli`] and [`commands`] (the command line).

pub mod cargo;
pub mod cli;
pub mod commands;
pub mod doctor;
pub mod edition;
pub mod error;
pub mod fsutil;
pub mod grade;
pub mod hidden;
pub mod hint;
pub mod knockouts;
pub mod libtest;
pub mod lock;
pub mod manifest;
pub mod milestone;
pub mod milestone_record;
pub mod release;
pub mod report;
pub mod report_formats;
pub mod report_schema;
pub mod reset;
pub mod sanity;
pub mod sha256;
pub mod status;
pub mod stub_files;
pub mod stubs;
pub mod verify;

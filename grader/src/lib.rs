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
//! [`report`] (tables), [`status`], [`hint`], [`verify`], [`sanity`], [`knockouts`], [`lock`], [`cli`].

pub mod cargo;
pub mod cli;
pub mod edition;
pub mod error;
pub mod fsutil;
pub mod grade;
pub mod hint;
pub mod knockouts;
pub mod libtest;
pub mod lock;
pub mod manifest;
pub mod report;
pub mod sanity;
pub mod status;
pub mod stub_files;
pub mod stubs;
pub mod verify;

//! Grading and the work built on it: scoring a module ([`grade`]), hidden tests,
//! progress over the course ([`status`]), milestones and their records, the report
//! schema, the CI gate ([`verify`] with [`sanity`] and [`knockouts`]), and the workspace
//! tasks (release, reset, doctor, hints). Everything here returns values; nothing prints
//! (progress notes on stderr aside): the commands print.

pub mod cache;
pub mod class_milestones;
pub mod doctor;
pub mod grade;
pub mod hidden;
pub mod hint;
pub mod integrity;
pub mod knockout_lanes;
pub mod knockouts;
pub mod leaderboard;
pub mod milestone;
pub mod milestone_knockouts;
pub mod milestone_record;
pub mod mutants;
pub mod release;
pub mod report_schema;
pub mod reset;
pub mod sanity;
pub mod status;
pub mod step;
pub mod submissions;
pub mod verify;

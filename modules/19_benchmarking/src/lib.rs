#![doc = include_str!("../README.md")]

mod ab;
mod clock;
mod config;
mod error;
mod harness;
mod report;
mod scripted;
mod sut;
mod timeline;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use ab::{AbReport, Side, SideStats};
pub use clock::{Clock, ManualClock, RealClock};
pub use config::{BenchConfig, ServerConfig};
pub use error::BenchError;
pub use harness::{Accuracy, Harness, median, query_order};
pub use imp::{bootstrap_ratio_ci, judge, latency_at, poisson_arrivals, simulate_queue};
pub use report::{BenchReport, Scenario, ServerStats, TailCheck, Verdict};
pub use scripted::{Call, ScriptedSystem, ServiceTime};
pub use sut::{QuerySampleLibrary, SystemUnderTest};
pub use timeline::QueryTiming;
/// Module 14's latency summary, which every report carries.
pub use tinytorch_profiling::LatencyStats;

tinytorch_tensor::module_edition!("19", [tinytorch_tensor, tinytorch_profiling]);

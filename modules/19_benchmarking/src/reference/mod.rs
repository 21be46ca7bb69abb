//! Module 19 exercises: the validity gate, the SingleStream and Offline scenarios, Poisson
//! arrivals, the Server scenario's queue on a virtual clock, and interleaved A/B
//! comparisons.

mod ab;
mod arrivals;
mod gate;
mod scenarios;
mod server;

pub use ab::bootstrap_ratio_ci;
pub use arrivals::poisson_arrivals;
pub use gate::{judge, latency_at};
pub use server::simulate_queue;

//! `QueryTiming` (shared code): one query's place on the Server scenario's virtual
//! timeline, in seconds since the run began.

use serde::Serialize;

/// When a Server-scenario query arrived, started being served and finished (seconds).
///
/// ```
/// use tinytorch_benchmarking::QueryTiming;
/// let q = QueryTiming { arrival: 1.0, start: 1.5, finish: 2.25 };
/// assert_eq!((q.queue(), q.service(), q.latency()), (0.5, 0.75, 1.25));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct QueryTiming {
    /// When the query arrived (its Poisson arrival time).
    pub arrival: f64,
    /// When the server began serving it: the arrival, or later if the server was busy.
    pub start: f64,
    /// When its answer was ready.
    pub finish: f64,
}

impl QueryTiming {
    /// Time spent waiting for the server: `start - arrival`.
    pub fn queue(&self) -> f64 {
        self.start - self.arrival
    }

    /// Time spent being served: `finish - start`.
    pub fn service(&self) -> f64 {
        self.finish - self.start
    }

    /// What the user sees: `finish - arrival`, queueing delay plus service time.
    pub fn latency(&self) -> f64 {
        self.finish - self.arrival
    }
}

/// Panics unless there is one service time per arrival: the contract of
/// [`simulate_queue`](crate::simulate_queue).
pub(crate) fn assert_one_service_per_arrival(arrivals: &[f64], service: &[f64]) {
    assert_eq!(
        arrivals.len(),
        service.len(),
        "simulate_queue: {} arrivals but {} service times",
        arrivals.len(),
        service.len()
    );
}

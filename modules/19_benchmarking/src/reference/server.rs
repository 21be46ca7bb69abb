//! Task 19.4: the Server scenario: queries arrive at Poisson times, wait for a busy
//! server, and are served in arrival order; measured service times drive a virtual clock.

use crate::clock::seconds;
use crate::harness::Measured;
use crate::timeline::assert_one_service_per_arrival;
use crate::{
    BenchError, BenchReport, Clock, Harness, QuerySampleLibrary, QueryTiming, Scenario,
    SystemUnderTest, query_order,
};
use std::time::Duration;

/// The timeline of a single first-come-first-served server: query `i` arrives at
/// `arrivals[i]` and needs `service[i]` seconds. It starts when it has arrived AND the
/// server has finished the previous query, `start = max(arrival, previous finish)`, and
/// finishes at `start + service`. Its latency is then queueing delay plus service time.
///
/// # Panics
/// If the slices differ in length (one service time per arrival).
///
/// ```
/// use tinytorch_benchmarking::simulate_queue;
/// // The second query arrives while the first is being served: it waits 1.5 s.
/// let timeline = simulate_queue(&[0.0, 0.5], &[2.0, 1.0]);
/// assert_eq!((timeline[1].start, timeline[1].finish, timeline[1].latency()), (2.0, 3.0, 2.5));
/// ```
pub fn simulate_queue(arrivals: &[f64], service: &[f64]) -> Vec<QueryTiming> {
    assert_one_service_per_arrival(arrivals, service);
    // BEGIN SOLUTION 19.4
    let mut free_at = 0.0_f64;
    arrivals
        .iter()
        .zip(service)
        .map(|(&arrival, &service)| {
            let start = arrival.max(free_at);
            free_at = start + service;
            QueryTiming {
                arrival,
                start,
                finish: free_at,
            }
        })
        .collect()
    // END SOLUTION
}

impl<C: Clock> Harness<C> {
    /// The Server scenario, simulated on a virtual clock. The arrival times come from
    /// `server_arrivals` (Poisson at `server.target_qps`, seeded). After `warmup`
    /// queries thrown away, one query of one sample per arrival is issued back to back,
    /// in the seeded [`query_order`] (cycled), and its service time MEASURED with the
    /// harness's clock. [`simulate_queue`] then places the measured service times on the
    /// arrival timeline; the recorded latency of a query is its queueing delay plus its
    /// service time, and the run is judged on its tail latency
    /// (`server_stats`) against `server.latency_bound`.
    ///
    /// # Errors
    /// [`BenchError::OutputCount`] if the system returns the wrong number of outputs.
    pub fn run_server<S: SystemUnderTest>(
        &self,
        sut: &mut S,
        qsl: &QuerySampleLibrary<S::Output>,
    ) -> Result<BenchReport, BenchError> {
        // BEGIN SOLUTION 19.4
        let cfg = self.config();
        let arrivals = self.server_arrivals();
        let order = query_order(qsl.len(), cfg.seed);
        let mut ids = order.iter().copied().cycle();
        for id in ids.by_ref().take(cfg.warmup) {
            self.timed_issue(sut, &[id])?;
        }
        let mut run = Measured::default();
        let mut service = Vec::with_capacity(arrivals.len());
        // One query per arrival, back to back: only the service times are measured here.
        for (id, _) in ids.zip(&arrivals) {
            let (took, outputs) = self.timed_issue(sut, &[id])?;
            run.accuracy.record(qsl, &[id], &outputs);
            service.push(seconds(took));
        }
        let timeline = simulate_queue(&arrivals, &service);
        run.latencies_ms = timeline.iter().map(|q| q.latency() * 1e3).collect();
        run.queries = timeline.len();
        run.samples = timeline.len();
        let end = timeline.last().map_or(0.0, |q| q.finish);
        run.duration = Duration::from_secs_f64(end);
        let server = self.server_stats(&timeline, &service)?;
        self.finish(Scenario::Server, sut.name(), qsl.name(), run, Some(server))
        // END SOLUTION
    }
}

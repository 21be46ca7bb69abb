//! Task 19.2: the SingleStream and Offline scenarios: warm-up, then record until the
//! minimums are met, checking every answer.

use crate::clock::millis;
use crate::harness::Measured;
use crate::{
    BenchError, BenchReport, Clock, Harness, QuerySampleLibrary, Scenario, SystemUnderTest,
    query_order,
};

impl<C: Clock> Harness<C> {
    /// The SingleStream scenario: one sample per query, each issued when the last has
    /// returned, in the seeded order [`query_order`]`(qsl.len(), seed)` (cycled when a run
    /// needs more queries than there are samples).
    ///
    /// First `warmup` queries are issued and thrown away. Then queries are recorded (their
    /// time by `timed_issue`, their outputs checked) until [`BenchConfig::should_stop`]
    /// says so, counting queries and the time measured since the first recorded query.
    ///
    /// # Errors
    /// [`BenchError::OutputCount`] if the system returns the wrong number of outputs.
    ///
    /// [`BenchConfig::should_stop`]: crate::BenchConfig::should_stop
    pub fn run_single_stream<S: SystemUnderTest>(
        &self,
        sut: &mut S,
        qsl: &QuerySampleLibrary<S::Output>,
    ) -> Result<BenchReport, BenchError> {
        // BEGIN SOLUTION 19.2
        let cfg = self.config();
        let order = query_order(qsl.len(), cfg.seed);
        let mut ids = order.iter().copied().cycle();
        // Warm-up: caches, allocator and branch predictors settle; nothing is recorded.
        for id in ids.by_ref().take(cfg.warmup) {
            self.timed_issue(sut, &[id])?;
        }
        let mut run = Measured::default();
        let start = self.now();
        for id in ids {
            if cfg.should_stop(run.queries, run.duration) {
                break;
            }
            let (took, outputs) = self.timed_issue(sut, &[id])?;
            run.accuracy.record(qsl, &[id], &outputs);
            run.latencies_ms.push(millis(took));
            run.queries += 1;
            run.samples += 1;
            run.duration = self.now() - start;
        }
        self.finish(Scenario::SingleStream, sut.name(), qsl.name(), run, None)
        // END SOLUTION
    }

    /// The Offline scenario: every sample, in the seeded order, cut into queries of
    /// `batch_size` samples (the last may be smaller). First `warmup` batches (from the
    /// start of the order) are issued and thrown away. Then whole passes over all the
    /// batches are recorded until [`BenchConfig::should_stop`] says so, checked after each
    /// pass and counting SAMPLES (a pass is the unit of work). Throughput is samples per
    /// second of measured time; the latencies are those of the batches.
    ///
    /// # Errors
    /// [`BenchError::OutputCount`] if the system returns the wrong number of outputs.
    ///
    /// [`BenchConfig::should_stop`]: crate::BenchConfig::should_stop
    pub fn run_offline<S: SystemUnderTest>(
        &self,
        sut: &mut S,
        qsl: &QuerySampleLibrary<S::Output>,
    ) -> Result<BenchReport, BenchError> {
        // BEGIN SOLUTION 19.2
        let cfg = self.config();
        let order = query_order(qsl.len(), cfg.seed);
        let batches: Vec<&[usize]> = order.chunks(cfg.batch_size).collect();
        for batch in batches.iter().cycle().take(cfg.warmup) {
            self.timed_issue(sut, batch)?;
        }
        let mut run = Measured::default();
        let start = self.now();
        while !cfg.should_stop(run.samples, run.duration) {
            for batch in &batches {
                let (took, outputs) = self.timed_issue(sut, batch)?;
                run.accuracy.record(qsl, batch, &outputs);
                run.latencies_ms.push(millis(took));
                run.queries += 1;
                run.samples += batch.len();
            }
            run.duration = self.now() - start;
        }
        self.finish(Scenario::Offline, sut.name(), qsl.name(), run, None)
        // END SOLUTION
    }
}

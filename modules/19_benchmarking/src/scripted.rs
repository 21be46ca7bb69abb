//! `ScriptedSystem` (shared code): a fake system under test that computes nothing and
//! "takes" a scripted time on a [`ManualClock`]. With it, every number a scenario reports
//! can be worked out by hand, which is how the tests check the harness exactly.

use crate::{Clock, ManualClock, SystemUnderTest};
use std::time::Duration;

/// How long a [`ScriptedSystem`] takes per call.
#[derive(Clone, Debug, PartialEq)]
pub enum ServiceTime {
    /// Every call takes `per_query + per_sample * batch size`: a fixed overhead (dispatch,
    /// weight loading) plus work proportional to the batch.
    Linear {
        /// The fixed cost of one call.
        per_query: Duration,
        /// The cost of each sample in the call.
        per_sample: Duration,
    },
    /// Call `i` takes `times[i]`; calls past the end take the last entry (zero if empty).
    Script(Vec<Duration>),
}

/// One call the harness made to a [`ScriptedSystem`].
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The clock's time when the call began.
    pub at: Duration,
    /// The sample ids of the query.
    pub ids: Vec<usize>,
    /// The time the call took.
    pub took: Duration,
}

/// A fake system under test: answers from a table and advances a [`ManualClock`] by a
/// [`ServiceTime`] instead of computing. It records every call, so a test can check which
/// samples were issued, in which order, and when.
///
/// ```
/// use std::time::Duration;
/// use tinytorch_benchmarking::{Clock, ManualClock, ScriptedSystem, ServiceTime, SystemUnderTest};
/// let clock = ManualClock::new();
/// let service = ServiceTime::Linear { per_query: Duration::from_millis(1), per_sample: Duration::from_millis(2) };
/// let mut sut = ScriptedSystem::new("fake", clock.clone(), service, vec![5, 6, 7]);
/// assert_eq!(sut.issue(&[2, 0]), [7, 5]);
/// assert_eq!(clock.now(), Duration::from_millis(5)); // 1 + 2 * 2
/// assert_eq!(sut.calls()[0].ids, [2, 0]);
/// ```
#[derive(Clone, Debug)]
pub struct ScriptedSystem {
    name: String,
    clock: ManualClock,
    service: ServiceTime,
    answers: Vec<usize>,
    calls: Vec<Call>,
}

impl ScriptedSystem {
    /// A system named `name` that advances `clock` by `service` per call and answers sample
    /// `id` with `answers[id]` (with `usize::MAX`, a wrong answer, for an id beyond the table).
    pub fn new(
        name: impl Into<String>,
        clock: ManualClock,
        service: ServiceTime,
        answers: Vec<usize>,
    ) -> ScriptedSystem {
        ScriptedSystem {
            name: name.into(),
            clock,
            service,
            answers,
            calls: Vec::new(),
        }
    }

    /// Every call so far, in order.
    pub fn calls(&self) -> &[Call] {
        &self.calls
    }

    /// The clock this system advances.
    pub fn clock(&self) -> &ManualClock {
        &self.clock
    }

    /// The time the next call of `batch` samples takes.
    fn next_service_time(&self, batch: usize) -> Duration {
        match &self.service {
            ServiceTime::Linear {
                per_query,
                per_sample,
            } => *per_query + *per_sample * u32::try_from(batch).unwrap_or(u32::MAX),
            ServiceTime::Script(times) => times
                .get(self.calls.len())
                .or(times.last())
                .copied()
                .unwrap_or(Duration::ZERO),
        }
    }
}

impl SystemUnderTest for ScriptedSystem {
    type Output = usize;

    fn name(&self) -> String {
        self.name.clone()
    }

    fn issue(&mut self, ids: &[usize]) -> Vec<usize> {
        let took = self.next_service_time(ids.len());
        let at = self.clock.now();
        self.clock.advance(took);
        self.calls.push(Call {
            at,
            ids: ids.to_vec(),
            took,
        });
        ids.iter()
            .map(|&id| self.answers.get(id).copied().unwrap_or(usize::MAX))
            .collect()
    }
}

//! Clocks (shared code): where the harness reads the time.
//!
//! The harness never calls `Instant::now()` itself: it asks a [`Clock`]. In a real run that
//! is a [`RealClock`]; in a test it is a [`ManualClock`] that a fake system advances by a
//! scripted amount, so every statistic of the run is known exactly in advance.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A source of time: how long since the clock's own origin.
///
/// The harness reads it just before and just after each call to the system under test;
/// the difference is the service time it records.
pub trait Clock {
    /// The time elapsed since this clock's origin. Never decreases.
    fn now(&self) -> Duration;
}

/// The machine's monotonic clock ([`Instant`]): what real benchmarks use.
///
/// ```
/// use tinytorch_benchmarking::{Clock, RealClock};
/// let clock = RealClock::new();
/// let before = clock.now();
/// std::hint::black_box((0..1000).sum::<u64>());
/// assert!(clock.now() >= before);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RealClock {
    origin: Instant,
}

impl RealClock {
    /// A clock whose origin is now.
    pub fn new() -> RealClock {
        RealClock {
            origin: Instant::now(),
        }
    }
}

impl Default for RealClock {
    fn default() -> RealClock {
        RealClock::new()
    }
}

impl Clock for RealClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock that only moves when told to: [`ManualClock::advance`]. Clones share the same
/// time, so a fake system holding one clone can advance the clock the harness reads.
///
/// ```
/// use std::time::Duration;
/// use tinytorch_benchmarking::{Clock, ManualClock};
/// let clock = ManualClock::new();
/// let shared = clock.clone();
/// shared.advance(Duration::from_millis(3));
/// assert_eq!(clock.now(), Duration::from_millis(3));
/// ```
#[derive(Clone, Debug, Default)]
pub struct ManualClock {
    nanos: Arc<AtomicU64>,
}

impl ManualClock {
    /// A clock at time zero.
    pub fn new() -> ManualClock {
        ManualClock::default()
    }

    /// Moves the time forward by `by` (saturating at about 584 years).
    pub fn advance(&self, by: Duration) {
        let step = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        // fetch_update cannot fail with a closure that always returns Some.
        let _ = self
            .nanos
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |t| {
                Some(t.saturating_add(step))
            });
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.nanos.load(Ordering::SeqCst))
    }
}

/// A duration in milliseconds, exact for whole nanoseconds up to 2^53 ns (about 104 days):
/// dividing the integer count avoids the rounding of `as_secs_f64() * 1e3`.
pub(crate) fn millis(d: Duration) -> f64 {
    d.as_nanos() as f64 / 1e6
}

/// A duration in seconds.
pub(crate) fn seconds(d: Duration) -> f64 {
    d.as_nanos() as f64 / 1e9
}

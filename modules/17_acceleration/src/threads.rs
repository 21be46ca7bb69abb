//! Explicit thread pools: a computation runs on a pool whose size the caller chose, not on
//! whatever the machine and the environment give the global pool.

use crate::AccelError;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// A rayon pool of exactly `threads` worker threads. Build it once and reuse it
/// (`pool.install(|| ...)`): starting threads costs tens of microseconds, as much as a
/// small matmul.
///
/// # Errors
/// [`AccelError::ZeroThreads`] for 0 (rayon would silently read it as "one per core");
/// [`AccelError::ThreadPool`] if the threads cannot be started.
///
/// ```
/// use tinytorch_acceleration::thread_pool;
/// let pool = thread_pool(2).unwrap();
/// assert_eq!(pool.install(rayon::current_num_threads), 2);
/// assert!(thread_pool(0).is_err());
/// ```
pub fn thread_pool(threads: usize) -> Result<ThreadPool, AccelError> {
    if threads == 0 {
        return Err(AccelError::ZeroThreads);
    }
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("tinytorch-accel-{i}"))
        .build()
        .map_err(|e| AccelError::ThreadPool {
            reason: e.to_string(),
        })
}

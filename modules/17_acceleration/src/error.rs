//! Errors for settings and data that come from the caller (thread counts, batch sizes,
//! samples to batch).

use std::fmt;

/// What was wrong with a request to [`with_threads`](crate::with_threads),
/// [`thread_pool`](crate::thread_pool) or [`batched_forward`](crate::batched_forward).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccelError {
    /// A thread pool of 0 threads was asked for.
    ZeroThreads,
    /// The operating system refused to start the pool's threads.
    ThreadPool {
        /// rayon's description of the failure.
        reason: String,
    },
    /// A batch size of 0 was asked for.
    ZeroBatchSize,
    /// A sample's shape differs from the first sample's: they cannot be stacked.
    SampleShape {
        /// Position of the offending sample.
        index: usize,
        /// The shape of sample 0.
        expected: Vec<usize>,
        /// The shape of sample `index`.
        found: Vec<usize>,
    },
    /// The model returned an output whose leading axis is not the batch.
    BatchOutput {
        /// The number of samples in the batch.
        batch: usize,
        /// The shape the model returned.
        found: Vec<usize>,
    },
}

impl fmt::Display for AccelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccelError::ZeroThreads => write!(
                f,
                "a thread pool needs at least 1 thread, got 0 (rayon would read 0 as \"one per \
                 core\"; ask for that explicitly with std::thread::available_parallelism)"
            ),
            AccelError::ThreadPool { reason } => write!(
                f,
                "could not start the thread pool: {reason} (ask for fewer threads)"
            ),
            AccelError::ZeroBatchSize => {
                write!(
                    f,
                    "batch size must be at least 1, got 0 (use 1 for one sample at a time)"
                )
            }
            AccelError::SampleShape {
                index,
                expected,
                found,
            } => write!(
                f,
                "sample {index} has shape {found:?} but sample 0 has {expected:?}: only samples \
                 of one shape can be stacked into a batch (pad or resize them first)"
            ),
            AccelError::BatchOutput { batch, found } => write!(
                f,
                "the model returned shape {found:?} for a batch of {batch}: its output must \
                 have the batch as its first axis"
            ),
        }
    }
}

impl std::error::Error for AccelError {}

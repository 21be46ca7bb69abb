//! The multiply-add counter the inference kernels increment as they run.

/// Multiply-adds (MACs) executed so far: a deterministic cost proxy.
///
/// The kernels of this module add to it where they compute, from the sizes they actually
/// loop over (`rows * inner * cols` for a matrix product, `2 * keys * head_dim` for one
/// query's attention in one head). It is a measurement of the code that ran, not a formula:
/// a forward pass that recomputes a prefix it could have cached shows up in the count.
/// [`forward_macs`](crate::forward_macs) is the closed form it must agree with.
///
/// Only the matrix products and attention are counted; LayerNorm, GELU, softmax and the
/// residual additions cost `O(D)` per token, small next to the `O(D^2)` products.
///
/// ```
/// use tinytorch_memoization::MacCounter;
/// let mut macs = MacCounter::new();
/// macs.add(2 * 3 * 4); // a [2, 3] @ [3, 4] product
/// assert_eq!(macs.total(), 24);
/// assert_eq!(macs.take(), 24); // read and restart
/// assert_eq!(macs.total(), 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MacCounter {
    total: u64,
}

impl MacCounter {
    /// A counter at 0.
    pub fn new() -> MacCounter {
        MacCounter::default()
    }

    /// Records `macs` more multiply-adds.
    pub fn add(&mut self, macs: usize) {
        self.total += macs as u64;
    }

    /// The multiply-adds recorded since the counter was made or last taken.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Returns the total and restarts from 0 (one reading per generation step).
    pub fn take(&mut self) -> u64 {
        std::mem::take(&mut self.total)
    }
}

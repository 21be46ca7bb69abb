//! What a generation run cost, step by step.

/// The cost of one generation run, for plots of cost per position.
///
/// Step `i` produced new token `i` of every sequence still running: step 0 is the prefill
/// of the prompt(s) (or, uncached, a forward pass over the context), later steps are
/// decode steps. The MACs are counted by the kernels as they run (see
/// [`MacCounter`](crate::MacCounter)), not computed from a formula.
///
/// ```
/// use tinytorch_memoization::GenerationStats;
/// let mut stats = GenerationStats::default();
/// stats.record(1_000, 2);
/// stats.record(150, 1);
/// assert_eq!((stats.total_macs(), stats.total_tokens()), (1_150, 3));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenerationStats {
    /// Multiply-adds of each step.
    pub macs_per_step: Vec<u64>,
    /// Tokens each step produced (one per sequence still running).
    pub tokens_per_step: Vec<usize>,
    /// Bytes allocated for keys and values ([`KvCache::memory_bytes`](crate::KvCache::memory_bytes));
    /// for uncached generation, the scratch cache one forward pass fills.
    pub cache_bytes: usize,
}

impl GenerationStats {
    /// Appends one step that cost `macs` and produced `tokens` tokens.
    pub fn record(&mut self, macs: u64, tokens: usize) {
        self.macs_per_step.push(macs);
        self.tokens_per_step.push(tokens);
    }

    /// Multiply-adds of the whole run.
    pub fn total_macs(&self) -> u64 {
        self.macs_per_step.iter().sum()
    }

    /// Tokens produced by the whole run (all sequences).
    pub fn total_tokens(&self) -> usize {
        self.tokens_per_step.iter().sum()
    }
}

//! Errors for attention layers built from values a user supplies (sizes from a config).
use std::fmt;

/// What was wrong with the sizes a [`MultiHeadAttention`](crate::MultiHeadAttention) was
/// asked for.
///
/// Math on impossible shapes (a `[B, S, 6]` input to a layer built for 8 features) panics
/// instead, naming the op and the shapes: that is a bug in the calling code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttentionError {
    /// `embed_dim` or `num_heads` is 0: there would be nothing to attend with.
    ZeroSize {
        /// The embedding width asked for.
        embed_dim: usize,
        /// The number of heads asked for.
        num_heads: usize,
    },
    /// `embed_dim` is not a multiple of `num_heads`, so the heads cannot share it equally.
    HeadsDoNotDivide {
        /// The embedding width asked for.
        embed_dim: usize,
        /// The number of heads asked for.
        num_heads: usize,
    },
}

impl fmt::Display for AttentionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttentionError::ZeroSize {
                embed_dim,
                num_heads,
            } => write!(
                f,
                "multi-head attention needs embed_dim >= 1 and num_heads >= 1, got embed_dim = \
                 {embed_dim}, num_heads = {num_heads}"
            ),
            AttentionError::HeadsDoNotDivide {
                embed_dim,
                num_heads,
            } => write!(
                f,
                "embed_dim = {embed_dim} is not divisible by num_heads = {num_heads}: each head \
                 gets embed_dim / num_heads features, so choose a num_heads that divides \
                 {embed_dim} (e.g. {}) or change embed_dim",
                largest_divisor_at_most(*embed_dim, *num_heads)
            ),
        }
    }
}

impl std::error::Error for AttentionError {}

/// The largest divisor of `n` that is at most `k` (a suggestion for the error message).
fn largest_divisor_at_most(n: usize, k: usize) -> usize {
    (1..=k.min(n))
        .rev()
        .find(|&d| n.is_multiple_of(d))
        .unwrap_or(1)
}

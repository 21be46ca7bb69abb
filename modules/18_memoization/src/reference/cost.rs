//! Task 18.3 (cost): the closed form of what a forward step multiplies and adds.

use tinytorch_transformers::{GptConfig, TransformerBlock};

/// The multiply-adds of one forward step over `new_tokens` tokens of one sequence placed
/// after `offset` cached positions, computing `logit_rows` rows of logits. It is what
/// [`CachedGpt::forward_step`](crate::CachedGpt::forward_step) must count:
///
/// ```text
/// per layer:  12 D^2 T                  q, k, v, out (4 D^2) and the MLP (2 * 4 D^2), per token
///           + 2 D (T p + T (T + 1) / 2)  attention: token i sees p + i + 1 keys; scores and
///                                        weighted sum, over all heads (H * hd = D)
/// plus        D V R                      the head, for R rows of logits
/// ```
///
/// with `D = d_model`, `V = vocab_size`, `p = offset`, `T = new_tokens`, `R = logit_rows`,
/// times `L = num_layers`. A decode step (`T = 1`) costs `L (12 D^2 + 2 D (p + 1)) + D V`:
/// linear in the position. Recomputing a context of `n` tokens costs
/// `L (12 D^2 n + D n (n + 1)) + D V`: quadratic.
///
/// ```
/// use tinytorch_memoization::forward_macs;
/// use tinytorch_transformers::GptConfig;
/// let config = GptConfig { vocab_size: 10, d_model: 4, num_layers: 1, num_heads: 2, max_seq_len: 8, seed: 0 };
/// // One token after 2 cached: 12*16 + 2*4*3 = 216 in the block, 4*10 = 40 in the head.
/// assert_eq!(forward_macs(&config, 2, 1, 1), 256);
/// ```
pub fn forward_macs(
    config: &GptConfig,
    offset: usize,
    new_tokens: usize,
    logit_rows: usize,
) -> u64 {
    // BEGIN SOLUTION 18.3
    let (d, v, layers) = (
        config.d_model as u64,
        config.vocab_size as u64,
        config.num_layers as u64,
    );
    let (p, t) = (offset as u64, new_tokens as u64);
    let mlp = 2 * TransformerBlock::EXPANSION as u64 * d * d;
    let projections = (4 * d * d + mlp) * t;
    let keys_seen = t * p + t * (t + 1) / 2;
    let attention = 2 * d * keys_seen;
    layers * (projections + attention) + d * v * logit_rows as u64
    // END SOLUTION
}

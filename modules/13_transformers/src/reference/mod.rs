//! Module 13 exercises: LayerNorm, the feed-forward block, the pre-LN transformer block,
//! the GPT forward pass, and sampling / generation.

mod block;
mod feed_forward;
mod generate;
mod gpt;
mod layer_norm;
mod sampling;

pub use layer_norm::layer_norm;
pub use sampling::sample_token;

//! Module 12 exercises: scaled dot-product attention, masks, heads, multi-head attention.

mod heads;
mod masks;
mod mha;
mod sdpa;

pub use heads::{merge_heads, split_heads};
pub use masks::{causal_mask, padding_mask};
pub use sdpa::scaled_dot_product_attention;

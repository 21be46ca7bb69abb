//! Module 11 exercises: the embedding lookup and its gradient, learned positions with an
//! offset, and the sinusoidal encoding.

mod lookup;
mod positions;
mod sinusoidal;

pub use lookup::{Gather, embedding};
pub use positions::{RowSlice, position_rows};
pub use sinusoidal::sinusoidal_encoding;

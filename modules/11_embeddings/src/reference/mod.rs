//! Module 11 exercises: the embedding lookup and its gradient, learned positions with an
//! offset, and the sinusoidal encoding.

mod lookup;
mod positions;
mod sinusoidal;

pub use lookup::embedding;
pub use positions::position_rows;
pub use sinusoidal::sinusoidal_encoding;

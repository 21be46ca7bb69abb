//! The recipe stamp beside each checkpoint (the milestone kit's): which recipe, seed, data
//! and course editions trained it, and the SHA-256 of the checkpoint's bytes.

pub use tinytorch_milestone_kit::{RecipeIdentity, Stamp, TrainingSummary, sha256_hex};

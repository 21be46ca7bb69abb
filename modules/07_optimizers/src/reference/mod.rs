//! Module 07 exercises: the update rules of SGD, Adam and AdamW, the learning-rate
//! schedules, and gradient clipping.

mod adam;
mod adamw;
mod clip;
mod schedule;
mod sgd;

pub use clip::{clip_grad_norm, global_grad_norm};

//! Module 03 exercises: each file implements the constructors and `Module` methods of one
//! layer type defined in the crate's shared files.

mod dropout;
mod linear;
mod sequential;

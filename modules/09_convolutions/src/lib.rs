//! Module 09: convolutions (work in progress).

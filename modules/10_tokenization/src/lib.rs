//! Module 10: tokenization (work in progress).

//! Module 08: training (under construction).

//! Small self-contained SVG pictures (no plotting crate): filled in by the milestones.

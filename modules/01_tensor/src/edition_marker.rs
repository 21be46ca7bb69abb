//! The edition this crate was compiled as (set by `course/edition_build.rs`).
use crate::Edition;

/// `Student` when compiled with `--cfg course_student`, else `Reference`.
pub(crate) const EDITION: Edition = if cfg!(course_student) {
    Edition::Student
} else {
    Edition::Reference
};

//! The course model: the manifest (`course.toml`), which edition of each module is
//! compiled, and the student files generated from the reference. It reads files; it runs
//! no cargo and grades nothing.

pub mod edition;
pub mod stub_files;
pub mod stub_items;
pub mod stubs;

pub use tinytorch_course::manifest;

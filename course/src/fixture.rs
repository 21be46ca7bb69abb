//! Test fixtures shared by the grader's tests and the workspace tests: a `course.toml`
//! builder (one place that knows the format, instead of an inline copy per test file) and
//! fresh scratch directories. Not used by the grader itself.
//!
//! ```
//! use tinytorch_course::{Course, fixture::CourseToml};
//! let text = CourseToml::new("Tiny")
//!     .module("01", "alpha", "built")
//!     .task("01.1", "Double", 10)
//!     .hints(&["Multiply by two."])
//!     .module("02", "beta", "planned")
//!     .milestone("01", "First", "built", &["01"])
//!     .text();
//! let course = Course::parse(&text).unwrap();
//! assert_eq!(course.modules[0].crate_name, "tinytorch-alpha");
//! assert_eq!(course.milestones[0].path, "milestones/01_first");
//! ```

use std::path::PathBuf;

/// Builds the text of a `course.toml`, entry by entry.
#[derive(Debug, Clone)]
pub struct CourseToml {
    text: String,
    crate_prefix: String,
}

fn quoted(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", items.join(", "))
}

fn title_case(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl CourseToml {
    /// `format_version = 1` and a `[course]` named `name`.
    pub fn new(name: &str) -> CourseToml {
        CourseToml {
            text: format!("format_version = 1\n[course]\nname = {name:?}\n"),
            crate_prefix: "tinytorch-".into(),
        }
    }

    /// Crates of the modules added from now on are named `<prefix><name>`
    /// (default `tinytorch-`).
    pub fn crate_prefix(mut self, prefix: &str) -> CourseToml {
        self.crate_prefix = prefix.into();
        self
    }

    /// A `[[modules]]` entry: title from the name, path `modules/NN_name`, status
    /// "built" or "planned".
    pub fn module(mut self, number: &str, name: &str, status: &str) -> CourseToml {
        self.text.push_str(&format!(
            "[[modules]]\nnumber = {number:?}\nname = {name:?}\ntitle = {:?}\ncrate = \"{}{name}\"\npath = \"modules/{number}_{name}\"\nstatus = {status:?}\n",
            title_case(name),
            self.crate_prefix
        ));
        self
    }

    /// A task of the last module.
    pub fn task(mut self, id: &str, title: &str, points: u32) -> CourseToml {
        self.text.push_str(&format!(
            "[[modules.tasks]]\nid = {id:?}\ntitle = {title:?}\npoints = {points}\n"
        ));
        self
    }

    /// The per-test time limit of the last module, in seconds (`test_timeout_secs`); call it
    /// right after [`Self::module`], before the module's tasks.
    pub fn test_timeout(mut self, secs: u64) -> CourseToml {
        self.text.push_str(&format!("test_timeout_secs = {secs}\n"));
        self
    }

    /// Hints of the last task.
    pub fn hints(mut self, hints: &[&str]) -> CourseToml {
        self.text.push_str(&format!("hints = {}\n", quoted(hints)));
        self
    }

    /// A `[[milestones]]` entry at `milestones/<id>_<lowercase title>`, run as package and
    /// bin `milestone-<id>`.
    pub fn milestone(
        mut self,
        id: &str,
        title: &str,
        status: &str,
        requires: &[&str],
    ) -> CourseToml {
        self.text.push_str(&format!(
            "[[milestones]]\nid = {id:?}\ntitle = {title:?}\nstatus = {status:?}\npath = \"milestones/{id}_{}\"\npackage = \"milestone-{id}\"\nbin = \"milestone-{id}\"\nrequires = {}\n",
            title.to_lowercase().replace(' ', "_"),
            quoted(requires)
        ));
        self
    }

    /// The manifest text.
    pub fn text(&self) -> String {
        self.text.clone()
    }
}

/// A fresh, empty directory `<temp>/<prefix>-<name>-<pid>` (an old one is removed first),
/// so parallel tests and parallel runs never share one.
///
/// # Panics
/// When the directory cannot be created (a test fixture has nothing better to do).
pub fn scratch_dir(prefix: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

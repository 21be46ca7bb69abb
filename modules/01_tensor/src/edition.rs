//! Proof of which code ran: every module reports the edition it was compiled as.
//!
//! The grader sets `TINYTORCH_EDITION_NN=student|reference` for each module it builds; a
//! test named `edition_probe` in every module calls [`probe`], which prints one line the
//! grader parses and fails if a module was compiled as something else than requested.

use std::fmt;

/// Which implementation of a module was compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edition {
    /// The complete reference implementation (`src/reference/`).
    Reference,
    /// The student's code (`src/student/`, generated as stubs).
    Student,
}

impl Edition {
    /// The lowercase name used in `TINYTORCH_EDITION_NN` and in the probe line.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::Reference => "reference",
            Edition::Student => "student",
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A course module number (`"01"` … `"20"`) and the edition it was compiled as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ModuleEdition {
    /// Two-digit module number.
    pub module: &'static str,
    /// The compiled edition.
    pub edition: Edition,
}

impl ModuleEdition {
    /// Pairs a module number with its edition.
    pub const fn new(module: &'static str, edition: Edition) -> Self {
        ModuleEdition { module, edition }
    }
}

/// Merges the editions reported by a module's dependencies with its own, sorted by module
/// number and without duplicates (dependencies form a diamond: 03 sees 01 through 02 too).
pub fn collect(dependencies: &[Vec<ModuleEdition>], this: ModuleEdition) -> Vec<ModuleEdition> {
    let mut all: Vec<ModuleEdition> = dependencies.iter().flatten().copied().collect();
    all.push(this);
    all.sort_by_key(|m| m.module);
    all.dedup_by_key(|m| m.module);
    all
}

/// The probe line, e.g. `course-edition: 01=reference 02=student`.
pub fn probe_line(editions: &[ModuleEdition]) -> String {
    let parts: Vec<String> = editions
        .iter()
        .map(|m| format!("{}={}", m.module, m.edition))
        .collect();
    format!("course-edition: {}", parts.join(" "))
}

/// Prints the probe line and panics if any module was compiled as another edition than
/// the one its `TINYTORCH_EDITION_NN` variable requests (unset variables are not checked).
///
/// # Panics
/// When a requested edition differs from the compiled one: the build did not honour the
/// grader's request, so no grade from it can be trusted.
pub fn probe(editions: &[ModuleEdition]) {
    println!("{}", probe_line(editions));
    for m in editions {
        let var = format!("TINYTORCH_EDITION_{}", m.module);
        if let Ok(requested) = std::env::var(&var) {
            assert!(
                requested.trim().is_empty() || requested.trim() == m.edition.as_str(),
                "{var}={requested} but module {} was compiled as {}: rebuild (cargo clean -p the module) and grade again",
                m.module,
                m.edition
            );
        }
    }
}

/// Declares a module's `EDITION` constant and its `editions()` function: the edition this
/// crate was compiled as, merged with the editions of the course modules it depends on.
///
/// Every module's `lib.rs` calls it once, e.g. in module 03:
/// `tinytorch_tensor::module_edition!("03", [tinytorch_tensor, tinytorch_activations]);`
/// The `cfg!(course_student)` inside expands in the calling crate, whose build script sets it.
#[macro_export]
macro_rules! module_edition {
    ($number:literal, [$($dependency:ident),* $(,)?]) => {
        /// Which implementation of this module was compiled: the reference or the student's code.
        pub const EDITION: $crate::Edition = if cfg!(course_student) {
            $crate::Edition::Student
        } else {
            $crate::Edition::Reference
        };

        /// The editions of this module and of every course module it depends on.
        pub fn editions() -> Vec<$crate::ModuleEdition> {
            $crate::edition::collect(
                &[$($dependency::editions()),*],
                $crate::ModuleEdition::new($number, EDITION),
            )
        }
    };
}

//! Build script shared by every module crate: it picks the edition to compile.
//!
//! Module `NN` compiles its reference implementation (`src/reference/`) unless the
//! environment variable `TINYTORCH_EDITION_NN` says `student`, in which case it compiles
//! the generated stubs (`src/student/`) under `--cfg course_student`. A crate whose
//! reference code is absent (the student edition written by `cargo grade dev release`) always
//! compiles the student code.
//!
//! Why an environment variable read here and not a cargo feature or RUSTFLAGS: features
//! unify across a workspace build (a student binary could silently link the reference), and
//! RUSTFLAGS recompile every third-party crate. A build-script cfg is per crate, and a
//! change of one module's variable rebuilds only that module and its dependents.

use std::env;
use std::path::Path;

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir_name = Path::new(&manifest_dir)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let number: String = dir_name.chars().take(2).collect();
    let var = format!("TINYTORCH_EDITION_{number}");

    let has_reference = Path::new(&manifest_dir).join("src/reference").is_dir();

    println!("cargo::rustc-check-cfg=cfg(course_student)");
    println!("cargo::rerun-if-env-changed={var}");
    // Watch src/reference where it exists. In the student edition it does not, and cargo
    // counts a missing watched path as changed on EVERY build (it would rerun this script
    // and rebuild the crate and all its dependents each time); watch src/ there instead,
    // which also notices a reference directory appearing.
    if has_reference {
        println!("cargo::rerun-if-changed=src/reference");
    } else {
        println!("cargo::rerun-if-changed=src");
    }
    let requested = env::var(&var).unwrap_or_default();
    let student = match requested.trim() {
        "" => !has_reference,
        "student" => true,
        "reference" if has_reference => false,
        "reference" => {
            println!(
                "cargo::error={var}=reference, but module {dir_name} has no reference code \
                 (this is the student edition): unset {var} to build your own code"
            );
            return;
        }
        other => {
            println!(
                "cargo::error={var}={other:?} is not an edition: use `reference` or `student`"
            );
            return;
        }
    };
    if student {
        println!("cargo::rustc-cfg=course_student");
    }
}

//! Every module item a milestone needs (course.toml `[[milestones]] items`, "NN::name")
//! is exported by module NN and defined in both editions: its reference and its stubs
//! (a stub that lost an item would break the milestone on the student's code).

use std::fs;
use std::path::Path;
use tinytorch_course::Course;
use tinytorch_course::scan::{defines, rust_files};

/// Whether `name` is defined (fn, struct, enum, trait, type) in one of the `.rs` files
/// under `dir` (skipping the sub-folders in `except`).
fn defined_in(dir: &Path, except: &[&str], name: &str) -> bool {
    rust_files(dir)
        .unwrap_or_default()
        .iter()
        .filter(|f| !except.iter().any(|e| f.starts_with(&format!("{e}/"))))
        .any(|f| defines(&fs::read_to_string(dir.join(f)).unwrap_or_default(), name))
}

#[test]
fn every_milestone_item_exists_in_both_editions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let course = Course::load(root).unwrap_or_else(|e| panic!("{e}"));
    let mut checked = 0;
    for milestone in &course.milestones {
        for item in &milestone.items {
            let (number, name) = item.split_once("::").unwrap_or_else(|| {
                panic!("milestone {}: item {item:?} is not NN::name", milestone.id)
            });
            let module = course
                .modules
                .iter()
                .find(|m| m.number == number)
                .unwrap_or_else(|| {
                    panic!(
                        "milestone {}: item {item}: no module {number}",
                        milestone.id
                    )
                });
            let src = root.join(&module.path).join("src");
            let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
            assert!(
                lib.contains(name),
                "{item}: module {number}'s lib.rs does not export {name}"
            );
            let in_shared = defined_in(&src, &["reference", "student"], name);
            assert!(
                in_shared || defined_in(&src.join("reference"), &[], name),
                "{item}: not defined in module {number}'s reference or shared code"
            );
            assert!(
                in_shared || defined_in(&src.join("student"), &[], name),
                "{item}: not defined in module {number}'s stubs or shared code"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "course.toml lists no milestone items");
}

#[test]
fn every_milestone_knockout_names_a_knockout_of_its_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let course = Course::load(root).unwrap_or_else(|e| panic!("{e}"));
    for milestone in &course.milestones {
        for (number, id) in milestone.knockout_refs() {
            let module = course.find_module(number).unwrap_or_else(|e| panic!("{e}"));
            let list = root.join(&module.path).join("knockouts.toml");
            let text = fs::read_to_string(&list).unwrap_or_default();
            assert!(
                text.contains(&format!("id = \"{id}\"")),
                "milestone {}: knockout {number}:{id} is not in {}",
                milestone.id,
                list.display()
            );
        }
    }
}

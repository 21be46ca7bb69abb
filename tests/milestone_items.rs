//! Every module item a milestone needs (course.toml `[[milestones]] items`, "NN::name")
//! is exported by module NN and defined in both editions: its reference and its stubs
//! (a stub that lost an item would break the milestone on the student's code).

use std::fs;
use std::path::{Path, PathBuf};

#[derive(serde::Deserialize)]
struct Course {
    modules: Vec<Module>,
    milestones: Vec<Milestone>,
}

#[derive(serde::Deserialize)]
struct Module {
    number: String,
    path: String,
}

#[derive(serde::Deserialize)]
struct Milestone {
    id: String,
    #[serde(default)]
    items: Vec<String>,
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Whether `name` is defined (fn, struct, enum, trait, type) in one of `files`.
fn defines(files: &[PathBuf], name: &str) -> bool {
    let patterns = ["fn ", "struct ", "enum ", "trait ", "type "].map(|k| format!("{k}{name}"));
    files.iter().any(|f| {
        let text = fs::read_to_string(f).unwrap_or_default();
        patterns.iter().any(|p| {
            text.match_indices(p.as_str()).any(|(i, _)| {
                let next = text[i + p.len()..].chars().next().unwrap_or(' ');
                !next.is_alphanumeric() && next != '_'
            })
        })
    })
}

#[test]
fn every_milestone_item_exists_in_both_editions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let course: Course =
        toml::from_str(&fs::read_to_string(root.join("course.toml")).unwrap()).unwrap();
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
            let (reference, student) = (src.join("reference"), src.join("student"));
            let shared: Vec<PathBuf> = rust_files(&src)
                .into_iter()
                .filter(|f| !f.starts_with(&reference) && !f.starts_with(&student))
                .collect();
            let in_shared = defines(&shared, name);
            assert!(
                in_shared || defines(&rust_files(&reference), name),
                "{item}: not defined in module {number}'s reference or shared code"
            );
            assert!(
                in_shared || defines(&rust_files(&student), name),
                "{item}: not defined in module {number}'s stubs or shared code"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "course.toml lists no milestone items");
}

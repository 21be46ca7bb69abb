//! The grader's imports run one way: commands -> output -> grading -> cargo -> course ->
//! util. This test reads every `use crate::...` (and inline `crate::...` path) of
//! grader/src and fails on an import that points up a layer, or on a cycle between files
//! (within a layer too), naming the files of the cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Layers from the bottom; a file may import its own layer (without cycles) or lower ones.
const LAYERS: [&str; 6] = ["util", "course", "cargo", "grading", "output", "commands"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Module path of a file: `grading/grade.rs` -> `grading::grade`, `cargo/mod.rs` -> `cargo`.
fn module_of(rel: &str) -> String {
    let rel = rel.trim_end_matches(".rs");
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    rel.replace('/', "::")
}

/// Every `crate::a::b::{c, d::e}` path in `text`, expanded, as `a::b::c`, `a::b::d::e`.
/// Line comments are skipped, `#[cfg(test)]` modules count like the rest (a test that
/// reaches up a layer is a back-edge too).
fn crate_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let boundary = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'));
        rest = &rest[at + "crate::".len()..];
        if boundary {
            let (paths, used) = expand("", rest);
            out.extend(paths);
            rest = &rest[used..];
        }
    }
    out
}

/// Expands one path (with nested `{}` groups) starting at `s`; returns the paths and the
/// number of bytes read.
fn expand(prefix: &str, s: &str) -> (Vec<String>, usize) {
    let ident_end = |s: &str| {
        s.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(s.len())
    };
    let head_len = ident_end(s);
    let head = s[..head_len].trim_end_matches(':');
    let path = if prefix.is_empty() {
        head.to_string()
    } else if head.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}::{head}")
    };
    if !s[head_len..].starts_with('{') {
        return (vec![path], head_len);
    }
    let mut paths = Vec::new();
    let mut i = head_len + 1;
    loop {
        let rest = &s[i..];
        let skip = rest.len() - rest.trim_start().len();
        i += skip;
        if s[i..].starts_with('}') {
            return (paths, i + 1);
        }
        let (sub, used) = expand(&path, &s[i..]);
        paths.extend(sub);
        i += used;
        let rest = &s[i..];
        let skip = rest.len() - rest.trim_start_matches([',', ' ', '\n']).len();
        i += skip;
        if i >= s.len() {
            return (paths, i);
        }
    }
}

/// The file (module path) an import lands in: the longest known module prefix.
fn target<'a>(path: &str, modules: &'a BTreeSet<String>) -> Option<&'a String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find_map(|p| modules.get(&p))
}

fn layer(module: &str) -> Option<usize> {
    let top = module.split("::").next()?;
    LAYERS.iter().position(|l| *l == top)
}

/// The import graph of the crate at `root`: file module -> modules it imports.
fn graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = tinytorch_course::scan::rust_files(root).expect("grader/src is readable");
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut edges = BTreeMap::new();
    for file in &files {
        let from = module_of(file);
        let text = fs::read_to_string(root.join(file)).expect("source is readable");
        let to: BTreeSet<String> = crate_paths(&text)
            .iter()
            .filter_map(|p| target(p, &modules))
            .filter(|t| **t != from && !from.starts_with(&format!("{t}::")))
            .cloned()
            .collect();
        edges.insert(from, to);
    }
    edges
}

/// Imports that point to a higher layer, as `from -> to`.
fn back_edges(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut bad = Vec::new();
    for (from, tos) in edges {
        for to in tos {
            if let (Some(a), Some(b)) = (layer(from), layer(to))
                && b > a
            {
                bad.push(format!("{from} -> {to}"));
            }
        }
    }
    bad
}

/// One cycle of the graph, if any (depth-first search).
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, done, stack) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|n| visit(n, edges, &mut done, &mut Vec::new()))
}

#[test]
fn grader_imports_run_down_the_layers_without_cycles() {
    let edges = graph(&src());
    for module in edges.keys().filter(|m| !m.contains("::")) {
        assert!(
            ["lib", "main"].contains(&module.as_str()) || layer(module).is_some(),
            "grader/src/{module} is in no layer: put it in one of {LAYERS:?}"
        );
    }
    let bad = back_edges(&edges);
    assert!(
        bad.is_empty(),
        "imports that point up a layer (results go up as values, not calls):\n  {}",
        bad.join("\n  ")
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
    // The graph is real: the command layer does reach the grading layer.
    assert!(edges["commands::test"].contains("grading::grade"));
}

#[test]
fn the_checker_sees_grouped_imports_back_edges_and_cycles() {
    let text = "use crate::{a::b, c::{d, e::f}};\nlet x = crate::g::h(); // crate::not::this\n";
    assert_eq!(crate_paths(text), ["a::b", "c::d", "c::e::f", "g::h"]);
    let dir = tinytorch_course::fixture::scratch_dir("grader-layers", "test");
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    write("util/mod.rs", "pub mod a;\n");
    write("util/a.rs", "use crate::course::b;\n");
    write("course/b.rs", "use crate::util::a;\n");
    let edges = graph(&dir);
    assert_eq!(back_edges(&edges), ["util::a -> course::b"]);
    assert!(find_cycle(&edges).is_some());
    write("util/a.rs", "\n");
    let edges = graph(&dir);
    assert!(back_edges(&edges).is_empty());
    assert!(find_cycle(&edges).is_none());
    fs::remove_dir_all(&dir).unwrap();
}

//! Reading Rust sources as text: the `.rs` files of a folder, the function names in a
//! file, and the items a file defines. Shared by the grader (sanity checks, hidden tests)
//! and the workspace tests, which used to keep their own copies.

use crate::error::{Context, Result};
use std::fs;
use std::path::Path;

/// Every `.rs` file under `dir`, as sorted `/`-separated paths relative to `dir`
/// (empty when `dir` does not exist).
///
/// # Errors
/// A folder under `dir` that cannot be listed.
pub fn rust_files(dir: &Path) -> Result<Vec<String>> {
    files_where(dir, &|rel, is_dir| is_dir || rel.ends_with(".rs"))
}

/// Every file under `dir` (recursively), as sorted `/`-separated relative paths.
///
/// # Errors
/// A folder under `dir` that cannot be listed.
pub fn all_files(dir: &Path) -> Result<Vec<String>> {
    files_where(dir, &|_, _| true)
}

/// The files under `dir` that `keep(relative path, is a folder)` accepts, in folders it
/// accepts, as sorted `/`-separated paths relative to `dir` (empty when `dir` does not
/// exist). The one directory walk of the course tools.
///
/// # Errors
/// A folder under `dir` that cannot be listed.
pub fn files_where(dir: &Path, keep: &dyn Fn(&str, bool) -> bool) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if dir.is_dir() {
        collect(dir, dir, keep, &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn collect(
    root: &Path,
    dir: &Path,
    keep: &dyn Fn(&str, bool) -> bool,
    out: &mut Vec<String>,
) -> Result<()> {
    let entries = fs::read_dir(dir).context(format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .context(format!("cannot list {}", dir.display()))?
            .path();
        let rel = relative_slash(root, &path);
        let is_dir = path.is_dir();
        if !keep(&rel, is_dir) {
            continue;
        }
        if is_dir {
            collect(root, &path, keep, out)?;
        } else if path.is_file() {
            out.push(rel);
        }
    }
    Ok(())
}

/// `path` relative to `root`, with `/` separators on every platform.
pub fn relative_slash(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Identifiers that follow `fn ` in source text (line comments skipped).
pub fn fn_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("fn ") {
            let boundary = rest[..at].chars().next_back().is_none_or(|c| !is_ident(c));
            let after = rest[at + 3..].trim_start();
            let end = after.find(|c: char| !is_ident(c)).unwrap_or(after.len());
            if boundary && end > 0 {
                names.push(after[..end].to_string());
            }
            rest = &rest[at + 3..];
        }
    }
    names
}

/// Whether `text` defines `name` as a fn, struct, enum, trait or type.
pub fn defines(text: &str, name: &str) -> bool {
    ["fn ", "struct ", "enum ", "trait ", "type "]
        .map(|k| format!("{k}{name}"))
        .iter()
        .any(|p| {
            text.match_indices(p.as_str()).any(|(i, _)| {
                let before = text[..i].chars().next_back().is_none_or(|c| !is_ident(c));
                let next = text[i + p.len()..].chars().next().unwrap_or(' ');
                before && !is_ident(next)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_function_names() {
        let src = "#[test]\nfn t01_1_a() {}\n    pub fn edition_probe() {\n// fn t01_9_commented() {}\nlet f = |x| x; async fn t01_2_b() {}\n";
        assert_eq!(fn_names(src), vec!["t01_1_a", "edition_probe", "t01_2_b"]);
    }

    #[test]
    fn finds_definitions_by_whole_name() {
        let src = "pub struct CachedGpt;\npub fn measure_all() {}\n";
        assert!(defines(src, "CachedGpt"));
        assert!(!defines(src, "Cached"));
        assert!(!defines(src, "measure"));
        assert!(defines(src, "measure_all"));
    }
}

//! The rule that keeps student files lean: a reference file holds only exercises.
//!
//! Everything in `src/reference/` is copied into `src/student/`, so a helper without a
//! solution region there would be read twice by the learner and blur which file is an
//! exercise and which is plumbing. Allowed in a reference file: `use`, `mod name;`,
//! `extern crate`, attributes, comments, and items whose body holds a solution region; in
//! an `impl` or `trait` block, every member must hold one (an `impl`'s associated `type`s
//! are allowed: a trait impl cannot go without them). Everything else belongs in a shared
//! file beside `lib.rs`.
//!
//! This is a small scanner over the text, not a Rust parser: it blanks out comments,
//! strings and character literals, then splits the file into top-level items by their
//! brackets. It only has to find item boundaries, which brackets fix exactly.

/// An item of a reference file that holds no solution region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainItem {
    /// 1-based line of the item's first keyword (after its attributes and docs).
    pub line: usize,
    /// What the item is, e.g. `fn batch_index`, `struct Rows`, `impl Tensor: fn matmul`.
    pub name: String,
}

/// The items of `source` that hold no solution region. `region_lines` are the 1-based
/// lines of the begin markers (found by the generator); an item holds a region when one
/// of them lies between its first and last line.
pub fn plain_items(source: &str, region_lines: &[usize]) -> Vec<PlainItem> {
    let code = blank_non_code(source);
    let mut found = Vec::new();
    for item in items(&code, 0, code.len()) {
        check_item(&code, &item, region_lines, "", &mut found);
    }
    found
}

/// One item: its byte span (from its first keyword to its `;` or closing `}`), and the
/// span of its `{ ... }` body, if it has one.
struct Item {
    start: usize,
    end: usize,
    body: Option<(usize, usize)>,
}

fn check_item(code: &str, item: &Item, regions: &[usize], owner: &str, found: &mut Vec<PlainItem>) {
    let header = header(&code[item.start..item.end]);
    let kind = item_kind(&header);
    let first = line_of(code, item.start);
    let last = line_of(code, item.end.saturating_sub(1).max(item.start));
    let holds = |from: usize, to: usize| regions.iter().any(|&l| l >= from && l <= to);
    let in_trait_impl = owner.starts_with("impl ") && owner.contains(" for ");
    let plain = match kind {
        "use" | "extern" => false,
        "mod" => item.body.is_some() && !holds(first, last),
        "type" | "const" if in_trait_impl => false,
        "impl" | "trait" => match item.body {
            Some((open, close)) if holds(first, last) => {
                let owner = describe(&header, kind);
                let members = items(code, open + 1, close);
                // A trait impl cannot be split across files: its plain members (a `name`,
                // an accessor) stay beside the exercise. An inherent impl's can move.
                if !owner.contains(" for ") {
                    for member in &members {
                        check_item(code, member, regions, &owner, found);
                    }
                }
                false
            }
            _ => true,
        },
        "fn" if in_trait_impl => false,
        _ => !holds(first, last),
    };
    if plain {
        let name = describe(&header, kind);
        found.push(PlainItem {
            line: first,
            name: if owner.is_empty() {
                name
            } else {
                format!("{owner}: {name}")
            },
        });
    }
}

/// The items between byte `from` and `to` of blanked `code`, skipping attributes.
fn items(code: &str, from: usize, to: usize) -> Vec<Item> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        let c = bytes[i];
        if c.is_ascii_whitespace() || c == b';' {
            i += 1;
        } else if c == b'#' {
            i = skip_attribute(bytes, i, to);
        } else {
            let item = item_at(code, i, to);
            i = item.end;
            out.push(item);
        }
    }
    out
}

/// `#[...]` or `#![...]` starting at `at`: the index after its closing `]`.
fn skip_attribute(bytes: &[u8], at: usize, to: usize) -> usize {
    let mut i = at + 1;
    while i < to && (bytes[i] == b'!' || bytes[i].is_ascii_whitespace()) {
        i += 1;
    }
    if i < to && bytes[i] == b'[' {
        matching(bytes, i, to)
    } else {
        i
    }
}

/// The item starting at `start`: it ends after the first `;` outside brackets, or after
/// the `}` closing its first `{` outside parentheses and square brackets. A `const`,
/// `static` or `type` always ends with `;` (its value may hold a struct literal's braces).
fn item_at(code: &str, start: usize, to: usize) -> Item {
    let bytes = code.as_bytes();
    let header = header(&code[start..to]);
    let kind = item_kind(&header);
    let ends_with_semicolon = matches!(kind, "const" | "static" | "type" | "use" | "extern");
    let mut depth = 0usize;
    let mut i = start;
    while i < to {
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'{' if depth == 0 && !ends_with_semicolon => {
                let close = matching(bytes, i, to);
                return Item {
                    start,
                    end: close,
                    body: Some((i, close - 1)),
                };
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b';' if depth == 0 => {
                return Item {
                    start,
                    end: i + 1,
                    body: None,
                };
            }
            _ => {}
        }
        i += 1;
    }
    Item {
        start,
        end: to,
        body: None,
    }
}

/// The index after the bracket that closes the one at `open` (any of `(`, `[`, `{`).
fn matching(bytes: &[u8], open: usize, to: usize) -> usize {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().take(to).skip(open) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    to
}

/// An item's text up to its body or `;`, on one line, without its visibility.
fn header(text: &str) -> String {
    let head = text.split(['{', ';']).next().unwrap_or("");
    let head = head.split(" where").next().unwrap_or(head);
    let words: Vec<&str> = head.split_whitespace().collect();
    let joined = words.join(" ");
    let rest = joined
        .strip_prefix("pub")
        .filter(|r| !r.starts_with(char::is_alphanumeric));
    match rest {
        Some(r) if r.starts_with('(') => r.find(')').map_or("", |k| &r[k + 1..]).trim().to_string(),
        Some(r) => r.trim().to_string(),
        None => joined,
    }
}

/// The keyword that says what an item is, past qualifiers (`unsafe`, `const fn`, ...).
fn item_kind(header: &str) -> &str {
    let mut words = header.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let qualifies = ["unsafe", "async", "default", "extern", "const"].contains(&word)
            && words.peek().is_some_and(|next| {
                ["fn", "impl", "trait", "unsafe", "extern"].contains(next) || next.starts_with('"')
            });
        if qualifies || word.starts_with('"') {
            continue;
        }
        return word.split(['(', '<', '!']).next().unwrap_or(word);
    }
    "item"
}

/// `fn batch_index`, `struct Rows`, `impl Display for Rows`, `impl_operator!`.
fn describe(header: &str, kind: &str) -> String {
    let at = header.find(kind).unwrap_or(0);
    let after = header[at + kind.len()..].trim_start();
    match kind {
        "impl" | "trait" => {
            let text: String = header[at..].chars().take(60).collect();
            text.trim().to_string()
        }
        "fn" | "struct" | "enum" | "union" | "const" | "static" | "type" | "mod"
        | "macro_rules" => {
            let name: String = after
                .trim_start_matches('!')
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            format!("{kind} {name}")
        }
        _ => format!("{kind}!"),
    }
}

fn line_of(code: &str, at: usize) -> usize {
    code.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `source` with every comment, string literal and character literal replaced by spaces
/// (newlines kept), so that brackets and semicolons in them do not count. Byte offsets
/// and lines stay those of `source`.
fn blank_non_code(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let skip = literal_or_comment(&chars, i);
        if skip == 0 {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        for &c in &chars[i..i + skip] {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        i += skip;
    }
    out
}

/// How many chars from `i` form a comment or literal (0 when none starts there).
fn literal_or_comment(chars: &[char], i: usize) -> usize {
    let at = |k: usize| chars.get(k).copied();
    match (chars[i], at(i + 1)) {
        ('/', Some('/')) => chars[i..]
            .iter()
            .position(|&c| c == '\n')
            .unwrap_or(chars.len() - i),
        ('/', Some('*')) => block_comment(chars, i),
        ('"', _) => quoted(chars, i + 1, '"') - i,
        ('r', Some('"' | '#')) if !prev_is_ident(chars, i) => raw_string(chars, i + 1) - i,
        ('b', Some('"')) if !prev_is_ident(chars, i) => quoted(chars, i + 2, '"') - i,
        ('b', Some('r')) if !prev_is_ident(chars, i) && matches!(at(i + 2), Some('"' | '#')) => {
            raw_string(chars, i + 2) - i
        }
        ('b', Some('\'')) if !prev_is_ident(chars, i) => quoted(chars, i + 2, '\'') - i,
        ('\'', Some('\\')) => quoted(chars, i + 1, '\'') - i,
        ('\'', Some(_)) if at(i + 2) == Some('\'') => 3,
        _ => 0,
    }
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The index after the `close` that ends a literal whose contents start at `from`.
fn quoted(chars: &[char], from: usize, close: char) -> usize {
    let mut k = from;
    while k < chars.len() {
        match chars[k] {
            '\\' => k += 2,
            c if c == close => return k + 1,
            _ => k += 1,
        }
    }
    chars.len()
}

/// A raw string whose `#`s or opening quote start at `from`: the index after its end.
fn raw_string(chars: &[char], from: usize) -> usize {
    let hashes = chars[from..].iter().take_while(|&&c| c == '#').count();
    let mut k = from + hashes;
    if chars.get(k) != Some(&'"') {
        return from;
    }
    k += 1;
    while k < chars.len() {
        if chars[k] == '"'
            && chars[k + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return k + 1 + hashes;
        }
        k += 1;
    }
    chars.len()
}

fn block_comment(chars: &[char], i: usize) -> usize {
    let mut depth = 0usize;
    let mut k = i;
    while k + 1 < chars.len() {
        match (chars[k], chars[k + 1]) {
            ('/', '*') => {
                depth += 1;
                k += 2;
            }
            ('*', '/') => {
                depth -= 1;
                k += 2;
                if depth == 0 {
                    return k - i;
                }
            }
            _ => k += 1,
        }
    }
    chars.len() - i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain items of `src`, where a line holding `REGION` stands for a begin marker.
    fn plain(src: &str) -> Vec<(usize, String)> {
        let regions: Vec<usize> = src
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("REGION"))
            .map(|(i, _)| i + 1)
            .collect();
        plain_items(src, &regions)
            .into_iter()
            .map(|p| (p.line, p.name))
            .collect()
    }

    #[test]
    fn exercises_uses_and_mods_are_allowed() {
        let src = "\
//! Docs.
#![allow(dead_code)]
use crate::{A, B};
pub(crate) use x::y;
mod inner;
pub mod other;

/// An exercise.
#[inline]
pub fn f(x: [u8; 2]) -> u8 {
    // REGION
    x[0]
}

impl Tensor {
    pub fn g(&self) -> Self {
        // REGION
    }
}

const TABLE: () = {
    // REGION
};
";
        assert_eq!(plain(src), vec![]);
    }

    #[test]
    fn names_every_plain_item_with_its_line() {
        let src = "\
use a::b;

/// Helper.
#[cfg_attr(course_student, allow(dead_code))]
pub(crate) fn batch_index(own: &[usize]) -> usize {
    own.len()
}

pub struct Rows {
    a: u8,
}
const MIN: usize = 2;
struct Tuple(u8);

impl Tensor {
    pub fn ex(&self) {
        // REGION
    }

    pub fn zeros(shape: &[usize]) -> Tensor {
        Tensor::full(shape, 0.0)
    }
}

impl std::ops::Neg for Tensor {
    type Output = Tensor;
    fn neg(self) -> Tensor {
        Tensor::neg(&self)
    }
}
impl_operator!(Add, add);
";
        let expected = vec![
            (5, "fn batch_index".to_string()),
            (9, "struct Rows".to_string()),
            (12, "const MIN".to_string()),
            (13, "struct Tuple".to_string()),
            (20, "impl Tensor: fn zeros".to_string()),
            (25, "impl std::ops::Neg for Tensor".to_string()),
            (31, "impl_operator!".to_string()),
        ];
        assert_eq!(plain(src), expected);
    }

    #[test]
    fn a_trait_impl_keeps_its_plain_members_beside_the_exercise() {
        // One impl per trait and type: `name` cannot move away from `forward`.
        let src = "\
impl Module for Dropout {
    type Item = u8;
    fn forward(&self) {
        // REGION
    }
    fn name(&self) -> &str {
        \"Dropout\"
    }
}
";
        assert_eq!(plain(src), vec![]);
    }

    #[test]
    fn brackets_in_strings_chars_and_comments_do_not_count() {
        let src = "\
fn f() {
    // REGION
    let s = \"}}} fn x() {\";
    let r = r#\"}\"#;
    let c = '}';
    let b = b'{';
    /* } nested /* } */ */
    let l: &'static str = \"{\";
}
fn plain<'a>(x: &'a str) -> char {
    '{'
}
";
        assert_eq!(plain(src), vec![(10, "fn plain".to_string())]);
    }

    #[test]
    fn a_region_outside_an_item_does_not_excuse_it() {
        let src = "fn a() {\n    1\n}\n// REGION\nfn b() {\n    // REGION\n}\n";
        assert_eq!(plain(src), vec![(1, "fn a".to_string())]);
    }
}

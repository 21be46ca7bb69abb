//! Terminal output helpers: plain-text tables, colour, and writing to stdout. ASCII only; colour (a few ANSI codes on
//! status words) only when stdout is a terminal, `TERM` is not `dumb` and `NO_COLOR` is unset.

use std::io::IsTerminal;

/// Whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI colour codes.
    pub color: bool,
}

/// The meaning of a cell, used for colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// No colour.
    Plain,
    /// Green: done, pass.
    Good,
    /// Yellow: todo, warnings.
    Warn,
    /// Red: failing, errors.
    Bad,
    /// Dim: planned, locked.
    Dim,
}

impl Style {
    /// Colour only for a real terminal that wants it.
    pub fn detect() -> Style {
        let tty = std::io::stdout().is_terminal();
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: tty && !dumb && !no_color,
        }
    }

    /// No colour at all.
    pub fn plain() -> Style {
        Style { color: false }
    }

    /// `text` in the colour of `tone` (unchanged without colour).
    pub fn paint(&self, text: &str, tone: Tone) -> String {
        let code = match tone {
            Tone::Plain => return text.to_string(),
            Tone::Good => "32",
            Tone::Warn => "33",
            Tone::Bad => "31",
            Tone::Dim => "2",
        };
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Its text.
    pub text: String,
    /// Its colour.
    pub tone: Tone,
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Cell {
        Cell {
            text: text.into(),
            tone: Tone::Plain,
        }
    }
}

/// A cell with a tone.
pub fn cell(text: impl Into<String>, tone: Tone) -> Cell {
    Cell {
        text: text.into(),
        tone,
    }
}

/// A simple column-aligned table.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    right_aligned: Vec<bool>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these column headers; a header starting with `>` is right-aligned
    /// (the `>` is not shown).
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers
                .iter()
                .map(|h| h.trim_start_matches('>').to_string())
                .collect(),
            right_aligned: headers.iter().map(|h| h.starts_with('>')).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (missing cells are blank).
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The table as text, one line per row, each ending with a newline.
    pub fn render(&self, style: Style) -> String {
        let width = |i: usize| {
            let cells = self
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.text.chars().count());
            cells
                .chain([self.headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..self.headers.len()).map(width).collect();
        let mut out = String::new();
        let header_cells: Vec<Cell> = self.headers.iter().map(Cell::from).collect();
        let rule: Vec<Cell> = widths.iter().map(|w| Cell::from("-".repeat(*w))).collect();
        for row in [&header_cells, &rule].into_iter().chain(self.rows.iter()) {
            out.push_str(&self.line(row, &widths, style));
        }
        out
    }

    fn line(&self, row: &[Cell], widths: &[usize], style: Style) -> String {
        let mut parts = Vec::new();
        for (i, w) in widths.iter().enumerate() {
            let c = row.get(i).cloned().unwrap_or_else(|| Cell::from(""));
            let pad = " ".repeat(w.saturating_sub(c.text.chars().count()));
            let painted = style.paint(&c.text, c.tone);
            parts.push(if self.right_aligned[i] {
                format!("{pad}{painted}")
            } else {
                format!("{painted}{pad}")
            });
        }
        format!("{}\n", parts.join("  ").trim_end())
    }
}

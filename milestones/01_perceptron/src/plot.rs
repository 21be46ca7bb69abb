//! Decision boundaries as a self-contained SVG (no plotting crate, no script, no font
//! files): each panel shows labelled points of the plane, lines `w . x + b = 0` clipped to
//! the panel, and optionally the class-1 half-plane of one line shaded.

use crate::Line;
use std::fmt::Write;
use tinytorch_milestone_kit::chart::escape;

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroke {
    /// A solid dark line (the learned boundary).
    Solid,
    /// A dashed grey line (the hidden teacher).
    Dashed,
    /// A thin red line (one of several failed attempts).
    Faint,
}

/// One line of a panel with its legend text.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelLine {
    /// The line.
    pub line: Line,
    /// How it is drawn.
    pub stroke: Stroke,
    /// Legend text (empty: no legend entry).
    pub label: String,
}

/// One panel of the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundaryPanel {
    /// The title above the panel.
    pub title: String,
    /// A line of text under the title (e.g. the accuracy).
    pub caption: String,
    /// The square `[lo, hi]^2` of the plane that is shown.
    pub range: (f32, f32),
    /// The points and their classes (0 or 1).
    pub points: Vec<([f32; 2], f32)>,
    /// The lines drawn over the points.
    pub lines: Vec<PanelLine>,
    /// The line whose class-1 side is shaded.
    pub shade: Option<Line>,
}

const SIDE: f64 = 300.0;
const PAD: f64 = 40.0;
const TOP: f64 = 56.0;
const LEGEND: f64 = 90.0;

/// The panels side by side as one SVG document.
///
/// ```
/// use tinytorch_milestone_perceptron::{BoundaryPanel, Line, PanelLine, Stroke, boundary_svg};
/// let line = Line { w: [1.0, 1.0], b: -1.5 };
/// let panel = BoundaryPanel {
///     title: "AND".into(), caption: "4/4".into(), range: (-0.5, 1.5),
///     points: vec![([0.0, 0.0], 0.0), ([1.0, 1.0], 1.0)],
///     lines: vec![PanelLine { line, stroke: Stroke::Solid, label: "learned".into() }],
///     shade: Some(line),
/// };
/// let svg = boundary_svg("truth tables", &[panel]);
/// assert!(svg.starts_with("<svg") && svg.contains("<line") && svg.contains("AND"));
/// ```
pub fn boundary_svg(heading: &str, panels: &[BoundaryPanel]) -> String {
    let width = PAD + panels.len().max(1) as f64 * (SIDE + PAD);
    let height = TOP + 24.0 + SIDE + LEGEND;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{PAD}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
        escape(heading)
    );
    for (i, panel) in panels.iter().enumerate() {
        let left = PAD + i as f64 * (SIDE + PAD);
        panel_svg(&mut out, panel, left, TOP + 24.0);
    }
    out.push_str("</svg>\n");
    out
}

/// Maps plane coordinates into one panel's pixels (y grows upward in the plane).
struct Frame {
    left: f64,
    top: f64,
    lo: f64,
    hi: f64,
}

impl Frame {
    fn px(&self, p: [f64; 2]) -> (f64, f64) {
        let s = SIDE / (self.hi - self.lo);
        (
            self.left + (p[0] - self.lo) * s,
            self.top + (self.hi - p[1]) * s,
        )
    }
}

fn panel_svg(out: &mut String, panel: &BoundaryPanel, left: f64, top: f64) {
    let (lo, hi) = (f64::from(panel.range.0), f64::from(panel.range.1));
    let frame = Frame { left, top, lo, hi };
    let _ = writeln!(
        out,
        "<text x=\"{left}\" y=\"{}\" font-weight=\"bold\">{}</text>\n<text x=\"{left}\" y=\"{}\" fill=\"#444\">{}</text>",
        top - 22.0,
        escape(&panel.title),
        top - 7.0,
        escape(&panel.caption)
    );
    let _ = writeln!(
        out,
        "<rect x=\"{left}\" y=\"{top}\" width=\"{SIDE}\" height=\"{SIDE}\" fill=\"#fafafa\" stroke=\"#999\"/>"
    );
    if let Some(line) = &panel.shade {
        let polygon = half_plane(line, lo, hi);
        if polygon.len() >= 3 {
            let pts: Vec<String> = polygon
                .iter()
                .map(|&p| {
                    let (x, y) = frame.px(p);
                    format!("{x:.1},{y:.1}")
                })
                .collect();
            let _ = writeln!(
                out,
                "<polygon points=\"{}\" fill=\"#1f77b4\" fill-opacity=\"0.10\"/>",
                pts.join(" ")
            );
        }
    }
    for (p, class) in &panel.points {
        let (x, y) = frame.px([f64::from(p[0]), f64::from(p[1])]);
        if *class == 1.0 {
            let _ = writeln!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#1f77b4\"/>"
            );
        } else {
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#ff7f0e\"/>",
                x - 3.5,
                y - 3.5
            );
        }
    }
    for l in &panel.lines {
        if let Some((a, b)) = clip_line(&l.line, lo, hi) {
            let ((x1, y1), (x2, y2)) = (frame.px(a), frame.px(b));
            let style = stroke_style(l.stroke);
            let _ = writeln!(
                out,
                "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" {style}/>"
            );
        }
    }
    legend(out, panel, left, top + SIDE + 18.0);
}

fn legend(out: &mut String, panel: &BoundaryPanel, left: f64, y: f64) {
    let _ = writeln!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#1f77b4\"/><text x=\"{}\" y=\"{}\">class 1</text>\
         <rect x=\"{}\" y=\"{}\" width=\"7\" height=\"7\" fill=\"#ff7f0e\"/><text x=\"{}\" y=\"{}\">class 0</text>",
        left + 4.0,
        y - 4.0,
        left + 12.0,
        y,
        left + 70.0,
        y - 7.5,
        left + 82.0,
        y
    );
    let mut row = y + 16.0;
    let mut seen = Vec::new();
    for l in panel.lines.iter().filter(|l| !l.label.is_empty()) {
        if seen.contains(&(&l.label, l.stroke)) {
            continue;
        }
        seen.push((&l.label, l.stroke));
        let style = stroke_style(l.stroke);
        let _ = writeln!(
            out,
            "<line x1=\"{left}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" {style}/><text x=\"{2}\" y=\"{3}\">{4}</text>",
            row - 4.0,
            left + 24.0,
            left + 30.0,
            row,
            escape(&l.label)
        );
        row += 16.0;
    }
}

/// The SVG attributes of a stroke.
fn stroke_style(stroke: Stroke) -> &'static str {
    match stroke {
        Stroke::Solid => "stroke=\"#222\" stroke-width=\"2.5\"",
        Stroke::Dashed => "stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"",
        Stroke::Faint => "stroke=\"#d62728\" stroke-width=\"1.2\" stroke-opacity=\"0.7\"",
    }
}

/// Whether the line `w . x + b = 0` crosses the square `range^2` (so it can be drawn).
///
/// ```
/// use tinytorch_milestone_perceptron::{Line, crosses};
/// assert!(crosses(&Line { w: [1.0, -1.0], b: 0.0 }, (0.0, 1.0)));
/// assert!(!crosses(&Line { w: [0.0, 0.0], b: 0.0 }, (0.0, 1.0)));
/// ```
pub fn crosses(line: &Line, range: (f32, f32)) -> bool {
    clip_line(line, f64::from(range.0), f64::from(range.1)).is_some()
}

/// The segment of `w . x + b = 0` inside the square `[lo, hi]^2`, if it crosses it.
fn clip_line(line: &Line, lo: f64, hi: f64) -> Option<([f64; 2], [f64; 2])> {
    let (w1, w2, b) = (
        f64::from(line.w[0]),
        f64::from(line.w[1]),
        f64::from(line.b),
    );
    if !(w1.is_finite() && w2.is_finite() && b.is_finite()) || (w1 == 0.0 && w2 == 0.0) {
        return None;
    }
    let mut hits: Vec<[f64; 2]> = Vec::new();
    for edge in [lo, hi] {
        if w2 != 0.0 {
            let y = -(w1 * edge + b) / w2;
            if (lo..=hi).contains(&y) {
                hits.push([edge, y]);
            }
        }
        if w1 != 0.0 {
            let x = -(w2 * edge + b) / w1;
            if (lo..=hi).contains(&x) {
                hits.push([x, edge]);
            }
        }
    }
    let first = *hits.first()?;
    let far = hits.iter().copied().max_by(|a, c| {
        let da = (a[0] - first[0]).hypot(a[1] - first[1]);
        let dc = (c[0] - first[0]).hypot(c[1] - first[1]);
        da.total_cmp(&dc)
    })?;
    Some((first, far))
}

/// The part of the square `[lo, hi]^2` where `w . x + b >= 0` (one Sutherland-Hodgman pass).
fn half_plane(line: &Line, lo: f64, hi: f64) -> Vec<[f64; 2]> {
    let score =
        |p: [f64; 2]| f64::from(line.w[0]) * p[0] + f64::from(line.w[1]) * p[1] + f64::from(line.b);
    let square = [[lo, lo], [hi, lo], [hi, hi], [lo, hi]];
    let mut out = Vec::new();
    for i in 0..4 {
        let (a, c) = (square[i], square[(i + 1) % 4]);
        let (sa, sc) = (score(a), score(c));
        if sa >= 0.0 {
            out.push(a);
        }
        if (sa >= 0.0) != (sc >= 0.0) {
            let t = sa / (sa - sc);
            out.push([a[0] + t * (c[0] - a[0]), a[1] + t * (c[1] - a[1])]);
        }
    }
    out.retain(|p| p[0].is_finite() && p[1].is_finite());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diagonal_crosses_the_square_corner_to_corner() {
        // x - y = 0 in [0, 1]^2 runs from (0, 0) to (1, 1).
        let line = Line {
            w: [1.0, -1.0],
            b: 0.0,
        };
        let (a, c) = clip_line(&line, 0.0, 1.0).unwrap();
        let mut ends = [a, c];
        ends.sort_by(|p, q| p[0].total_cmp(&q[0]));
        assert_eq!(ends, [[0.0, 0.0], [1.0, 1.0]]);
    }

    #[test]
    fn a_line_outside_the_square_or_degenerate_is_not_drawn() {
        let outside = Line {
            w: [1.0, 0.0],
            b: -5.0,
        };
        assert_eq!(clip_line(&outside, 0.0, 1.0), None);
        let zero = Line {
            w: [0.0, 0.0],
            b: 1.0,
        };
        assert_eq!(clip_line(&zero, 0.0, 1.0), None);
    }

    #[test]
    fn half_plane_of_x_at_least_half_is_the_right_half() {
        // x - 0.5 >= 0 in [0, 1]^2: the rectangle [0.5, 1] x [0, 1].
        let line = Line {
            w: [1.0, 0.0],
            b: -0.5,
        };
        let poly = half_plane(&line, 0.0, 1.0);
        assert_eq!(poly.len(), 4);
        assert!(poly.iter().all(|p| p[0] >= 0.5));
    }
}

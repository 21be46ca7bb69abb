//! A small SVG scatter plot (no plotting crate needed for points, a polyline and labels):
//! one panel per network, size on x, quality on y, the Pareto frontier joined by a line.

use crate::chart::escape;
use std::fmt::Write;

/// One point of a panel.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotPoint {
    /// x: the payload as a percentage of the f32 payload.
    pub x: f64,
    /// y: the quality metric.
    pub y: f64,
    /// Shown beside the point.
    pub label: String,
    /// On the Pareto frontier (drawn filled and joined).
    pub frontier: bool,
}

/// One panel: a title, the axis names, the points.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// e.g. `digit_mlp`.
    pub title: String,
    /// e.g. `test accuracy (%)`.
    pub y_label: String,
    /// The points.
    pub points: Vec<PlotPoint>,
}

const W: f64 = 520.0;
const H: f64 = 340.0;
const MARGIN: f64 = 56.0;

/// The panels side by side (two per row) as an SVG document.
pub fn svg(panels: &[Panel]) -> String {
    let cols = 2usize;
    let rows = panels.len().div_ceil(cols).max(1);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        W * cols as f64,
        H * rows as f64
    );
    for (i, panel) in panels.iter().enumerate() {
        let (ox, oy) = ((i % cols) as f64 * W, (i / cols) as f64 * H);
        panel_svg(&mut out, panel, ox, oy);
    }
    out.push_str("</svg>\n");
    out
}

fn panel_svg(out: &mut String, panel: &Panel, ox: f64, oy: f64) {
    let (x0, x1) = (0.0, 105.0);
    let (mut y0, mut y1) = panel
        .points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.y), hi.max(p.y))
        });
    if !(y0.is_finite() && y1.is_finite()) {
        (y0, y1) = (0.0, 1.0);
    }
    let pad = ((y1 - y0) * 0.08).max(1e-3);
    let (y0, y1) = (y0 - pad, y1 + pad);
    let (pw, ph) = (W - 2.0 * MARGIN, H - 2.0 * MARGIN);
    let sx = |x: f64| ox + MARGIN + (x - x0) / (x1 - x0) * pw;
    let sy = |y: f64| oy + MARGIN + (y1 - y) / (y1 - y0) * ph;
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        ox + MARGIN,
        oy + MARGIN - 14.0,
        escape(&panel.title)
    );
    let _ = writeln!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{pw:.1}\" height=\"{ph:.1}\" fill=\"none\" stroke=\"#888\"/>",
        ox + MARGIN,
        oy + MARGIN
    );
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{tick:.0}%</text>",
            sx(tick),
            oy + H - MARGIN + 14.0
        );
    }
    for k in 0..=4 {
        let y = y0 + (y1 - y0) * f64::from(k) / 4.0;
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{y:.3}</text>",
            ox + MARGIN - 4.0,
            sy(y) + 4.0
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">stored bytes, % of f32</text>",
        ox + MARGIN + pw / 2.0,
        oy + H - MARGIN + 30.0
    );
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"start\">{}</text>",
        ox + 4.0,
        oy + MARGIN - 2.0,
        escape(&panel.y_label)
    );
    let mut frontier: Vec<&PlotPoint> = panel.points.iter().filter(|p| p.frontier).collect();
    frontier.sort_by(|a, b| a.x.total_cmp(&b.x));
    let line: Vec<String> = frontier
        .iter()
        .map(|p| format!("{:.1},{:.1}", sx(p.x), sy(p.y)))
        .collect();
    let _ = writeln!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\"/>",
        line.join(" ")
    );
    for p in &panel.points {
        let fill = if p.frontier { "#d62728" } else { "white" };
        let _ = writeln!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{fill}\" stroke=\"#d62728\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#333\" font-size=\"9\">{}</text>",
            sx(p.x),
            sy(p.y),
            sx(p.x) + 6.0,
            sy(p.y) - 4.0,
            escape(&p.label)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_one_circle_per_point_and_escapes_labels() {
        let panel = Panel {
            title: "a<b".into(),
            y_label: "acc".into(),
            points: vec![
                PlotPoint {
                    x: 100.0,
                    y: 0.98,
                    label: "f32".into(),
                    frontier: true,
                },
                PlotPoint {
                    x: 25.0,
                    y: 0.97,
                    label: "int8".into(),
                    frontier: false,
                },
            ],
        };
        let doc = svg(&[panel]);
        assert_eq!(doc.matches("<circle").count(), 2);
        assert!(doc.contains("a&lt;b") && doc.starts_with("<svg"));
    }
}

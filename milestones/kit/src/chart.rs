//! Small self-contained SVG pictures without a plotting crate: a document builder
//! ([`Svg`]), line charts ([`line_chart`]) and heat maps ([`heatmap`]). The milestones draw
//! their boundaries, loss curves, filters and attention maps with these.
//!
//! ```
//! use tinytorch_milestone_kit::chart::{Series, Svg, line_chart};
//! let mut doc = Svg::new(400.0, 300.0);
//! let loss = Series { name: "loss".into(), points: vec![(0.0, 1.0), (1.0, 0.5)], color: "#d62728" };
//! line_chart(&mut doc, (0.0, 0.0, 400.0, 300.0), "training loss", "epoch", &[loss]);
//! let text = doc.finish();
//! assert!(text.starts_with("<svg") && text.contains("<polyline"));
//! ```

use std::fmt::Write;

/// An SVG document being built: white background, sans-serif text.
#[derive(Clone, Debug)]
pub struct Svg {
    body: String,
    width: f64,
    height: f64,
}

impl Svg {
    /// An empty `width` x `height` document.
    pub fn new(width: f64, height: f64) -> Svg {
        Svg {
            body: String::new(),
            width,
            height,
        }
    }

    /// Text at `(x, y)` (baseline, left-aligned) of `size` pixels; `&`, `<`, `>` escaped.
    pub fn text(&mut self, x: f64, y: f64, size: f64, text: &str) {
        let _ = writeln!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size:.0}\">{}</text>",
            escape(text)
        );
    }

    /// Text centred on `x`.
    pub fn text_centered(&mut self, x: f64, y: f64, size: f64, text: &str) {
        let _ = writeln!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size:.0}\" text-anchor=\"middle\">{}</text>",
            escape(text)
        );
    }

    /// A filled rectangle (`stroke` "none" for no border).
    pub fn rect(&mut self, (x, y, w, h): (f64, f64, f64, f64), fill: &str, stroke: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{fill}\" stroke=\"{stroke}\"/>"
        );
    }

    /// A circle.
    pub fn circle(&mut self, x: f64, y: f64, r: f64, fill: &str, stroke: &str) {
        let _ = writeln!(
            self.body,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>"
        );
    }

    /// A polyline through `points` (screen coordinates).
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        let coords: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = writeln!(
            self.body,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width:.1}\"/>",
            coords.join(" ")
        );
    }

    /// The finished document.
    pub fn finish(self) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0}\" height=\"{:.0}\" \
             font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{}</svg>\n",
            self.width, self.height, self.body
        )
    }
}

/// One curve of a [`line_chart`]: data coordinates and a colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The legend's name.
    pub name: String,
    /// `(x, y)` in data coordinates.
    pub points: Vec<(f64, f64)>,
    /// A CSS colour.
    pub color: &'static str,
}

/// Draws `series` as a line chart into the box `(x, y, w, h)`: a title, a frame, the y
/// range labelled at its ends, the x label, a legend. Non-finite points are skipped.
pub fn line_chart(
    doc: &mut Svg,
    (ox, oy, w, h): (f64, f64, f64, f64),
    title: &str,
    x_label: &str,
    series: &[Series],
) {
    let finite = |&&(x, y): &&(f64, f64)| x.is_finite() && y.is_finite();
    let all: Vec<(f64, f64)> = series
        .iter()
        .flat_map(|s| s.points.iter().filter(finite).copied())
        .collect();
    let range = |v: &mut dyn Iterator<Item = f64>| {
        v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        })
    };
    let (x0, mut x1) = range(&mut all.iter().map(|p| p.0));
    let (mut y0, mut y1) = range(&mut all.iter().map(|p| p.1));
    if !x0.is_finite() {
        return;
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    y0 = y0.min(0.0);
    if y1 <= y0 {
        y1 = y0 + 1.0;
    }
    let (left, top, right, bottom) = (ox + 56.0, oy + 34.0, ox + w - 16.0, oy + h - 40.0);
    let sx = |x: f64| left + (x - x0) / (x1 - x0) * (right - left);
    let sy = |y: f64| bottom - (y - y0) / (y1 - y0) * (bottom - top);
    doc.text(left, oy + 20.0, 14.0, title);
    doc.rect((left, top, right - left, bottom - top), "none", "#888");
    doc.text(ox + 4.0, top + 10.0, 10.0, &format!("{y1:.3}"));
    doc.text(ox + 4.0, bottom, 10.0, &format!("{y0:.3}"));
    doc.text(left, bottom + 14.0, 10.0, &format!("{x0}"));
    doc.text(right - 24.0, bottom + 14.0, 10.0, &format!("{x1}"));
    doc.text_centered((left + right) / 2.0, bottom + 30.0, 11.0, x_label);
    for (i, s) in series.iter().enumerate() {
        let points: Vec<(f64, f64)> = s
            .points
            .iter()
            .filter(finite)
            .map(|&(x, y)| (sx(x), sy(y)))
            .collect();
        doc.polyline(&points, s.color, 1.8);
        let ly = top + 14.0 + 14.0 * i as f64;
        doc.rect((right - 110.0, ly - 8.0, 10.0, 3.0), s.color, "none");
        doc.text(right - 96.0, ly, 10.0, &s.name);
    }
}

/// A CSS colour for `value` in `[-1, 1]`: blue (negative), white (0), red (positive).
pub fn diverging(value: f64) -> String {
    let v = value.clamp(-1.0, 1.0);
    let fade = |t: f64| (255.0 * (1.0 - t.abs())).round() as u8;
    if v >= 0.0 {
        format!("rgb(255,{},{})", fade(v), fade(v))
    } else {
        format!("rgb({},{},255)", fade(v), fade(v))
    }
}

/// A CSS colour for `value` in `[0, 1]`: white (0) to dark blue (1).
pub fn sequential(value: f64) -> String {
    let v = value.clamp(0.0, 1.0);
    let r = (255.0 - 247.0 * v).round() as u8;
    let g = (255.0 - 207.0 * v).round() as u8;
    let b = (255.0 - 148.0 * v).round() as u8;
    format!("rgb({r},{g},{b})")
}

/// Draws `grid` (rows of equal length) as `cell`-pixel squares from `(x, y)`, each coloured
/// by `color(value)`; returns the drawn width and height.
pub fn heatmap(
    doc: &mut Svg,
    (x, y): (f64, f64),
    cell: f64,
    grid: &[Vec<f64>],
    color: impl Fn(f64) -> String,
) -> (f64, f64) {
    for (r, row) in grid.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            let fill = if v.is_finite() {
                color(v)
            } else {
                "#000".into()
            };
            doc.rect(
                (x + c as f64 * cell, y + r as f64 * cell, cell, cell),
                &fill,
                "none",
            );
        }
    }
    let cols = grid.iter().map(Vec::len).max().unwrap_or(0);
    (cols as f64 * cell, grid.len() as f64 * cell)
}

/// Text made safe inside SVG elements (`&`, `<`, `>` escaped): the one escape every
/// milestone picture uses.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_blue_through_white_to_red() {
        assert_eq!(diverging(-1.0), "rgb(0,0,255)");
        assert_eq!(diverging(0.0), "rgb(255,255,255)");
        assert_eq!(diverging(1.0), "rgb(255,0,0)");
        assert_eq!(sequential(0.0), "rgb(255,255,255)");
    }

    #[test]
    fn heatmap_draws_one_square_per_value() {
        let mut doc = Svg::new(100.0, 100.0);
        let size = heatmap(
            &mut doc,
            (0.0, 0.0),
            10.0,
            &[vec![0.0, 0.5], vec![1.0, f64::NAN]],
            sequential,
        );
        assert_eq!(size, (20.0, 20.0));
        assert_eq!(doc.finish().matches("<rect").count(), 5); // background + 4 cells
    }
}

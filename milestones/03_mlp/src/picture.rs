//! The milestone's picture: XOR's solved decision boundary (the independent forward's
//! P(class 1) over the square around the four points) beside the training loss.

use crate::xor::{XOR_INPUTS, XOR_LABELS, XorRun, xor_probability};
use tinytorch_milestone_kit::chart::{Series, Svg, diverging, heatmap, line_chart};

/// Cells per side of the boundary grid over `[-0.5, 1.5]^2`.
const GRID: usize = 60;
const CELL: f64 = 4.0;

/// The picture as a self-contained SVG document.
pub fn xor_picture(run: &XorRun) -> String {
    let mut doc = Svg::new(640.0, 320.0);
    doc.text(16.0, 22.0, 14.0, "XOR solved by one hidden layer");
    let (ox, oy) = (16.0, 34.0);
    let at = |i: usize| -0.5 + 2.0 * (i as f64 + 0.5) / GRID as f64;
    // Rows from top (y = 1.5) to bottom (y = -0.5); red = class 1, blue = class 0.
    let grid: Vec<Vec<f64>> = (0..GRID)
        .map(|r| {
            (0..GRID)
                .map(|c| 2.0 * xor_probability(&run.trained, at(c), at(GRID - 1 - r)) - 1.0)
                .collect()
        })
        .collect();
    heatmap(&mut doc, (ox, oy), CELL, &grid, |v| diverging(0.8 * v));
    let side = CELL * GRID as f64;
    for (point, &label) in XOR_INPUTS.chunks(2).zip(&XOR_LABELS) {
        let x = ox + (f64::from(point[0]) + 0.5) / 2.0 * side;
        let y = oy + (1.5 - f64::from(point[1])) / 2.0 * side;
        let fill = if label == 1 { "#b2182b" } else { "#2166ac" };
        doc.circle(x, y, 7.0, fill, "black");
    }
    doc.text(
        ox,
        oy + side + 16.0,
        10.0,
        "x1, x2 in [-0.5, 1.5]; red: class 1, blue: class 0",
    );
    let loss = Series {
        name: "training loss".into(),
        points: run
            .losses
            .iter()
            .enumerate()
            .map(|(i, &l)| ((i + 1) as f64, f64::from(l)))
            .collect(),
        color: "#d62728",
    };
    line_chart(
        &mut doc,
        (280.0, 20.0, 350.0, 290.0),
        "cross-entropy per update",
        "update",
        &[loss],
    );
    doc.finish()
}

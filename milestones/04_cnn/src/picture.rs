//! The milestone's picture: the 3x3 filters of both convolutions, at initialization and
//! after training, each scaled to its layer's largest |weight| (red positive, blue negative).

use crate::independent::CnnNumbers;
use tinytorch_milestone_kit::chart::{Svg, diverging, heatmap};

const CELL: f64 = 12.0;

/// The picture as a self-contained SVG document.
pub fn filters_picture(initial: &CnnNumbers, trained: &CnnNumbers) -> String {
    let mut doc = Svg::new(680.0, 460.0);
    doc.text(
        16.0,
        22.0,
        14.0,
        "SimpleCNN's 3x3 filters: before and after training",
    );
    let mut y = 44.0;
    for (title, net) in [("initialization", initial), ("trained", trained)] {
        doc.text(16.0, y + 10.0, 12.0, title);
        let mut x = 120.0;
        for layer in 0..2 {
            let filters = net.filters(layer);
            let scale = net.params[2 * layer]
                .iter()
                .fold(1e-12f64, |m, v| m.max(v.abs()));
            doc.text(x, y - 2.0 + 10.0, 10.0, &format!("conv{}", layer + 1));
            let mut fx = x;
            for per_out in &filters {
                for (c, taps) in per_out.iter().enumerate() {
                    let grid: Vec<Vec<f64>> = taps.chunks(3).map(<[f64]>::to_vec).collect();
                    let at = (fx, y + 16.0 + c as f64 * (3.0 * CELL + 4.0));
                    heatmap(&mut doc, at, CELL, &grid, |v| diverging(v / scale));
                }
                fx += 3.0 * CELL + 4.0;
            }
            x = fx + 24.0;
        }
        y += 200.0;
    }
    doc.text(
        16.0,
        450.0,
        10.0,
        "columns: output channels; conv2 rows: its 4 input channels; red > 0 > blue",
    );
    doc.finish()
}

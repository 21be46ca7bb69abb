//! The milestone's picture: the attention weights of every head of the reversal GPT on
//! one unseen input. Reversing `x1..xn|` means that the position writing answer token `k`
//! must look back at input token `n + 1 - k`: an anti-diagonal the heads learn to draw.

use crate::gpt::reversal_symbol;
use tinytorch_attention::causal_mask;
use tinytorch_layers::Module;
use tinytorch_milestone_kit::chart::{Svg, heatmap, sequential};
use tinytorch_transformers::Gpt;

/// The attention weights of every head of every layer: `maps[layer][head][query][key]`.
///
/// # Errors
/// A message if your model rejects the ids.
pub fn attention_maps(gpt: &Gpt, ids: &[usize]) -> Result<Vec<Vec<Vec<Vec<f64>>>>, String> {
    let seq = ids.len();
    let x = gpt
        .tok()
        .forward_ids(ids, &[1, seq])
        .map_err(|e| e.to_string())?;
    let mut x = x.add(&gpt.pos().forward(seq, 0).map_err(|e| e.to_string())?);
    let mask = causal_mask(seq);
    let mut maps = Vec::new();
    for block in gpt.blocks() {
        let (_, weights) = block
            .attn()
            .forward_with_weights(&block.ln1().forward(&x), Some(&mask));
        let heads = block.attn().num_heads();
        let w: Vec<f64> = weights.to_vec().into_iter().map(f64::from).collect();
        if w.len() != heads * seq * seq {
            return Err(format!(
                "attention weights hold {} values, expected [1, {heads}, {seq}, {seq}]",
                w.len()
            ));
        }
        maps.push(
            w.chunks(seq * seq)
                .map(|h| h.chunks(seq).map(<[f64]>::to_vec).collect())
                .collect(),
        );
        x = block.forward_with_mask(&x, Some(&mask));
    }
    Ok(maps)
}

const CELL: f64 = 11.0;

/// The maps as a self-contained SVG: one heat map per head (rows: the position that
/// attends, columns: the position attended to), white 0 to dark blue 1.
pub fn attention_picture(maps: &[Vec<Vec<Vec<f64>>>], ids: &[usize]) -> String {
    let seq = ids.len() as f64;
    let heads = maps.first().map_or(0, Vec::len);
    let block = seq * CELL + 40.0;
    let mut doc = Svg::new(
        40.0 + block * heads as f64,
        60.0 + block * maps.len() as f64,
    );
    let text: String = ids.iter().map(|&i| reversal_symbol(i)).collect();
    doc.text(
        16.0,
        22.0,
        14.0,
        &format!("attention of the reversal GPT on the unseen input {text}"),
    );
    for (l, layer) in maps.iter().enumerate() {
        for (h, head) in layer.iter().enumerate() {
            let (x, y) = (30.0 + h as f64 * block, 50.0 + l as f64 * block);
            doc.text(
                x,
                y + 10.0,
                11.0,
                &format!("layer {} head {}", l + 1, h + 1),
            );
            heatmap(&mut doc, (x + 12.0, y + 16.0), CELL, head, sequential);
            for (t, &id) in ids.iter().enumerate() {
                let c = reversal_symbol(id).to_string();
                doc.text_centered(
                    x + 12.0 + (t as f64 + 0.5) * CELL,
                    y + 16.0 + seq * CELL + 10.0,
                    9.0,
                    &c,
                );
                doc.text(x + 2.0, y + 16.0 + (t as f64 + 0.8) * CELL, 9.0, &c);
            }
        }
    }
    doc.finish()
}

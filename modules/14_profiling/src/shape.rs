//! Shape helpers for the profiler's walk (shared code): checking that an input fits a
//! layer, and the output sizes of sliding windows. Only the exercise code calls them.
#![cfg_attr(course_student, allow(dead_code))]

use crate::ProfileError;
use tinytorch_layers::Module;
use tinytorch_transformers::Gpt;

/// A [`ProfileError::Shape`] for `layer` at `path`.
pub(crate) fn shape_error(
    path: &str,
    layer: &dyn Module,
    input: &[usize],
    expected: impl Into<String>,
) -> ProfileError {
    ProfileError::Shape {
        path: path.to_string(),
        layer: layer.name(),
        input: input.to_vec(),
        expected: expected.into(),
    }
}

/// Checks that the last axis of `input` is `dim` (what a `Linear`, a `LayerNorm` or a
/// feed-forward block reads).
pub(crate) fn require_last(
    path: &str,
    layer: &dyn Module,
    input: &[usize],
    dim: usize,
) -> Result<(), ProfileError> {
    if input.last() == Some(&dim) {
        Ok(())
    } else {
        Err(shape_error(
            path,
            layer,
            input,
            format!("a last axis of {dim}"),
        ))
    }
}

/// Checks that `input` is a `[B, S, dim]` sequence batch and returns `(B, S)`.
pub(crate) fn require_sequence(
    path: &str,
    layer: &dyn Module,
    input: &[usize],
    dim: usize,
) -> Result<(usize, usize), ProfileError> {
    match *input {
        [b, s, d] if d == dim => Ok((b, s)),
        _ => Err(shape_error(
            path,
            layer,
            input,
            format!("[batch, seq, {dim}]"),
        )),
    }
}

/// Checks that `input` is an image batch `[N, C, H, W]` (with `C == channels` when given)
/// and returns it as an array.
pub(crate) fn require_image(
    path: &str,
    layer: &dyn Module,
    input: &[usize],
    channels: Option<usize>,
) -> Result<[usize; 4], ProfileError> {
    match *input {
        [n, c, h, w] if channels.is_none_or(|want| want == c) => Ok([n, c, h, w]),
        _ => {
            let c = channels.map_or("C".to_string(), |c| c.to_string());
            Err(shape_error(path, layer, input, format!("[N, {c}, H, W]")))
        }
    }
}

/// The output size of a window of `kernel` sliding `stride` at a time over `input` padded
/// with `padding` zeros on each side: `(input + 2 padding - kernel) / stride + 1`, or
/// `None` when the kernel is larger than the padded input.
pub(crate) fn window_out(
    input: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
) -> Option<usize> {
    let padded = input + 2 * padding;
    (kernel <= padded && stride > 0).then(|| (padded - kernel) / stride + 1)
}

/// The product of every axis but the last: how many rows a `Linear` multiplies.
pub(crate) fn rows(input: &[usize]) -> usize {
    input.iter().rev().skip(1).product()
}

/// `input` with its last axis replaced by `dim`.
pub(crate) fn with_last(input: &[usize], dim: usize) -> Vec<usize> {
    let mut out = input.to_vec();
    if let Some(last) = out.last_mut() {
        *last = dim;
    }
    out
}

/// `parent.child`, or `child` at the top.
pub(crate) fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

/// The parts of a GPT in forward order, each with its path: `tok`, `pos`, `blocks.i`,
/// `ln_f`, `lm_head`. The walk treats a GPT as a container of these.
pub(crate) fn gpt_parts(gpt: &Gpt) -> Vec<(String, &dyn Module)> {
    let mut parts: Vec<(String, &dyn Module)> = vec![
        ("tok".to_string(), gpt.tok() as &dyn Module),
        ("pos".to_string(), gpt.pos()),
    ];
    for (i, block) in gpt.blocks().iter().enumerate() {
        parts.push((format!("blocks.{i}"), block));
    }
    parts.push(("ln_f".to_string(), gpt.ln_f()));
    parts.push(("lm_head".to_string(), gpt.lm_head()));
    parts
}

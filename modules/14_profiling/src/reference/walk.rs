//! Task 14.3: walking a model layer by layer, nested containers included, and counting
//! each layer from its sizes and the shape that reaches it.

use crate::profile_layers::{
    attention_params, feed_forward_params, is_elementwise, linear_layer_params, pool_window,
};
use crate::shape::{
    gpt_parts, join, require_image, require_last, require_sequence, rows, shape_error, window_out,
    with_last,
};
use crate::{
    LayerCost, ProfileError, activation_bytes, attention_flops, conv2d_flops, conv2d_params,
    feed_forward_flops, linear_flops, param_bytes,
};
use tinytorch_attention::MultiHeadAttention;
use tinytorch_convolutions::{Conv2d, Flatten};
use tinytorch_embeddings::{Embedding, PositionalEmbedding};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_transformers::{FeedForward, Gpt, LayerNorm, TransformerBlock};

/// Appends the cost of `layer` (at `path`, receiving `input`) to `rows` and returns the
/// shape of its output. A `Sequential` is a container: each child is walked in turn, the
/// output shape of one being the input shape of the next, child `i` at path `path.i`. A
/// `Gpt` is a container of [`gpt_parts`]. Anything else is one row, from [`layer_cost`].
pub(crate) fn walk(
    layer: &dyn Module,
    path: &str,
    input: &[usize],
    rows: &mut Vec<LayerCost>,
) -> Result<Vec<usize>, ProfileError> {
    // BEGIN SOLUTION 14.3
    let children: Vec<(String, &dyn Module)> =
        if let Some(seq) = layer.as_any().downcast_ref::<Sequential>() {
            let layers = seq.layers().iter().enumerate();
            layers.map(|(i, l)| (i.to_string(), l.as_ref())).collect()
        } else if let Some(gpt) = layer.as_any().downcast_ref::<Gpt>() {
            gpt_parts(gpt)
        } else {
            let cost = layer_cost(layer, path, input)?;
            let output = cost.output_shape.clone();
            rows.push(cost);
            return Ok(output);
        };
    let mut shape = input.to_vec();
    for (name, child) in children {
        shape = walk(child, &join(path, &name), &shape, rows)?;
    }
    Ok(shape)
    // END SOLUTION
}

/// The cost of one layer that is not a container, recognised by its concrete type
/// (`layer.as_any().downcast_ref::<T>()`), never by its name.
fn layer_cost(layer: &dyn Module, path: &str, input: &[usize]) -> Result<LayerCost, ProfileError> {
    let any = layer.as_any();
    // BEGIN SOLUTION 14.3
    let (params, flops, output_shape): (usize, u64, Vec<usize>) =
        if let Some(l) = any.downcast_ref::<Linear>() {
            require_last(path, layer, input, l.in_features())?;
            let flops = linear_flops(rows(input), l.in_features(), l.out_features());
            let output = with_last(input, l.out_features());
            (linear_layer_params(l), flops, output)
        } else if let Some(c) = any.downcast_ref::<Conv2d>() {
            let [n, _, h, w] = require_image(path, layer, input, Some(c.in_channels()))?;
            let (kh, kw) = c.kernel();
            let (Some(oh), Some(ow)) = (
                window_out(h, kh, c.stride(), c.padding()),
                window_out(w, kw, c.stride(), c.padding()),
            ) else {
                return Err(shape_error(
                    path,
                    layer,
                    input,
                    "an image at least as large as the kernel",
                ));
            };
            let (cin, cout) = (c.in_channels(), c.out_channels());
            let params = conv2d_params(cin, cout, (kh, kw), c.bias().is_some());
            let flops = conv2d_flops(n, cin, cout, (kh, kw), (oh, ow));
            (params, flops, vec![n, cout, oh, ow])
        } else if let Some((kernel, stride)) = pool_window(layer) {
            let [n, c, h, w] = require_image(path, layer, input, None)?;
            let (Some(oh), Some(ow)) = (
                window_out(h, kernel, stride, 0),
                window_out(w, kernel, stride, 0),
            ) else {
                return Err(shape_error(
                    path,
                    layer,
                    input,
                    "an image at least as large as the window",
                ));
            };
            (0, 0, vec![n, c, oh, ow])
        } else if any.is::<Flatten>() {
            let Some((&n, rest)) = input.split_first() else {
                return Err(shape_error(path, layer, input, "a batch axis"));
            };
            (0, 0, vec![n, rest.iter().product()])
        } else if is_elementwise(layer) {
            (0, 0, input.to_vec())
        } else if let Some(norm) = any.downcast_ref::<LayerNorm>() {
            require_last(path, layer, input, norm.dim())?;
            (2 * norm.dim(), 0, input.to_vec())
        } else if let Some(e) = any.downcast_ref::<Embedding>() {
            // A lookup copies rows: no arithmetic.
            let mut output = input.to_vec();
            output.push(e.dim());
            (e.vocab_size() * e.dim(), 0, output)
        } else if let Some(p) = any.downcast_ref::<PositionalEmbedding>() {
            let fits = input.len() >= 2 && input[input.len() - 2] <= p.max_len();
            if !fits || input.last() != Some(&p.dim()) {
                let expected = format!("[..., seq <= {}, {}]", p.max_len(), p.dim());
                return Err(shape_error(path, layer, input, expected));
            }
            (p.max_len() * p.dim(), 0, input.to_vec())
        } else if let Some(m) = any.downcast_ref::<MultiHeadAttention>() {
            let (b, s) = require_sequence(path, layer, input, m.embed_dim())?;
            (
                attention_params(m),
                attention_flops(b, s, m.embed_dim()),
                input.to_vec(),
            )
        } else if let Some(f) = any.downcast_ref::<FeedForward>() {
            require_last(path, layer, input, f.d_model())?;
            let flops = feed_forward_flops(rows(input), f.d_model(), f.hidden());
            (feed_forward_params(f), flops, input.to_vec())
        } else if let Some(block) = any.downcast_ref::<TransformerBlock>() {
            let d = block.d_model();
            let (b, s) = require_sequence(path, layer, input, d)?;
            let ff = block.ff();
            let params = 2 * 2 * d + attention_params(block.attn()) + feed_forward_params(ff);
            let flops = attention_flops(b, s, d) + feed_forward_flops(b * s, d, ff.hidden());
            (params, flops, input.to_vec())
        } else {
            return Err(ProfileError::UnknownLayer {
                path: path.to_string(),
                layer: layer.name(),
            });
        };
    Ok(LayerCost {
        name: if path.is_empty() {
            "(root)".to_string()
        } else {
            path.to_string()
        },
        kind: layer.name(),
        params,
        flops,
        param_bytes: param_bytes(params),
        activation_bytes: activation_bytes(&output_shape),
        output_shape,
    })
    // END SOLUTION
}

//! Graded tests for module 11 (Embeddings). Test `t11_k_*` grades task 11.k.
//! Expected values are computed by hand in the comments.
//!
//! Tables are built by hand (`Embedding::from_weight`, not an exercise), so that a test of
//! the lookup does not depend on random initialization, and gradients are compared both
//! with hand-computed values and with finite differences (`check_gradients`).

use assert_approx_eq::assert_approx_eq;
use tinytorch_autograd::{GradCheck, backward, check_gradients};
use tinytorch_embeddings::{
    Embedding, EmbeddingError, PositionalEmbedding, embedding, position_rows, sinusoidal_encoding,
};
use tinytorch_layers::Module;
use tinytorch_tensor::Tensor;
use tinytorch_tensor::testing::assert_close;

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

/// The 4 x 3 table of the hand examples: row 0 [0.1, 0.2, 0.3], row 1 [1, 2, 3],
/// row 2 [-1, 0, 1], row 3 [4, 5, 6].
fn table_4x3() -> Tensor {
    t(
        &[0.1, 0.2, 0.3, 1.0, 2.0, 3.0, -1.0, 0.0, 1.0, 4.0, 5.0, 6.0],
        &[4, 3],
    )
}

/// A 5 x 2 position table whose row p is [2p, 2p + 1].
fn positions_5x2() -> Tensor {
    t(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], &[5, 2])
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_embeddings::editions());
}

// ---- 11.1 Embedding lookup (gather) ----------------------------------------------------

#[test]
fn t11_1_lookup_copies_the_rows_of_the_ids() {
    let emb = Embedding::from_weight(table_4x3()).expect("2-D");
    // ids [3, 0, 3, 1] -> rows 3, 0, 3, 1 (a repeated id is copied twice).
    let x = emb.forward_ids(&[3, 0, 3, 1], &[4]).expect("ids in range");
    #[rustfmt::skip]
    assert_close(&x, &[4, 3], &[
        4.0, 5.0, 6.0,
        0.1, 0.2, 0.3,
        4.0, 5.0, 6.0,
        1.0, 2.0, 3.0,
    ], 0.0);
    // A single id with an empty shape gives one vector [dim].
    assert_close(
        &emb.forward_ids(&[2], &[]).unwrap(),
        &[3],
        &[-1.0, 0.0, 1.0],
        0.0,
    );
}

#[test]
fn t11_1_ids_of_shape_batch_by_seq_give_batch_seq_dim() {
    let emb = Embedding::from_weight(table_4x3()).expect("2-D");
    // ids [[1, 2, 0], [3, 3, 2]]: 2 sequences of 3 tokens -> [2, 3, 3].
    let x = emb.forward_ids(&[1, 2, 0, 3, 3, 2], &[2, 3]).unwrap();
    #[rustfmt::skip]
    assert_close(&x, &[2, 3, 3], &[
        1.0, 2.0, 3.0,   -1.0, 0.0, 1.0,   0.1, 0.2, 0.3,
        4.0, 5.0, 6.0,    4.0, 5.0, 6.0,   -1.0, 0.0, 1.0,
    ], 0.0);
    // The functional form gives the same values.
    let f = embedding(&table_4x3(), &[1, 2, 0, 3, 3, 2], &[2, 3]).unwrap();
    assert_eq!(f.to_vec(), x.to_vec());
    // The Module form takes the ids as f32 values.
    let ids = t(&[3.0, 1.0], &[1, 2]);
    assert_close(
        &emb.forward(&ids),
        &[1, 2, 3],
        &[4.0, 5.0, 6.0, 1.0, 2.0, 3.0],
        0.0,
    );
}

#[test]
fn t11_1_out_of_range_ids_are_errors_naming_id_position_and_vocab() {
    let emb = Embedding::from_weight(table_4x3()).expect("2-D");
    // vocab 4: ids 0..=3 are valid, 4 is the first invalid one (the boundary).
    let err = emb.forward_ids(&[1, 4, 2], &[3]).unwrap_err();
    assert_eq!(
        err,
        EmbeddingError::IdOutOfRange {
            id: 4,
            position: 1,
            vocab_size: 4
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("token id 4") && msg.contains("position 1") && msg.contains("vocabulary of 4"),
        "the message names the id, its position and the vocabulary size: {msg}"
    );
    // The FIRST bad id is reported, in the flattened order of a [2, 2] batch.
    let err = emb.forward_ids(&[0, 3, 9, 7], &[2, 2]).unwrap_err();
    assert_eq!(
        err,
        EmbeddingError::IdOutOfRange {
            id: 9,
            position: 2,
            vocab_size: 4
        }
    );
    // The largest valid id works.
    assert_close(
        &emb.forward_ids(&[3], &[1]).unwrap(),
        &[1, 3],
        &[4.0, 5.0, 6.0],
        0.0,
    );
}

#[test]
fn t11_1_lookup_is_recorded_only_when_the_table_requires_grad() {
    let ids = [0, 2];
    let frozen = embedding(&table_4x3(), &ids, &[2]).unwrap();
    assert!(frozen.op().is_none(), "inference: nothing recorded");
    let emb = Embedding::from_weight(table_4x3()).unwrap();
    let x = emb.forward_ids(&ids, &[2]).unwrap();
    assert!(
        x.requires_grad(),
        "a lookup in a trainable table is recorded"
    );
    assert!(x.op().is_some());
}

// ---- 11.2 Embedding backward (scatter-add) ---------------------------------------------

#[test]
fn t11_2_repeated_ids_accumulate_their_gradients() {
    let emb = Embedding::from_weight(t(&[0.0; 8], &[4, 2])).unwrap();
    // ids [1, 3, 1], loss = sum(out * w) with w = [[1, 2], [3, 4], [5, 6]]:
    // d loss / d out = w, scattered back by id:
    //   row 1 <- [1, 2] + [5, 6] = [6, 8]   (id 1 occurs twice: the gradients ADD)
    //   row 3 <- [3, 4]
    //   rows 0 and 2 were not read: 0.
    let out = emb.forward_ids(&[1, 3, 1], &[3]).unwrap();
    let w = t(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[3, 2]);
    let grads = backward(&out.mul(&w).sum_all()).unwrap();
    let g = grads
        .for_parameter(emb.weight())
        .expect("the table gets a gradient");
    #[rustfmt::skip]
    assert_close(g, &[4, 2], &[
        0.0, 0.0,
        6.0, 8.0,
        0.0, 0.0,
        3.0, 4.0,
    ], 1e-6);
}

#[test]
fn t11_2_batched_gradient_sums_over_every_occurrence() {
    // ids [[2, 2], [0, 2]] of a 3 x 1 table, loss = sum(out): each occurrence adds 1.
    // row 2 occurs 3 times -> 3, row 0 once -> 1, row 1 never -> 0.
    let table = t(&[0.5, -0.5, 2.0], &[3, 1]).with_requires_grad(true);
    let out = embedding(&table, &[2, 2, 0, 2], &[2, 2]).unwrap();
    assert_eq!(out.shape(), &[2, 2, 1]);
    let grads = backward(&out.sum_all()).unwrap();
    assert_close(grads.get(&table).unwrap(), &[3, 1], &[1.0, 0.0, 3.0], 1e-6);
}

#[test]
fn t11_2_gather_gradient_matches_finite_differences() {
    // Random output weights (check_gradients) on ids with repeats: any mixing of rows,
    // overwriting or misplacing shows up as a mismatch.
    let table = t(
        &[
            0.3, -0.2, 0.5, 1.0, 0.1, -0.7, 0.4, 0.9, -0.3, 0.2, 0.6, -0.1, 0.8, -0.5, 0.0,
        ],
        &[5, 3],
    );
    let ids = [4, 1, 4, 0, 1, 4];
    let report = check_gradients(
        |x| embedding(&x[0], &ids, &[2, 3]).expect("ids in range"),
        &[table],
        GradCheck::default(),
    )
    .expect("the scatter-add is the gradient of the gather");
    assert_eq!(report.elements, 15);
}

// ---- 11.3 Learned positions with an offset ---------------------------------------------

#[test]
fn t11_3_offset_positions_are_the_rows_of_the_table() {
    let pos = PositionalEmbedding::from_weight(positions_5x2()).unwrap();
    // Row p is [2p, 2p + 1].
    // start 0, 3 positions: rows 0, 1, 2.
    assert_close(
        &pos.forward(3, 0).unwrap(),
        &[3, 2],
        &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        0.0,
    );
    // start 3, 2 positions: rows 3, 4 (what a KV-cached decoder asks for at step 3).
    assert_close(
        &pos.forward(2, 3).unwrap(),
        &[2, 2],
        &[6.0, 7.0, 8.0, 9.0],
        0.0,
    );
    // start 4, 1 position: the last row; start + seq_len == max_len is allowed.
    assert_close(&pos.forward(1, 4).unwrap(), &[1, 2], &[8.0, 9.0], 0.0);
    // The Module form adds positions 0..S to [batch, S, dim] inputs.
    let x = t(&[10.0; 4], &[1, 2, 2]);
    assert_close(
        &Module::forward(&pos, &x),
        &[1, 2, 2],
        &[10.0, 11.0, 12.0, 13.0],
        0.0,
    );
}

#[test]
fn t11_3_positions_past_the_table_are_errors() {
    let pos = PositionalEmbedding::from_weight(positions_5x2()).unwrap();
    // Positions 4..6 of a 5-row table: row 5 does not exist.
    let err = pos.forward(2, 4).unwrap_err();
    assert_eq!(
        err,
        EmbeddingError::PositionOutOfRange {
            start: 4,
            seq_len: 2,
            max_len: 5
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("4..6") && msg.contains("max_len 5"),
        "the message names the positions and max_len: {msg}"
    );
    assert!(
        pos.forward(6, 0).is_err(),
        "a sequence longer than the table"
    );
    assert!(
        position_rows(&positions_5x2(), 1, usize::MAX).is_err(),
        "a huge start is an error, not an overflow"
    );
}

#[test]
fn t11_3_zero_positions_are_an_empty_slice_but_still_checked() {
    let pos = PositionalEmbedding::from_weight(positions_5x2()).unwrap();
    // No position at the end of a 5-row table: rows 5..5, shape [0, 2], not an error.
    let none = pos.forward(0, 5).expect("an empty range inside the table");
    assert_eq!(none.shape(), &[0, 2]);
    // Rows 6..6 start past the table: an error even though no row is read.
    assert!(position_rows(&positions_5x2(), 0, 6).is_err());
}

#[test]
fn t11_3_position_gradient_reaches_only_the_rows_read() {
    let pos = PositionalEmbedding::from_weight(positions_5x2()).unwrap();
    // rows 2..4 read, loss = sum(out * [[1, 2], [3, 4]]): rows 2 and 3 get [1, 2] and
    // [3, 4]; rows 0, 1 and 4 get 0.
    let out = pos.forward(2, 2).unwrap();
    let grads = backward(&out.mul(&t(&[1.0, 2.0, 3.0, 4.0], &[2, 2])).sum_all()).unwrap();
    #[rustfmt::skip]
    assert_close(grads.for_parameter(pos.weight()).unwrap(), &[5, 2], &[
        0.0, 0.0,
        0.0, 0.0,
        1.0, 2.0,
        3.0, 4.0,
        0.0, 0.0,
    ], 1e-6);
}

#[test]
fn t11_3_token_plus_position_gradients_match_finite_differences() {
    // x = embedding(tokens [2, 3]) + positions 1..4 (broadcast over the batch of 2),
    // the input of a transformer block decoding from offset 1.
    let tokens = t(
        &[
            0.2, -0.4, 0.7, 0.1, -0.3, 0.5, 0.9, -0.8, 0.6, 0.05, -0.6, 0.3,
        ],
        &[4, 3],
    );
    let positions = t(
        &[
            0.1, 0.2, -0.1, 0.4, -0.2, 0.3, 0.5, 0.0, -0.5, 0.25, 0.35, -0.45, 0.15, -0.05, 0.6,
        ],
        &[5, 3],
    );
    let ids = [3, 0, 3, 1, 2, 1];
    let report = check_gradients(
        |x| {
            let tok = embedding(&x[0], &ids, &[2, 3]).expect("ids in range");
            tok.add(&position_rows(&x[1], 3, 1).expect("positions 1..4 of 5"))
        },
        &[tokens, positions],
        GradCheck::default(),
    )
    .expect("gather and row-slice gradients match finite differences");
    assert_eq!(report.elements, 12 + 15);
}

// ---- 11.4 Sinusoidal encoding ----------------------------------------------------------

#[test]
fn t11_4_sinusoidal_values_at_hand_positions() {
    let pe = sinusoidal_encoding(3, 4);
    assert_eq!(pe.shape(), &[3, 4]);
    assert!(!pe.requires_grad(), "a constant, not a parameter");
    // dim 4: pair 0 has frequency 10000^(-0/4) = 1, pair 1 has 10000^(-2/4) = 1/100.
    // p = 0: [sin 0, cos 0, sin 0, cos 0] = [0, 1, 0, 1].
    // p = 1: [sin 1, cos 1, sin 0.01, cos 0.01] = [0.841471, 0.540302, 0.0099998, 0.99995].
    // p = 2: [sin 2, cos 2, sin 0.02, cos 0.02] = [0.909297, -0.416147, 0.0199987, 0.9998].
    #[rustfmt::skip]
    assert_close(&pe, &[3, 4], &[
        0.0, 1.0, 0.0, 1.0,
        0.841_471, 0.540_302, 0.009_999_8, 0.999_950,
        0.909_297, -0.416_147, 0.019_998_7, 0.999_800,
    ], 1e-5);
}

#[test]
fn t11_4_frequencies_fall_geometrically_across_pairs() {
    // dim 6: pair i turns at 10000^(-2i/6): 1, 10000^(-1/3) = 0.0464159, 10000^(-2/3) = 0.00215443.
    // p = 10: angles 10, 0.464159, 0.0215443.
    let pe = sinusoidal_encoding(11, 6);
    let row = &pe.to_vec()[60..66];
    let angles = [10.0f64, 0.464_159, 0.021_544_3];
    for (i, a) in angles.iter().enumerate() {
        assert_approx_eq!(row[2 * i], a.sin() as f32, 1e-5);
        assert_approx_eq!(row[2 * i + 1], a.cos() as f32, 1e-5);
    }
    // Every value is a sine or cosine: within [-1, 1].
    assert!(pe.to_vec().iter().all(|v| v.abs() <= 1.0));
}

#[test]
fn t11_4_one_column_and_zero_positions() {
    // dim 1: the lone column is pair 0's sine at frequency 1: [sin 0, sin 1, sin 2].
    let pe = sinusoidal_encoding(3, 1);
    assert_close(&pe, &[3, 1], &[0.0, 0.841_471, 0.909_297], 1e-6);
    // No position: an empty [0, 4] table.
    assert_eq!(sinusoidal_encoding(0, 4).shape(), &[0, 4]);
}

#[test]
fn t11_4_odd_dim_ends_with_a_lone_sine() {
    // dim 3: pair 0 (columns 0, 1) at frequency 1, pair 1 (column 2 only) at
    // 10000^(-2/3) = 0.00215443. p = 1: [sin 1, cos 1, sin 0.00215443].
    let pe = sinusoidal_encoding(2, 3);
    assert_close(
        &pe,
        &[2, 3],
        &[0.0, 1.0, 0.0, 0.841_471, 0.540_302, 0.002_154_43],
        1e-6,
    );
}

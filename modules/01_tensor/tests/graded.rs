//! Graded tests for module 01 (Tensor). Test `t01_k_*` grades task 01.k.
//! Expected values are computed by hand in the comments.

use assert_approx_eq::assert_approx_eq;
use tinytorch_tensor::testing::assert_close;
use tinytorch_tensor::{Tensor, TensorError, broadcast_shape, resolve_reshape, seeded_rng};

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_tensor::editions());
}

// ---- 01.1 creation -------------------------------------------------------------------

#[test]
fn t01_1_from_vec_keeps_row_major_order() {
    let x = t(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    assert_eq!(x.shape(), &[2, 3]);
    assert_eq!(x.data()[[1, 0]], 4.0);
    assert_eq!(x.to_vec(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
}

#[test]
fn t01_1_from_vec_rejects_wrong_length() {
    let err = Tensor::from_vec(vec![1.0, 2.0, 3.0], &[2, 2]).unwrap_err();
    assert_eq!(
        err,
        TensorError::ShapeMismatch {
            len: 3,
            shape: vec![2, 2]
        }
    );
    assert!(err.to_string().contains("holds 4"), "message: {err}");
}

#[test]
fn t01_1_constants_and_arange() {
    assert_eq!(Tensor::zeros(&[2, 3]).to_vec(), vec![0.0; 6]);
    assert_eq!(Tensor::ones(&[3]).to_vec(), vec![1.0; 3]);
    assert_eq!(Tensor::full(&[2, 2], 7.5).to_vec(), vec![7.5; 4]);
    assert_eq!(Tensor::full(&[], 3.0).shape(), &[] as &[usize]);
    assert_eq!(
        Tensor::arange(0.0, 5.0, 1.0).to_vec(),
        vec![0.0, 1.0, 2.0, 3.0, 4.0]
    );
    assert_eq!(
        Tensor::arange(1.0, 2.0, 0.25).to_vec(),
        vec![1.0, 1.25, 1.5, 1.75]
    );
    assert_eq!(Tensor::arange(3.0, 1.0, 1.0).numel(), 0);
}

#[test]
fn t01_1_random_is_seeded_and_has_the_right_statistics() {
    let a = Tensor::randn(&[100, 100], &mut seeded_rng(42));
    let b = Tensor::randn(&[100, 100], &mut seeded_rng(42));
    let c = Tensor::randn(&[100, 100], &mut seeded_rng(43));
    assert_eq!(a.to_vec(), b.to_vec(), "same seed, same tensor");
    assert_ne!(a.to_vec(), c.to_vec(), "another seed, another tensor");
    // 10,000 N(0,1) samples: the sample mean has std 0.01, the variance about 0.014.
    let values = a.to_vec();
    let mean = values.iter().sum::<f32>() / 1e4;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / 1e4;
    assert!(mean.abs() < 0.05, "mean {mean}");
    assert!((var - 1.0).abs() < 0.08, "variance {var}");

    let u = Tensor::rand_uniform(&[10_000], -2.0, 3.0, &mut seeded_rng(1)).to_vec();
    assert!(u.iter().all(|&v| (-2.0..3.0).contains(&v)));
    let mean = u.iter().sum::<f32>() / 1e4; // expected 0.5, std of the mean 0.014
    assert!((mean - 0.5).abs() < 0.07, "uniform mean {mean}");
}

// ---- 01.2 broadcasting and arithmetic --------------------------------------------------

#[test]
fn t01_2_broadcast_shape_rules() {
    assert_eq!(broadcast_shape(&[2, 3], &[2, 3]), Some(vec![2, 3]));
    assert_eq!(broadcast_shape(&[4, 3], &[3]), Some(vec![4, 3]));
    assert_eq!(broadcast_shape(&[4, 1], &[1, 5]), Some(vec![4, 5]));
    assert_eq!(broadcast_shape(&[2, 1, 5], &[3, 1]), Some(vec![2, 3, 5]));
    assert_eq!(broadcast_shape(&[], &[2, 2]), Some(vec![2, 2]));
    assert_eq!(broadcast_shape(&[0, 3], &[1, 3]), Some(vec![0, 3]));
    assert_eq!(broadcast_shape(&[4, 3], &[4]), None);
    assert_eq!(broadcast_shape(&[2, 3], &[3, 2]), None);
}

#[test]
fn t01_2_elementwise_ops_same_shape() {
    let a = t(&[1.0, 2.0, 3.0, 4.0], &[2, 2]);
    let b = t(&[5.0, 6.0, 7.0, 8.0], &[2, 2]);
    assert_eq!(a.add(&b).to_vec(), vec![6.0, 8.0, 10.0, 12.0]);
    assert_eq!(b.sub(&a).to_vec(), vec![4.0, 4.0, 4.0, 4.0]);
    assert_eq!(a.mul(&b).to_vec(), vec![5.0, 12.0, 21.0, 32.0]);
    assert_close(&b.div(&a), &[2, 2], &[5.0, 3.0, 7.0 / 3.0, 2.0], 1e-6);
    assert_eq!(
        (&a + &b).to_vec(),
        a.add(&b).to_vec(),
        "operators call the methods"
    );
    assert_eq!((-&a).to_vec(), vec![-1.0, -2.0, -3.0, -4.0]);
}

#[test]
fn t01_2_broadcasting_a_row_and_a_column() {
    // The classic pitfall: [4, 3] - [3] subtracts the row from every row.
    let x = t(
        &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0],
        &[4, 3],
    );
    let row = t(&[1.0, 2.0, 3.0], &[3]);
    let expected = [
        -1.0, -1.0, -1.0, 2.0, 2.0, 2.0, 5.0, 5.0, 5.0, 8.0, 8.0, 8.0,
    ];
    assert_close(&x.sub(&row), &[4, 3], &expected, 0.0);
    // [2, 1] * [1, 3] is an outer product.
    let col = t(&[1.0, 2.0], &[2, 1]);
    let row = t(&[10.0, 20.0, 30.0], &[1, 3]);
    assert_close(
        &col.mul(&row),
        &[2, 3],
        &[10.0, 20.0, 30.0, 20.0, 40.0, 60.0],
        0.0,
    );
    // A 0-D scalar tensor broadcasts against anything.
    assert_close(&col.add(&Tensor::scalar(0.5)), &[2, 1], &[1.5, 2.5], 0.0);
}

#[test]
#[should_panic(expected = "do not broadcast")]
fn t01_2_incompatible_shapes_panic_with_both_shapes() {
    let _ = Tensor::zeros(&[4, 3]).add(&Tensor::zeros(&[4]));
}

#[test]
fn t01_2_scalar_ops() {
    let a = t(&[1.0, -2.0, 3.0], &[3]);
    assert_eq!(a.add_scalar(1.5).to_vec(), vec![2.5, -0.5, 4.5]);
    assert_eq!(a.mul_scalar(-2.0).to_vec(), vec![-2.0, 4.0, -6.0]);
    assert_eq!((&a - 1.0).to_vec(), vec![0.0, -3.0, 2.0]);
    assert_eq!((&a / 2.0).to_vec(), vec![0.5, -1.0, 1.5]);
}

// ---- 01.3 matmul -------------------------------------------------------------------------

#[test]
fn t01_3_matmul_2d_hand_computed() {
    // [[1,2],[3,4]] @ [[5,6],[7,8]] = [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]]
    let a = t(&[1.0, 2.0, 3.0, 4.0], &[2, 2]);
    let b = t(&[5.0, 6.0, 7.0, 8.0], &[2, 2]);
    assert_close(&a.matmul(&b), &[2, 2], &[19.0, 22.0, 43.0, 50.0], 0.0);
    // [2,3] @ [3,2]: [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
    let a = t(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    let b = t(&[7.0, 8.0, 9.0, 10.0, 11.0, 12.0], &[3, 2]);
    assert_close(&a.matmul(&b), &[2, 2], &[58.0, 64.0, 139.0, 154.0], 0.0);
}

#[test]
fn t01_3_matmul_with_vectors() {
    let m = t(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    let v = t(&[1.0, 2.0, 3.0], &[3]);
    assert_close(&m.matmul(&v), &[2], &[14.0, 32.0], 0.0); // matrix · vector
    let w = t(&[1.0, 1.0], &[2]);
    assert_close(&w.matmul(&m), &[3], &[5.0, 7.0, 9.0], 0.0); // vector · matrix
    assert_close(&v.matmul(&v), &[], &[14.0], 0.0); // dot product
}

#[test]
fn t01_3_batched_matmul_broadcasts_batch_axes() {
    // Batch of two 2x2 matrices times one shared 2x2 matrix (the Linear layer case).
    let a = t(&[1.0, 2.0, 3.0, 4.0, 0.0, 1.0, 1.0, 0.0], &[2, 2, 2]);
    let b = t(&[5.0, 6.0, 7.0, 8.0], &[2, 2]);
    let expected = [19.0, 22.0, 43.0, 50.0, 7.0, 8.0, 5.0, 6.0];
    assert_close(&a.matmul(&b), &[2, 2, 2], &expected, 0.0);
    // [2,1,1,2] @ [3,2,1]: batch axes [2,1] and [3] broadcast to [2,3].
    let a = t(&[1.0, 2.0, 3.0, 4.0], &[2, 1, 1, 2]);
    let b = t(&[1.0, 0.0, 0.0, 1.0, 1.0, 1.0], &[3, 2, 1]);
    let c = a.matmul(&b);
    assert_eq!(c.shape(), &[2, 3, 1, 1]);
    // a0=[1,2], a1=[3,4]; b0=[1,0], b1=[0,1], b2=[1,1]
    assert_eq!(c.to_vec(), vec![1.0, 2.0, 3.0, 3.0, 4.0, 7.0]);
    // Batch on the right only: [2,2] @ [2,2,1].
    let m = t(&[1.0, 2.0, 3.0, 4.0], &[2, 2]);
    let cols = t(&[1.0, 0.0, 0.0, 1.0], &[2, 2, 1]);
    assert_close(&m.matmul(&cols), &[2, 2, 1], &[1.0, 3.0, 2.0, 4.0], 0.0);
}

#[test]
fn t01_3_matmul_matches_the_definition_on_random_input() {
    let mut rng = seeded_rng(3);
    let a = Tensor::randn(&[3, 5, 7], &mut rng);
    let b = Tensor::randn(&[3, 7, 4], &mut rng);
    let c = a.matmul(&b);
    assert_eq!(c.shape(), &[3, 5, 4]);
    let (ad, bd, cd) = (a.data(), b.data(), c.data());
    for n in 0..3 {
        for i in 0..5 {
            for j in 0..4 {
                let want: f32 = (0..7).map(|k| ad[[n, i, k]] * bd[[n, k, j]]).sum();
                assert_approx_eq!(cd[[n, i, j]], want, 1e-4);
            }
        }
    }
}

#[test]
#[should_panic(expected = "inner sizes differ")]
fn t01_3_matmul_inner_mismatch_panics() {
    let _ = Tensor::zeros(&[2, 3]).matmul(&Tensor::zeros(&[4, 2]));
}

// ---- 01.4 shape ops ----------------------------------------------------------------------

#[test]
fn t01_4_reshape_and_infer() {
    let x = Tensor::arange(0.0, 12.0, 1.0);
    let y = x.reshape(&[3, 4]);
    assert_eq!(y.shape(), &[3, 4]);
    assert_eq!(y.data()[[2, 1]], 9.0);
    assert_eq!(x.reshape_infer(&[2, -1, 3]).shape(), &[2, 2, 3]);
    assert_eq!(resolve_reshape(12, &[-1]).unwrap(), vec![12]);
    assert_eq!(resolve_reshape(0, &[0, 5]).unwrap(), vec![0, 5]);
}

#[test]
fn t01_4_bad_reshapes_are_errors() {
    assert!(resolve_reshape(12, &[5, 3]).is_err(), "15 elements != 12");
    assert!(resolve_reshape(12, &[-1, -1]).is_err(), "two -1");
    assert!(
        resolve_reshape(12, &[5, -1]).is_err(),
        "5 does not divide 12"
    );
    assert!(resolve_reshape(12, &[-2, 6]).is_err(), "negative size");
}

#[test]
fn t01_4_transpose_and_permute_move_elements() {
    let x = Tensor::arange(0.0, 6.0, 1.0).reshape(&[2, 3]);
    assert_close(&x.t(), &[3, 2], &[0.0, 3.0, 1.0, 4.0, 2.0, 5.0], 0.0);
    // transpose(0, 2) of arange(24).reshape(2,3,4): out[k][j][i] = in[i][j][k] = 12i + 4j + k.
    let x = Tensor::arange(0.0, 24.0, 1.0).reshape(&[2, 3, 4]);
    let y = x.transpose(0, 2);
    assert_eq!(y.shape(), &[4, 3, 2]);
    for k in 0..4 {
        for j in 0..3 {
            for i in 0..2 {
                assert_eq!(y.data()[[k, j, i]], (12 * i + 4 * j + k) as f32);
            }
        }
    }
    // permute [2, 0, 1]: out[k][i][j] = in[i][j][k]; the data is row-major afterwards.
    let z = x.permute(&[2, 0, 1]);
    assert_eq!(z.shape(), &[4, 2, 3]);
    assert_eq!(z.to_vec()[..6], [0.0, 4.0, 8.0, 12.0, 16.0, 20.0]);
    assert_eq!(z.reshape(&[24]).to_vec()[6], 1.0);
}

#[test]
#[should_panic(expected = "not a permutation")]
fn t01_4_permute_rejects_a_repeated_axis() {
    let _ = Tensor::zeros(&[2, 3]).permute(&[0, 0]);
}

#[test]
#[should_panic(expected = "not a permutation")]
fn t01_4_permute_rejects_an_axis_out_of_range() {
    // A 2-D tensor has axes 0 and 1: axis 2 does not exist. The check must say so itself,
    // not leave it to an index out of bounds further on.
    let _ = Tensor::zeros(&[2, 3]).permute(&[2, 0]);
}

// ---- 01.5 reductions ---------------------------------------------------------------------

#[test]
fn t01_5_sum_and_mean_over_axes() {
    let x = t(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    assert_close(&x.sum(0, false), &[3], &[5.0, 7.0, 9.0], 0.0);
    assert_close(&x.sum(1, false), &[2], &[6.0, 15.0], 0.0);
    assert_close(&x.sum(-1, true), &[2, 1], &[6.0, 15.0], 0.0);
    assert_close(&x.mean(0, true), &[1, 3], &[2.5, 3.5, 4.5], 1e-6);
    assert_close(&x.mean(1, false), &[2], &[2.0, 5.0], 1e-6);
    assert_close(&x.sum_all(), &[], &[21.0], 0.0);
    assert_close(&x.mean_all(), &[], &[3.5], 1e-6);
}

#[test]
fn t01_5_max_over_axes() {
    let x = t(&[1.0, 9.0, -3.0, 4.0, -5.0, 6.0], &[2, 3]);
    assert_close(&x.max(0, false), &[3], &[4.0, 9.0, 6.0], 0.0);
    assert_close(&x.max(-1, true), &[2, 1], &[9.0, 6.0], 0.0);
    assert_close(&x.max_all(), &[], &[9.0], 0.0);
    let negative = t(&[-3.0, -1.0, -2.0], &[3]);
    assert_close(&negative.max_all(), &[], &[-1.0], 0.0);
}

#[test]
fn t01_5_reductions_of_a_3d_tensor_keep_the_other_axes() {
    let x = Tensor::arange(0.0, 24.0, 1.0).reshape(&[2, 3, 4]);
    // sum over axis 1: out[i][k] = sum_j (12i + 4j + k) = 36i + 12 + 3k
    let s = x.sum(1, false);
    assert_eq!(s.shape(), &[2, 4]);
    assert_eq!(
        s.to_vec(),
        vec![12.0, 15.0, 18.0, 21.0, 48.0, 51.0, 54.0, 57.0]
    );
    assert_eq!(x.max(1, true).shape(), &[2, 1, 4]);
    assert_eq!(x.mean(-3, false).shape(), &[3, 4]);
}

// ---- 01.6 math and memory ----------------------------------------------------------------

#[test]
fn t01_6_elementwise_math_functions() {
    let x = t(&[0.0, 1.0, 4.0], &[3]);
    assert_close(&x.exp(), &[3], &[1.0, std::f32::consts::E, 54.598_15], 1e-4);
    assert_close(&x.sqrt(), &[3], &[0.0, 1.0, 2.0], 1e-7);
    assert_close(&x.powf(2.0), &[3], &[0.0, 1.0, 16.0], 1e-6);
    assert_close(&x.powf(0.5), &[3], &[0.0, 1.0, 2.0], 1e-6);
    let y = t(&[1.0, std::f32::consts::E, 0.0], &[3]);
    let logs = y.log().to_vec();
    assert_approx_eq!(logs[0], 0.0, 1e-7);
    assert_approx_eq!(logs[1], 1.0, 1e-6);
    assert_eq!(logs[2], f32::NEG_INFINITY);
    assert_close(
        &t(&[-2.0, 0.5, 3.0], &[3]).clamp(-1.0, 1.0),
        &[3],
        &[-1.0, 0.5, 1.0],
        0.0,
    );
}

#[test]
fn t01_6_nbytes_counts_four_bytes_per_element() {
    assert_eq!(Tensor::zeros(&[1000, 1000]).nbytes(), 4_000_000);
    assert_eq!(Tensor::zeros(&[3, 0]).nbytes(), 0);
    assert_eq!(Tensor::scalar(1.0).nbytes(), 4);
}

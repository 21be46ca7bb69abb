//! Hidden tests for module 01 (Tensor): edge cases the visible tests do not show.
//!
//! Instructor-only: `cargo grade release` leaves `hidden/` out of the student edition, and
//! the grader adds these files to the module's tests when it grades (see docs/RELEASE.md).
//! They grade tasks like the visible tests: `t01_k_*` counts for task 01.k.

use tinytorch_tensor::Tensor;
use tinytorch_tensor::testing::assert_close;

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

#[test]
fn t01_2_hidden_broadcasting_in_three_dimensions() {
    // [2, 1, 3] + [4, 1] -> [2, 4, 3]: out[i, j, k] = a[i, 0, k] + b[j, 0].
    let a_values: Vec<f32> = (0..6).map(|v| v as f32).collect();
    let b_values = [10.0, 20.0, 30.0, 40.0];
    let a = t(&a_values, &[2, 1, 3]);
    let b = t(&b_values, &[4, 1]);
    let mut expected = Vec::new();
    for i in 0..2 {
        for bj in b_values {
            for k in 0..3 {
                expected.push(a_values[i * 3 + k] + bj);
            }
        }
    }
    assert_close(&a.add(&b), &[2, 4, 3], &expected, 0.0);
    // The same broadcast the other way round gives the same tensor.
    assert_close(&b.add(&a), &[2, 4, 3], &expected, 0.0);
}

#[test]
fn t01_3_hidden_inner_size_one_is_an_outer_product() {
    // [3, 1] @ [1, 4]: every entry is one product, c[i, j] = u[i] * v[j].
    let u = [1.0, -2.0, 3.0];
    let v = [2.0, 0.5, -1.0, 4.0];
    let c = t(&u, &[3, 1]).matmul(&t(&v, &[1, 4]));
    let expected: Vec<f32> = u.iter().flat_map(|a| v.iter().map(move |b| a * b)).collect();
    assert_close(&c, &[3, 4], &expected, 0.0);
}

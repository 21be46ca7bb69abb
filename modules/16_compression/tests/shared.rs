//! Ungraded tests of the module's shared code: the SVD, CSR validation, `SparseLinear`
//! on batched input, masks.

use ndarray::{Array2, Ix2};
use tinytorch_compression::{CsrMatrix, Mask, SparseError, SparseLinear, svd};
use tinytorch_layers::{Linear, Module, Parameter};
use tinytorch_tensor::{Tensor, seeded_rng};

fn check_svd(m: usize, n: usize, seed: u64) {
    let a = Tensor::randn(&[m, n], &mut seeded_rng(seed));
    let a = a.data().view().into_dimensionality::<Ix2>().unwrap();
    let d = svd(a);
    let k = m.min(n);
    assert_eq!((d.u.dim(), d.s.len(), d.vt.dim()), ((m, k), k, (k, n)));
    assert!(d.s.windows(2).into_iter().all(|w| w[0] >= w[1]), "sorted");
    let back = d.u.dot(&Array2::from_diag(&d.s)).dot(&d.vt);
    let err = (&back - &a).iter().map(|e| e.abs()).fold(0.0, f32::max);
    assert!(err < 1e-4, "{m}x{n}: reconstruction error {err}");
    let utu = d.u.t().dot(&d.u);
    let vvt = d.vt.dot(&d.vt.t());
    for i in 0..k {
        for j in 0..k {
            let e = if i == j { 1.0 } else { 0.0 };
            assert!((utu[[i, j]] - e).abs() < 1e-4 && (vvt[[i, j]] - e).abs() < 1e-4);
        }
    }
}

#[test]
fn svd_reconstructs_tall_wide_and_square_matrices() {
    check_svd(12, 5, 0);
    check_svd(5, 12, 1);
    check_svd(9, 9, 2);
}

#[test]
fn from_parts_rejects_broken_csr() {
    let bad = |v: Vec<f32>, c: Vec<u32>, r: Vec<u32>| CsrMatrix::from_parts(v, c, r, [2, 3]);
    assert!(bad(vec![1.0], vec![0], vec![0, 1, 1]).is_ok());
    for err in [
        bad(vec![1.0], vec![0], vec![0, 1]),    // rows + 1 pointers
        bad(vec![1.0], vec![], vec![0, 1, 1]),  // one column per value
        bad(vec![1.0], vec![0], vec![0, 1, 2]), // ends at nnz
        bad(vec![1.0], vec![3], vec![0, 1, 1]), // column in range
        bad(vec![1.0, 2.0], vec![0, 1], vec![0, 2, 1]), // non-decreasing... and ends at nnz
    ] {
        let SparseError::InvalidCsr { reason } = err.unwrap_err();
        assert!(!reason.is_empty());
    }
}

#[test]
fn sparse_linear_keeps_leading_axes() {
    let mut rng = seeded_rng(3);
    let dense = Linear::new(6, 4, &mut rng);
    let sparse = SparseLinear::from_linear(&dense);
    let x = Tensor::randn(&[2, 3, 6], &mut rng);
    let (a, b) = (sparse.forward(&x), dense.forward(&x));
    assert_eq!(a.shape(), [2, 3, 4]);
    assert!(
        a.to_vec()
            .iter()
            .zip(b.to_vec())
            .all(|(p, q)| (p - q).abs() < 1e-5)
    );
    assert_eq!(sparse.num_parameters(), 0);
    assert!(sparse.name().starts_with("SparseLinear(6 -> 4"));
}

#[test]
#[should_panic(expected = "Mask::new: mask of shape [3] for a parameter of shape [2]")]
fn a_mask_of_the_wrong_shape_panics() {
    Mask::new(Parameter::new(Tensor::zeros(&[2])), Tensor::ones(&[3]));
}

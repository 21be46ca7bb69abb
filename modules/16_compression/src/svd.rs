//! A small singular value decomposition in pure Rust (one-sided Jacobi), for the low-rank
//! factorization of layer weights (shared code).

use ndarray::{Array1, Array2, ArrayView2};

/// `A = U diag(s) Vt`: `u` is `[m, k]` with orthonormal columns, `s` the `k = min(m, n)`
/// singular values in decreasing order, `vt` is `[k, n]` with orthonormal rows.
#[derive(Clone, Debug)]
pub struct Svd {
    /// Left singular vectors as columns, `[m, k]`.
    pub u: Array2<f32>,
    /// Singular values, largest first, `[k]`.
    pub s: Array1<f32>,
    /// Right singular vectors as rows, `[k, n]`.
    pub vt: Array2<f32>,
}

/// The thin SVD of `a` by one-sided Jacobi rotations (Hestenes), computed in f64.
///
/// Each rotation makes two columns of the working matrix orthogonal; sweeps over all pairs
/// repeat until every pair is orthogonal to 1e-12 relative (quadratic convergence, usually
/// under 10 sweeps). The column norms are then the singular values. The cost is
/// `O(m n^2)` per sweep (n the smaller side), fine for layer-sized matrices, and the
/// result is accurate to float32 precision (the tests reconstruct random matrices to 1e-4
/// absolute, diagonal ones to 1e-6). No LAPACK needed.
///
/// ```
/// use ndarray::array;
/// use tinytorch_compression::svd;
/// let a = array![[3.0f32, 0.0], [0.0, -2.0], [0.0, 0.0]];
/// let d = svd(a.view());
/// assert!((d.s[0] - 3.0).abs() < 1e-6 && (d.s[1] - 2.0).abs() < 1e-6);
/// let back = d.u.dot(&ndarray::Array2::from_diag(&d.s)).dot(&d.vt);
/// assert!((&back - &a).iter().all(|e| e.abs() < 1e-6));
/// ```
pub fn svd(a: ArrayView2<f32>) -> Svd {
    let (m, n) = a.dim();
    if m < n {
        // Decompose the transpose, then swap: A = (U' S V't)t = V' S U't.
        let t = svd(a.t());
        return Svd {
            u: t.vt.t().to_owned(),
            s: t.s,
            vt: t.u.t().to_owned(),
        };
    }
    // Work on columns as rows (contiguous): cols[j] = column j of A, vrows[j] = column j of V.
    let mut cols: Vec<Vec<f64>> = (0..n)
        .map(|j| a.column(j).iter().map(|&x| f64::from(x)).collect())
        .collect();
    let mut vrows: Vec<Vec<f64>> = (0..n)
        .map(|j| (0..n).map(|i| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    for _sweep in 0..60 {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let alpha: f64 = cols[p].iter().map(|x| x * x).sum();
                let beta: f64 = cols[q].iter().map(|x| x * x).sum();
                let gamma: f64 = cols[p].iter().zip(&cols[q]).map(|(x, y)| x * y).sum();
                if gamma.abs() <= 1e-12 * (alpha * beta).sqrt() || gamma == 0.0 {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                rotate(&mut cols, p, q, c, s);
                rotate(&mut vrows, p, q, c, s);
            }
        }
        if !rotated {
            break;
        }
    }
    let norms: Vec<f64> = cols
        .iter()
        .map(|c| c.iter().map(|x| x * x).sum::<f64>().sqrt())
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| norms[j].total_cmp(&norms[i]).then(i.cmp(&j)));
    let mut u = Array2::<f32>::zeros((m, n));
    let mut s = Array1::<f32>::zeros(n);
    let mut vt = Array2::<f32>::zeros((n, n));
    for (k, &j) in order.iter().enumerate() {
        s[k] = norms[j] as f32;
        // A zero singular value has no defined left vector; a zero column is harmless
        // for every use here (it multiplies 0).
        let inv = if norms[j] > 0.0 { 1.0 / norms[j] } else { 0.0 };
        for i in 0..m {
            u[[i, k]] = (cols[j][i] * inv) as f32;
        }
        for i in 0..n {
            vt[[k, i]] = vrows[j][i] as f32;
        }
    }
    Svd { u, s, vt }
}

/// Rotates rows `p` and `q` of `rows` by the angle with cosine `c` and sine `s`.
fn rotate(rows: &mut [Vec<f64>], p: usize, q: usize, c: f64, s: f64) {
    let (head, tail) = rows.split_at_mut(q);
    for (x, y) in head[p].iter_mut().zip(tail[0].iter_mut()) {
        let (xp, xq) = (*x, *y);
        *x = c * xp - s * xq;
        *y = s * xp + c * xq;
    }
}

//! The arithmetic the gates trust: a layer's forward and a classifier's accuracy in plain
//! `f32` loops, computed WITHOUT the course modules, so a module under test is never
//! compared with itself.

/// `y = x W + b` in plain loops: `x` is `[n, d]` row-major, `w` is `[d, o]` row-major (the
/// course's `Linear` layout), `b` is `[o]`; returns `[n, o]` row-major.
///
/// # Panics
/// If the lengths do not fit `n`, `d`, `o` (a programming error of the caller).
///
/// ```
/// use tinytorch_milestone_perceptron::affine;
/// // [1, 2] @ [[1, 2, 3], [4, 5, 6]] + [0.5, 0, -1] = [9.5, 12, 14]
/// let y = affine(&[1.0, 2.0], 2, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[0.5, 0.0, -1.0]);
/// assert_eq!(y, vec![9.5, 12.0, 14.0]);
/// ```
pub fn affine(x: &[f32], d: usize, w: &[f32], b: &[f32]) -> Vec<f32> {
    let o = b.len();
    assert!(d > 0 && x.len().is_multiple_of(d), "x is [n, {d}]");
    assert_eq!(w.len(), d * o, "w is [{d}, {o}]");
    x.chunks(d)
        .flat_map(|row| {
            (0..o).map(move |j| {
                b[j] + row
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v * w[i * o + j])
                    .sum::<f32>()
            })
        })
        .collect()
}

/// The threshold unit of 1958: class 1 when the score is at least 0, else class 0. A score
/// that is not a number (NaN) is class 0, so a broken forward cannot look right.
pub fn step(score: f32) -> f32 {
    if score >= 0.0 { 1.0 } else { 0.0 }
}

/// The fraction of `labels` the threshold of `scores` gets right (0 when empty or when
/// the lengths differ: a forward that returned the wrong number of outputs is wrong).
///
/// ```
/// use tinytorch_milestone_perceptron::accuracy;
/// assert_eq!(accuracy(&[0.5, -1.0, 2.0, 0.0], &[1.0, 0.0, 0.0, 1.0]), 0.75);
/// ```
pub fn accuracy(scores: &[f32], labels: &[f32]) -> f64 {
    if scores.is_empty() || scores.len() != labels.len() {
        return 0.0;
    }
    let right = scores
        .iter()
        .zip(labels)
        .filter(|&(&s, &t)| step(s) == t)
        .count();
    right as f64 / labels.len() as f64
}

/// The largest `|a[i] - b[i]|`; infinite when the lengths differ or a value is NaN (so a
/// gate comparing outputs fails rather than passing on a broken forward).
///
/// ```
/// use tinytorch_milestone_perceptron::max_abs_diff;
/// assert_eq!(max_abs_diff(&[1.0, 2.0], &[1.5, 2.0]), 0.5);
/// assert!(max_abs_diff(&[1.0], &[1.0, 2.0]).is_infinite());
/// ```
pub fn max_abs_diff(a: &[f32], b: &[f32]) -> f64 {
    if a.len() != b.len() {
        return f64::INFINITY;
    }
    a.iter().zip(b).fold(0.0, |m: f64, (x, y)| {
        let d = f64::from((x - y).abs());
        if d.is_nan() { f64::INFINITY } else { m.max(d) }
    })
}

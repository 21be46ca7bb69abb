//! 4-bit weight sharing (Deep Compression, Han et al. 2016): the values of a tensor are
//! replaced by the nearest of 16 shared centroids found by 1-D k-means, and only the 4-bit
//! index of each value is stored beside the 16 centroids.

/// Centroids per codebook: 4-bit indices.
pub const CODEBOOK_SIZE: usize = 16;

/// k-means iterations; 1-D k-means with linear initialisation converges in a few.
const ITERATIONS: usize = 25;

/// The 16 centroids of `values` by 1-D k-means, initialised linearly over `[min, max]`
/// (Han et al. found linear initialisation keeps the rare large weights, which matter
/// most, better than density-based initialisation). Empty input gives 16 zeros.
pub fn fit_codebook(values: &[f32]) -> [f32; CODEBOOK_SIZE] {
    let mut centroids = [0.0f32; CODEBOOK_SIZE];
    let Some((lo, hi)) = min_max(values) else {
        return centroids;
    };
    for (i, c) in centroids.iter_mut().enumerate() {
        *c = lo + (hi - lo) * i as f32 / (CODEBOOK_SIZE - 1) as f32;
    }
    let mut sums = [0.0f64; CODEBOOK_SIZE];
    let mut counts = [0usize; CODEBOOK_SIZE];
    for _ in 0..ITERATIONS {
        sums.fill(0.0);
        counts.fill(0);
        for &v in values {
            let k = nearest(&centroids, v);
            sums[k] += f64::from(v);
            counts[k] += 1;
        }
        for k in 0..CODEBOOK_SIZE {
            // An empty cluster keeps its centroid (it costs nothing and may win later).
            if counts[k] > 0 {
                centroids[k] = (sums[k] / counts[k] as f64) as f32;
            }
        }
    }
    centroids
}

/// The index of the centroid nearest to `v` (ties: the lower index).
pub fn nearest(centroids: &[f32; CODEBOOK_SIZE], v: f32) -> usize {
    let mut best = 0;
    for (k, c) in centroids.iter().enumerate() {
        if (v - c).abs() < (v - centroids[best]).abs() {
            best = k;
        }
    }
    best
}

/// Two 4-bit indices per byte: index `2i` in the low nibble of byte `i`, `2i + 1` in the
/// high nibble.
pub fn pack_nibbles(indices: &[u8]) -> Vec<u8> {
    indices
        .chunks(2)
        .map(|pair| pair[0] | pair.get(1).map_or(0, |hi| hi << 4))
        .collect()
}

/// The first `count` 4-bit indices of `packed` (inverse of [`pack_nibbles`]).
pub fn unpack_nibbles(packed: &[u8], count: usize) -> Vec<u8> {
    (0..count)
        .map(|i| (packed[i / 2] >> (4 * (i % 2))) & 0x0f)
        .collect()
}

fn min_max(values: &[f32]) -> Option<(f32, f32)> {
    let first = *values.first()?;
    Some(
        values
            .iter()
            .fold((first, first), |(lo, hi), &v| (lo.min(v), hi.max(v))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nibbles_round_trip_odd_lengths() {
        let indices: Vec<u8> = (0..7).map(|i| (i * 5 % 16) as u8).collect();
        let packed = pack_nibbles(&indices);
        assert_eq!(packed.len(), 4);
        assert_eq!(unpack_nibbles(&packed, 7), indices);
    }

    #[test]
    fn sixteen_distinct_values_are_reproduced_exactly() {
        let values: Vec<f32> = (0..64).map(|i| (i % 16) as f32 * 0.25 - 2.0).collect();
        let book = fit_codebook(&values);
        for &v in &values {
            assert_eq!(book[nearest(&book, v)], v);
        }
    }
}

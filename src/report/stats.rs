//! Summary statistics across replications.
//!
//! For `n` replication values `x₁ … xₙ`: mean `x̄`, sample standard deviation
//! `s`, and the 95 % confidence half-width `t₀.₉₇₅,ₙ₋₁ · s / √n` (Student's t;
//! replications are independent). Percentiles use linear interpolation
//! between order statistics (Hyndman & Fan type 7, as in R and NumPy).

use serde::{Deserialize, Serialize};

/// Mean, 95 % half-width and p10/p50/p90 of one quantity across replications.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub mean: f64,
    /// 95 % confidence half-width of the mean; `None` with fewer than two
    /// replications.
    pub ci95: Option<f64>,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// Two-sided 97.5 % quantiles of Student's t for 1–30 degrees of freedom.
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// `t₀.₉₇₅` for `df` degrees of freedom: the table up to 30, then the
/// Cornish–Fisher expansion around z = 1.959964 (error < 0.001).
pub fn t_quantile_975(df: usize) -> f64 {
    if df == 0 {
        return f64::NAN;
    }
    if let Some(t) = T_975.get(df - 1) {
        return *t;
    }
    let z: f64 = 1.959_964;
    let v = df as f64;
    z + (z.powi(3) + z) / (4.0 * v)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
}

/// Mean and sample standard deviation, summed in slice order.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, 0.0);
    }
    let ss: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
    (mean, (ss / (n - 1) as f64).sqrt())
}

/// The 95 % half-width of the mean of `values`.
pub fn ci95(values: &[f64]) -> Option<f64> {
    let n = values.len();
    (n >= 2).then(|| {
        let (_, sd) = mean_sd(values);
        t_quantile_975(n - 1) * sd / (n as f64).sqrt()
    })
}

/// The `q`-quantile (0–1), type 7.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    quantile_of_sorted(&sorted, q)
}

/// The `q`-quantile (0–1), type 7, of `values` in any order (reordering
/// them): the two order statistics it needs are found by selection.
fn quantile_by_selection(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let position = q.clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let low = position.floor() as usize;
    let (_, low_value, above) = values.select_nth_unstable_by(low, f64::total_cmp);
    let low_value = *low_value;
    // The next order statistic is the least of those above.
    let high_value = above
        .iter()
        .copied()
        .min_by(f64::total_cmp)
        .unwrap_or(low_value);
    low_value + (position - low as f64) * (high_value - low_value)
}

/// The `q`-quantile (0–1), type 7, of values already in ascending order.
fn quantile_of_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let position = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let low = position.floor() as usize;
    let high = (low + 1).min(sorted.len() - 1);
    sorted[low] + (position - low as f64) * (sorted[high] - sorted[low])
}

impl Summary {
    pub fn of(values: &[f64]) -> Summary {
        let (mean, _) = mean_sd(values);
        // One copy, and selection instead of a full sort: the same order
        // statistics (so the same bits as `quantile`) in linear time, which
        // matters for the finished report of a long run with many units.
        let mut buffer = values.to_vec();
        Summary {
            mean,
            ci95: ci95(values),
            p10: quantile_by_selection(&mut buffer, 0.1),
            p50: quantile_by_selection(&mut buffer, 0.5),
            p90: quantile_by_selection(&mut buffer, 0.9),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_known_values() {
        let s = Summary::of(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(s.mean, 3.0);
        assert_eq!(s.p50, 3.0);
        assert!((s.p10 - 1.4).abs() < 1e-12);
        assert!((s.p90 - 4.6).abs() < 1e-12);
        // sd = 1.5811, t(4) = 2.776 → 2.776 · 1.5811 / √5 = 1.9630
        assert!((s.ci95.unwrap() - 1.9630).abs() < 1e-3);
        assert_eq!(Summary::of(&[7.0]).ci95, None);
    }

    #[test]
    fn selection_gives_the_same_bits_as_sorting() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for n in [1usize, 2, 3, 10, 11, 1000, 1001] {
            let values: Vec<f64> = (0..n)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Ties and negative zero included.
                    if i % 7 == 0 {
                        -0.0
                    } else {
                        (state % 97) as f64 - 40.5
                    }
                })
                .collect();
            for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                let mut buffer = values.clone();
                assert_eq!(
                    quantile_by_selection(&mut buffer, q).to_bits(),
                    quantile(&values, q).to_bits(),
                    "n {n}, q {q}"
                );
            }
        }
    }

    #[test]
    fn t_quantiles_join_smoothly() {
        assert_eq!(t_quantile_975(10), 2.228);
        assert!((t_quantile_975(31) - 2.040).abs() < 0.002);
        assert!((t_quantile_975(120) - 1.980).abs() < 0.002);
        assert!((t_quantile_975(100_000) - 1.960).abs() < 0.001);
    }
}

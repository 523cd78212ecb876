//! Duration distributions, sampled with the pure-Rust `libm`.
//!
//! All parameters are in minutes. Each sampler uses only `libm` for
//! logarithms, exponentials, powers and cosines, so a draw is bit-identical
//! natively and in WebAssembly.
//!
//! | kind | parameters | sampling |
//! |---|---|---|
//! | exponential | mean `m` | `m·E`, `E` ~ Exp(1) by the ziggurat ([`super::ziggurat`]) |
//! | lognormal | mean `m`, coefficient of variation `cv` | `σ² = ln(1+cv²)`, `μ = ln m − σ²/2`, `exp(μ + σ·Z)`, `Z` by Box–Muller |
//! | gamma | mean `m`, `cv` | shape `k = 1/cv²`, scale `θ = m·cv²`; Marsaglia–Tsang (2000), with `U^(1/k)` boost for `k < 1` |
//! | triangular | `min`, `mode`, `max` | inverse CDF |
//! | deterministic | `value` | constant |
//! | empirical | observed `values` | one of the values, uniformly (a bootstrap of observations) |

use super::rng::{Purpose, Stream, first_open01, open01, stream, words};
use super::ziggurat::standard_exponential;

/// A validated distribution of durations in minutes.
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    Exponential { mean: f64 },
    LogNormal { mu: f64, sigma: f64 },
    Gamma { shape: f64, scale: f64 },
    Triangular { min: f64, mode: f64, max: f64 },
    Deterministic { value: f64 },
    Empirical { values: Vec<f64> },
}

impl Dist {
    /// A lognormal with the given mean and coefficient of variation.
    pub fn lognormal(mean: f64, cv: f64) -> Dist {
        let sigma2 = libm::log1p(cv * cv);
        Dist::LogNormal {
            mu: libm::log(mean) - sigma2 / 2.0,
            sigma: libm::sqrt(sigma2),
        }
    }

    /// A gamma with the given mean and coefficient of variation.
    pub fn gamma(mean: f64, cv: f64) -> Dist {
        Dist::Gamma {
            shape: 1.0 / (cv * cv),
            scale: mean * cv * cv,
        }
    }

    /// The mean in minutes (used by reports and by the theory tests).
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Exponential { mean } => *mean,
            Dist::LogNormal { mu, sigma } => libm::exp(mu + sigma * sigma / 2.0),
            Dist::Gamma { shape, scale } => shape * scale,
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Deterministic { value } => *value,
            Dist::Empirical { values } => values.iter().sum::<f64>() / values.len().max(1) as f64,
        }
    }

    /// One draw in minutes; always finite and non-negative for a validated
    /// distribution.
    pub fn sample(&self, rng: &mut Stream) -> f64 {
        let x = match self {
            Dist::Exponential { mean } => mean * standard_exponential(|| rng.next_u64()),
            Dist::LogNormal { mu, sigma } => libm::exp(mu + sigma * standard_normal(rng)),
            Dist::Gamma { shape, scale } => gamma(*shape, rng) * scale,
            _ => self.sample_one_uniform(|| open01(rng)),
        };
        non_negative(x)
    }

    /// The same draw as `self.sample(&mut stream(key, purpose, step))` when
    /// the stream serves only this draw. The exponential usually needs one
    /// word and the distributions sampled from one uniform exactly one, so
    /// they take it with [`words`] / [`first_open01`] and skip seeding a whole
    /// generator.
    #[inline]
    pub fn sample_once(&self, key: u64, purpose: Purpose, step: u64) -> f64 {
        match self {
            Dist::Exponential { mean } => {
                non_negative(mean * standard_exponential(words(key, purpose, step)))
            }
            Dist::LogNormal { .. } | Dist::Gamma { .. } => {
                self.sample(&mut stream(key, purpose, step))
            }
            _ => non_negative(self.sample_one_uniform(|| first_open01(key, purpose, step))),
        }
    }

    /// The distributions sampled by inverse transform from one uniform
    /// (`Deterministic` takes none); the others are not among them and give
    /// 0 here.
    #[inline]
    fn sample_one_uniform(&self, uniform: impl FnOnce() -> f64) -> f64 {
        match self {
            Dist::Triangular { min, mode, max } => triangular(*min, *mode, *max, uniform),
            Dist::Deterministic { value } => *value,
            Dist::Empirical { values } => {
                let index = (uniform() * values.len() as f64) as usize;
                values
                    .get(index.min(values.len().saturating_sub(1)))
                    .copied()
                    .unwrap_or(0.0)
            }
            Dist::Exponential { .. } | Dist::LogNormal { .. } | Dist::Gamma { .. } => 0.0,
        }
    }
}

/// Draws are durations: anything negative or not finite counts as 0.
#[inline]
fn non_negative(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 { x } else { 0.0 }
}

/// Box–Muller: one standard normal from two uniforms.
fn standard_normal(rng: &mut Stream) -> f64 {
    let u1 = open01(rng);
    let u2 = open01(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
}

/// Marsaglia & Tsang's squeeze method for Gamma(shape, 1).
fn gamma(shape: f64, rng: &mut Stream) -> f64 {
    if shape < 1.0 {
        // Gamma(k) = Gamma(k + 1) · U^(1/k).
        let boost = libm::pow(open01(rng), 1.0 / shape);
        return gamma(shape + 1.0, rng) * boost;
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    // The acceptance rate exceeds 95 % for every shape ≥ 1; the bound only
    // guarantees termination, it is never reached in practice.
    for _ in 0..1000 {
        let z = standard_normal(rng);
        let v = 1.0 + c * z;
        if v <= 0.0 {
            continue;
        }
        let v3 = v * v * v;
        let u = open01(rng);
        if u < 1.0 - 0.0331 * z * z * z * z
            || libm::log(u) < 0.5 * z * z + d * (1.0 - v3 + libm::log(v3))
        {
            return d * v3;
        }
    }
    shape
}

fn triangular(min: f64, mode: f64, max: f64, uniform: impl FnOnce() -> f64) -> f64 {
    let range = max - min;
    if range <= 0.0 {
        return min;
    }
    let u = uniform();
    let cut = (mode - min) / range;
    if u < cut {
        min + libm::sqrt(u * range * (mode - min))
    } else {
        max - libm::sqrt((1.0 - u) * range * (max - mode))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_mean_and_cv(dist: &Dist, n: usize) -> (f64, f64) {
        let mut rng = stream(11, Purpose::Service, 0);
        let draws: Vec<f64> = (0..n).map(|_| dist.sample(&mut rng)).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        (mean, var.sqrt() / mean)
    }

    #[test]
    fn samplers_match_their_moments() {
        let n = 200_000;
        for (dist, cv) in [
            (Dist::Exponential { mean: 4.0 }, 1.0),
            (Dist::lognormal(4.0, 1.5), 1.5),
            (Dist::gamma(4.0, 0.5), 0.5),
            (Dist::gamma(4.0, 2.0), 2.0),
        ] {
            let (mean, sample_cv) = sample_mean_and_cv(&dist, n);
            assert!((mean - 4.0).abs() < 0.08, "{dist:?}: mean {mean}");
            assert!(
                (sample_cv - cv).abs() < 0.12 * cv,
                "{dist:?}: cv {sample_cv}"
            );
        }
        let tri = Dist::Triangular {
            min: 1.0,
            mode: 2.0,
            max: 6.0,
        };
        let (mean, _) = sample_mean_and_cv(&tri, n);
        assert!((mean - 3.0).abs() < 0.02, "triangular mean {mean}");
    }

    #[test]
    fn a_single_draw_matches_the_stream() {
        let dists = [
            Dist::Exponential { mean: 4.0 },
            Dist::lognormal(4.0, 1.5),
            Dist::gamma(4.0, 0.5),
            Dist::gamma(4.0, 2.0),
            Dist::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 6.0,
            },
            Dist::Deterministic { value: 3.0 },
            Dist::Empirical {
                values: vec![1.0, 5.0, 9.0],
            },
        ];
        for dist in &dists {
            for key in 0..200u64 {
                let once = dist.sample_once(key, Purpose::Service, key % 7);
                let full = dist.sample(&mut stream(key, Purpose::Service, key % 7));
                assert_eq!(once.to_bits(), full.to_bits(), "{dist:?}");
            }
        }
    }

    #[test]
    fn empirical_draws_only_observed_values() {
        let dist = Dist::Empirical {
            values: vec![1.0, 5.0, 9.0],
        };
        let mut rng = stream(3, Purpose::Service, 0);
        for _ in 0..1000 {
            let x = dist.sample(&mut rng);
            assert!(x == 1.0 || x == 5.0 || x == 9.0);
        }
        assert_eq!(dist.mean(), 5.0);
    }
}

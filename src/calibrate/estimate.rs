//! The estimators, each a pure function of counts or samples, tested here
//! against distributions whose answer is known.
//!
//! - Patience: exponential and lognormal by maximum likelihood with right
//!   censoring ([`Survival::fit`]; the exponential's rate is events / total
//!   exposure, [`exponential_censored`]), the better by Akaike's criterion.
//! - First response: lognormal by maximum likelihood ([`lognormal`]).
//! - Shares and close rates: a proportion with its Wilson interval
//!   ([`wilson`]).
//! - Qualification against response time: `P(qualify | t, grade g) =
//!   q_g · (f + (1 − f)·exp(−t/τ))`, the model's decay, by maximum
//!   likelihood over `(τ, f, q_1 … q_G)` ([`fit_decay`]), with Wald
//!   intervals on `ln τ`, `logit f` and `logit q_g` from the observed
//!   Fisher information.

/// 97.5 % point of the standard normal.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A fitted value and, where it has one, its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub ci95: Option<(f64, f64)>,
}

/// Mean of an exponential from `events` observed ends and `exposure`, the
/// total time every subject was at risk (observed or censored): the MLE of
/// the rate is `events / exposure`, so the mean is `exposure / events`.
/// The interval is Wald's on the log of the rate (`± z/√events`), good
/// from a dozen events. `None` without events (the mean is not bounded).
pub fn exponential_censored(events: u64, exposure: f64) -> Option<Estimate> {
    if events == 0 || exposure <= 0.0 {
        return None;
    }
    let d = events as f64;
    let mean = exposure / d;
    let spread = libm::exp(Z95 / d.sqrt());
    Some(Estimate {
        value: mean,
        ci95: Some((mean / spread, mean * spread)),
    })
}

/// Waiting times until an event (a lead gave up) or censoring (it was
/// contacted first, or the log ended), for the patience fit. Events keep
/// exact sums (their likelihood needs only `n`, `Σ ln t`, `Σ (ln t)²`);
/// censored times are grouped in the 1 % log bins of [`DecayBins`], which
/// moves `ln t` by at most 0.01.
#[derive(Clone, Debug)]
pub struct Survival {
    events: u64,
    exposure: f64,
    event_log_sum: f64,
    event_log_sum2: f64,
    /// Per bin: (censored count, Σ ln t).
    censored: Vec<(f64, f64)>,
}

impl Default for Survival {
    fn default() -> Self {
        Survival {
            events: 0,
            exposure: 0.0,
            event_log_sum: 0.0,
            event_log_sum2: 0.0,
            censored: vec![(0.0, 0.0); BINS],
        }
    }
}

/// The patience fit: the better of an exponential and a lognormal by
/// Akaike's criterion, both by maximum likelihood with right censoring.
#[derive(Clone, Debug, PartialEq)]
pub struct PatienceFit {
    /// `true`: lognormal (`mean`, `cv`); `false`: exponential (`mean`).
    pub lognormal: bool,
    pub mean: Estimate,
    pub cv: Option<f64>,
    pub events: u64,
    /// Akaike's criterion of each (lower is better).
    pub aic_exponential: f64,
    pub aic_lognormal: Option<f64>,
}

impl Survival {
    /// A subject that waited `minutes`: `event` when it gave up then.
    pub fn add(&mut self, minutes: f64, event: bool) {
        let minutes = if minutes.is_finite() {
            minutes.max(0.0)
        } else {
            0.0
        };
        self.exposure += minutes;
        if event {
            // A give-up at 0 has no lognormal density: count it at 0.01 min.
            let l = libm::log(minutes.max(BIN_FLOOR_MINUTES));
            self.events += 1;
            self.event_log_sum += l;
            self.event_log_sum2 += l * l;
        } else if minutes > 0.0 {
            // Censored at 0 tells nothing (S(0) = 1).
            let l = libm::log(minutes.max(BIN_FLOOR_MINUTES));
            let bin =
                (((l - libm::log(BIN_FLOOR_MINUTES)) / libm::log(1.01)) as usize).min(BINS - 1);
            self.censored[bin].0 += 1.0;
            self.censored[bin].1 += l;
        }
    }

    /// Log-likelihood of a lognormal `(μ, ln σ)`.
    fn lognormal_ll(&self, mu: f64, log_sigma: f64) -> f64 {
        let sigma = libm::exp(log_sigma);
        let n = self.events as f64;
        let quad = self.event_log_sum2 - 2.0 * mu * self.event_log_sum + n * mu * mu;
        let mut ll = -self.event_log_sum
            - n * (log_sigma + 0.5 * libm::log(std::f64::consts::TAU))
            - quad / (2.0 * sigma * sigma);
        for &(count, sum) in &self.censored {
            if count > 0.0 {
                let z = (sum / count - mu) / (sigma * std::f64::consts::SQRT_2);
                let survival = 0.5 * libm::erfc(z);
                ll += count * libm::log(survival.max(1e-300));
            }
        }
        ll
    }

    /// Fits both candidates; `None` without an event.
    pub fn fit(&self) -> Option<PatienceFit> {
        let exponential = exponential_censored(self.events, self.exposure)?;
        let d = self.events as f64;
        let ll_exp = d * libm::log(d / self.exposure) - d;
        let aic_exponential = -2.0 * ll_exp + 2.0;
        let start_mu = self.event_log_sum / d;
        let objective = |p: [f64; 2]| -> f64 {
            let v = -self.lognormal_ll(p[0], p[1].clamp(-5.0, 3.0));
            if v.is_finite() { v } else { f64::MAX }
        };
        let (p, value) = nelder_mead(&objective, [start_mu + 1.0, 0.0], [1.0, 0.5]);
        let (mu, log_sigma) = (p[0], p[1].clamp(-5.0, 3.0));
        let sigma2 = libm::exp(2.0 * log_sigma);
        let mean = libm::exp(mu + sigma2 / 2.0);
        let cv = libm::sqrt(libm::expm1(sigma2));
        let aic_lognormal = 2.0 * value + 4.0;
        // The scenario format's limits (mean ≤ 10^6 min, cv ≤ 20): beyond
        // them the data cannot tell a lognormal's tail, keep the exponential.
        let usable = mean.is_finite() && mean <= 1e6 && cv > 0.0 && cv <= 20.0;
        if !(usable && aic_lognormal < aic_exponential) {
            return Some(PatienceFit {
                lognormal: false,
                mean: exponential,
                cv: None,
                events: self.events,
                aic_exponential,
                aic_lognormal: usable.then_some(aic_lognormal),
            });
        }
        // Interval of ln(mean) = μ + σ²/2 by the delta method.
        let h = hessian(
            &|t: &[f64]| -self.lognormal_ll(t[0], t[1]),
            &[mu, log_sigma],
        );
        let ci95 = invert(&h).and_then(|c| {
            let g = [1.0, sigma2];
            let var = g[0] * g[0] * c[0][0] + 2.0 * g[0] * g[1] * c[0][1] + g[1] * g[1] * c[1][1];
            (var > 0.0 && var.is_finite()).then(|| {
                let se = libm::sqrt(var);
                let l = mu + sigma2 / 2.0;
                (libm::exp(l - Z95 * se), libm::exp(l + Z95 * se))
            })
        });
        Some(PatienceFit {
            lognormal: true,
            mean: Estimate { value: mean, ci95 },
            cv: Some(cv),
            events: self.events,
            aic_exponential,
            aic_lognormal: Some(aic_lognormal),
        })
    }
}

/// A lognormal's mean and coefficient of variation by maximum likelihood
/// (the mean and variance of `ln x`), from positive samples; the interval
/// is the mean's, from `μ`'s and `σ²`'s (Cox's method). `None` with fewer
/// than two positive samples.
pub fn lognormal(samples: impl Iterator<Item = f64>) -> Option<(Estimate, f64)> {
    let (mut n, mut sum, mut sum2) = (0.0, 0.0, 0.0);
    for x in samples.filter(|x| *x > 0.0 && x.is_finite()) {
        let l = libm::log(x);
        n += 1.0;
        sum += l;
        sum2 += l * l;
    }
    if n < 2.0 {
        return None;
    }
    let mu = sum / n;
    let var = (sum2 / n - mu * mu).max(0.0);
    let mean = libm::exp(mu + var / 2.0);
    let cv = libm::sqrt(libm::expm1(var));
    let log_se = libm::sqrt(var / n + var * var / (2.0 * (n - 1.0)));
    let log_mean = mu + var / 2.0;
    Some((
        Estimate {
            value: mean,
            ci95: Some((
                libm::exp(log_mean - Z95 * log_se),
                libm::exp(log_mean + Z95 * log_se),
            )),
        },
        cv,
    ))
}

/// The proportion `k / n` with its Wilson score interval (sound near 0 and
/// 1, unlike the normal one). `None` when `n = 0`.
pub fn wilson(k: u64, n: u64) -> Option<Estimate> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * libm::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    Some(Estimate {
        value: p,
        ci95: Some(((centre - half).max(0.0), (centre + half).min(1.0))),
    })
}

/// Response times are grouped in bins 1 % wide on a log scale from 0.01 min
/// (plus one bin for 0), each represented by its mean time: the likelihood
/// then costs the same for a thousand leads or ten million, and the
/// grouping moves `exp(−t/τ)` by at most 1 % of `t/τ`.
const BIN_FLOOR_MINUTES: f64 = 0.01;
const BINS: usize = 2000;

/// Contacted leads of one grade, by response time: `(mean t, leads,
/// qualified)` per non-empty bin.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DecayData {
    grades: Vec<Vec<(f64, f64, f64)>>,
}

/// Accumulates contacted leads into [`DecayData`].
pub struct DecayBins {
    /// Per grade, per bin: (sum of t, leads, qualified).
    bins: Vec<Vec<(f64, u64, u64)>>,
}

impl DecayBins {
    pub fn new(grades: usize) -> DecayBins {
        DecayBins {
            bins: vec![vec![(0.0, 0, 0); BINS]; grades],
        }
    }

    pub fn add(&mut self, grade: usize, minutes: f64, qualified: bool) {
        let bin = if minutes <= 0.0 || !minutes.is_finite() {
            0
        } else if minutes < BIN_FLOOR_MINUTES {
            1
        } else {
            let i = (libm::log(minutes / BIN_FLOOR_MINUTES) / libm::log(1.01)) as usize + 1;
            i.min(BINS - 1)
        };
        if let Some(b) = self.bins.get_mut(grade).and_then(|g| g.get_mut(bin)) {
            b.0 += minutes.max(0.0);
            b.1 += 1;
            b.2 += u64::from(qualified);
        }
    }

    pub fn finish(self) -> DecayData {
        DecayData {
            grades: self
                .bins
                .into_iter()
                .map(|g| {
                    g.into_iter()
                        .filter(|b| b.1 > 0)
                        .map(|(sum, n, k)| (sum / n as f64, n as f64, k as f64))
                        .collect()
                })
                .collect(),
        }
    }
}

/// The decay's fit.
#[derive(Clone, Debug, PartialEq)]
pub struct DecayFit {
    pub tau: Estimate,
    pub floor: Estimate,
    /// `q_g` per grade (the qualification probability at `t = 0`); a grade
    /// without contacted leads gets `None`.
    pub qualify: Vec<Option<Estimate>>,
    pub log_likelihood: f64,
    pub leads: u64,
}

/// `ln τ` between ln 0.1 min and ln 525,600 min (a year, the scenario
/// format's largest τ).
const LN_TAU_RANGE: (f64, f64) = (-std::f64::consts::LN_10, 13.172_295_746_152_537);
const LOGIT_RANGE: (f64, f64) = (-15.0, 15.0);

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-x))
}

fn logit(p: f64) -> f64 {
    libm::log(p / (1.0 - p))
}

impl DecayData {
    /// Log-likelihood of grade `g`'s bins given `q` and the multipliers.
    fn grade_ll(bins: &[(f64, f64, f64)], q: f64, m: &[f64]) -> f64 {
        bins.iter()
            .zip(m)
            .map(|(&(_, n, k), &m)| {
                let p = (q * m).clamp(1e-300, 1.0 - 1e-15);
                k * libm::log(p) + (n - k) * libm::log1p(-p)
            })
            .sum()
    }

    /// The best `q` of one grade for fixed multipliers (the likelihood is
    /// concave in `q`: bisection on its derivative).
    fn best_q(bins: &[(f64, f64, f64)], m: &[f64]) -> f64 {
        let qualified: f64 = bins.iter().map(|b| b.2).sum();
        if qualified == 0.0 {
            return 1e-9;
        }
        let max_m = m.iter().copied().fold(0.0, f64::max).max(1e-300);
        let (mut lo, mut hi) = (1e-12, (1.0 / max_m).min(1.0) * (1.0 - 1e-12));
        let slope = |q: f64| {
            qualified / q
                - bins
                    .iter()
                    .zip(m)
                    .map(|(&(_, n, k), &m)| (n - k) * m / (1.0 - q * m))
                    .sum::<f64>()
        };
        if slope(hi) >= 0.0 {
            return hi;
        }
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if slope(mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    fn multipliers(bins: &[(f64, f64, f64)], tau: f64, floor: f64) -> Vec<f64> {
        bins.iter()
            .map(|&(t, _, _)| floor + (1.0 - floor) * libm::exp(-t / tau))
            .collect()
    }

    /// The profile log-likelihood of `(ln τ, logit f)`, each `q_g` at its best.
    fn profile(&self, x: f64, y: f64) -> f64 {
        let (tau, floor) = (libm::exp(x), logistic(y));
        self.grades
            .iter()
            .filter(|b| !b.is_empty())
            .map(|bins| {
                let m = Self::multipliers(bins, tau, floor);
                let q = Self::best_q(bins, &m);
                Self::grade_ll(bins, q, &m)
            })
            .sum()
    }

    /// The full log-likelihood at `θ = (ln τ, logit f, logit q_g …)` over
    /// the grades with data.
    fn full(&self, theta: &[f64]) -> f64 {
        let (tau, floor) = (libm::exp(theta[0]), logistic(theta[1]));
        self.grades
            .iter()
            .filter(|b| !b.is_empty())
            .zip(&theta[2..])
            .map(|(bins, &lq)| {
                let m = Self::multipliers(bins, tau, floor);
                Self::grade_ll(bins, logistic(lq), &m)
            })
            .sum()
    }
}

/// Fits `q_g`, `τ` and `f` by maximum likelihood. The profile likelihood
/// over `(ln τ, logit f)` is maximised by Nelder–Mead from three starting
/// values of τ (20, 200, 2000 min), each `q_g` solved exactly inside;
/// intervals come from the inverse of the numerical Hessian of the full
/// log-likelihood at the optimum. `None` without a contacted lead.
pub fn fit_decay(data: &DecayData) -> Option<DecayFit> {
    let leads: f64 = data.grades.iter().flatten().map(|b| b.1).sum();
    if leads == 0.0 {
        return None;
    }
    let clamp = |p: [f64; 2]| {
        [
            p[0].clamp(LN_TAU_RANGE.0, LN_TAU_RANGE.1),
            p[1].clamp(LOGIT_RANGE.0, LOGIT_RANGE.1),
        ]
    };
    let objective = |p: [f64; 2]| -> f64 {
        let p = clamp(p);
        -data.profile(p[0], p[1])
    };
    let mut best: Option<([f64; 2], f64)> = None;
    for start_tau in [20.0f64, 200.0, 2000.0] {
        let start = [libm::log(start_tau), logit(1.0 / 60.0)];
        let (p, v) = nelder_mead(&objective, start, [1.0, 1.0]);
        if best.is_none_or(|(_, b)| v < b) {
            best = Some((clamp(p), v));
        }
    }
    let (p, value) = best?;
    let with_data: Vec<usize> = (0..data.grades.len())
        .filter(|&g| !data.grades[g].is_empty())
        .collect();
    let (tau, floor) = (libm::exp(p[0]), logistic(p[1]));
    let qs: Vec<f64> = with_data
        .iter()
        .map(|&g| {
            let bins = &data.grades[g];
            DecayData::best_q(bins, &DecayData::multipliers(bins, tau, floor))
        })
        .collect();
    let mut theta = vec![p[0], p[1]];
    theta.extend(qs.iter().map(|&q| logit(q.clamp(1e-9, 1.0 - 1e-9))));
    let covariance = invert(&hessian(&|t: &[f64]| -data.full(t), &theta));
    let se = |i: usize| {
        covariance
            .as_ref()
            .and_then(|c| c.get(i).and_then(|row| row.get(i)).copied())
            .filter(|v| *v > 0.0 && v.is_finite())
            .map(libm::sqrt)
    };
    // A parameter on its boundary has no Wald interval.
    let interior = |x: f64, range: (f64, f64)| x > range.0 + 1e-6 && x < range.1 - 1e-6;
    let interval = |i: usize, map: &dyn Fn(f64) -> f64, ok: bool| {
        se(i)
            .filter(|_| ok)
            .map(|s| (map(theta[i] - Z95 * s), map(theta[i] + Z95 * s)))
    };
    let tau_est = Estimate {
        value: tau,
        ci95: interval(0, &|x| libm::exp(x), interior(p[0], LN_TAU_RANGE)),
    };
    let floor_est = Estimate {
        value: floor,
        ci95: interval(1, &logistic, interior(p[1], LOGIT_RANGE)),
    };
    let mut qualify = vec![None; data.grades.len()];
    for (j, &g) in with_data.iter().enumerate() {
        let q = qs[j];
        qualify[g] = Some(Estimate {
            value: q,
            ci95: interval(j + 2, &logistic, q > 1e-6 && q < 1.0 - 1e-6),
        });
    }
    Some(DecayFit {
        tau: tau_est,
        floor: floor_est,
        qualify,
        log_likelihood: -value,
        leads: leads as u64,
    })
}

/// Minimises `f` over two variables (Nelder–Mead, standard coefficients).
fn nelder_mead(f: &dyn Fn([f64; 2]) -> f64, start: [f64; 2], step: [f64; 2]) -> ([f64; 2], f64) {
    let mut simplex = [
        start,
        [start[0] + step[0], start[1]],
        [start[0], start[1] + step[1]],
    ];
    let mut values = simplex.map(f);
    for _ in 0..400 {
        let mut order = [0, 1, 2];
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        let (b, m, w) = (order[0], order[1], order[2]);
        if (values[w] - values[b]).abs() < 1e-10 * (1.0 + values[b].abs())
            && (simplex[w][0] - simplex[b][0]).abs() < 1e-7
            && (simplex[w][1] - simplex[b][1]).abs() < 1e-7
        {
            break;
        }
        let centroid = [
            0.5 * (simplex[b][0] + simplex[m][0]),
            0.5 * (simplex[b][1] + simplex[m][1]),
        ];
        let along = |t: f64| {
            [
                centroid[0] + t * (simplex[w][0] - centroid[0]),
                centroid[1] + t * (simplex[w][1] - centroid[1]),
            ]
        };
        let reflected = along(-1.0);
        let fr = f(reflected);
        if fr < values[b] {
            let expanded = along(-2.0);
            let fe = f(expanded);
            if fe < fr {
                (simplex[w], values[w]) = (expanded, fe);
            } else {
                (simplex[w], values[w]) = (reflected, fr);
            }
        } else if fr < values[m] {
            (simplex[w], values[w]) = (reflected, fr);
        } else {
            let contracted = if fr < values[w] {
                along(-0.5)
            } else {
                along(0.5)
            };
            let fc = f(contracted);
            if fc < values[w].min(fr) {
                (simplex[w], values[w]) = (contracted, fc);
            } else {
                for i in [m, w] {
                    simplex[i] = [
                        0.5 * (simplex[i][0] + simplex[b][0]),
                        0.5 * (simplex[i][1] + simplex[b][1]),
                    ];
                    values[i] = f(simplex[i]);
                }
            }
        }
    }
    let best = (0..3)
        .min_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap_or(0);
    (simplex[best], values[best])
}

/// The Hessian of `f` at `x` by central differences.
fn hessian(f: &dyn Fn(&[f64]) -> f64, x: &[f64]) -> Vec<Vec<f64>> {
    let n = x.len();
    let h = 1e-4;
    let at = |d: &[(usize, f64)]| {
        let mut y = x.to_vec();
        for &(i, v) in d {
            y[i] += v;
        }
        f(&y)
    };
    let centre = f(x);
    let entry = |i: usize, j: usize| {
        if i == j {
            (at(&[(i, h)]) - 2.0 * centre + at(&[(i, -h)])) / (h * h)
        } else {
            (at(&[(i, h), (j, h)]) - at(&[(i, h), (j, -h)]) - at(&[(i, -h), (j, h)])
                + at(&[(i, -h), (j, -h)]))
                / (4.0 * h * h)
        }
    };
    // Symmetric by construction: both halves use the same (larger, smaller)
    // index order, so rounding cannot make them differ.
    (0..n)
        .map(|i| (0..n).map(|j| entry(i.max(j), i.min(j))).collect())
        .collect()
}

/// The inverse of a small symmetric matrix (Gauss–Jordan with partial
/// pivoting); `None` when it is singular.
fn invert(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut m: Vec<Vec<f64>> = a
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut r = row.clone();
            r.extend((0..n).map(|j| if i == j { 1.0 } else { 0.0 }));
            r
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|&x, &y| m[x][col].abs().total_cmp(&m[y][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, pivot);
        let p = m[col][col];
        for v in m[col].iter_mut() {
            *v /= p;
        }
        for row in 0..n {
            if row != col {
                let factor = m[row][col];
                if factor != 0.0 {
                    let pivot_row = m[col].clone();
                    for (v, pv) in m[row].iter_mut().zip(pivot_row) {
                        *v -= factor * pv;
                    }
                }
            }
        }
    }
    Some(m.into_iter().map(|r| r[n..].to_vec()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{Purpose, open01, stream};

    #[test]
    fn censored_exponential_recovers_its_mean() {
        // Patience ~ Exp(mean 300), contact ~ Exp(mean 200): the patience is
        // seen only when it comes first (rate 1/300 of 1/120 combined).
        let mut rng = stream(11, Purpose::Patience, 0);
        let (mut events, mut exposure) = (0u64, 0.0);
        for _ in 0..40_000 {
            let patience = -300.0 * libm::log(open01(&mut rng));
            let contact = -200.0 * libm::log(open01(&mut rng));
            events += u64::from(patience < contact);
            exposure += patience.min(contact);
        }
        let e = exponential_censored(events, exposure).unwrap();
        assert!((e.value / 300.0 - 1.0).abs() < 0.03, "{e:?}");
        let (lo, hi) = e.ci95.unwrap();
        assert!(lo < 300.0 && 300.0 < hi, "{e:?}");
        assert_eq!(exponential_censored(0, 10.0), None);
    }

    #[test]
    fn censored_patience_picks_the_right_shape() {
        // Lognormal patience (mean 240, cv 1) censored by contacts that
        // come at exponential times (mean 300): the lognormal is chosen and
        // recovered; exponential patience keeps the exponential.
        let mut rng = stream(14, Purpose::Patience, 0);
        let sigma2 = libm::log1p(1.0f64);
        let mu = libm::log(240.0) - sigma2 / 2.0;
        let mut lognormal_data = Survival::default();
        let mut exponential_data = Survival::default();
        for _ in 0..40_000 {
            let (u, v) = (open01(&mut rng), open01(&mut rng));
            let z = libm::sqrt(-2.0 * libm::log(u)) * libm::cos(std::f64::consts::TAU * v);
            let patience = libm::exp(mu + libm::sqrt(sigma2) * z);
            let contact = -300.0 * libm::log(open01(&mut rng));
            lognormal_data.add(patience.min(contact), patience < contact);
            let patience = -240.0 * libm::log(open01(&mut rng));
            exponential_data.add(patience.min(contact), patience < contact);
        }
        let fit = lognormal_data.fit().unwrap();
        assert!(fit.lognormal, "{fit:?}");
        assert!((fit.mean.value / 240.0 - 1.0).abs() < 0.06, "{fit:?}");
        assert!((fit.cv.unwrap_or(0.0) - 1.0).abs() < 0.1, "{fit:?}");
        let (lo, hi) = fit.mean.ci95.unwrap();
        assert!(lo < 240.0 && 240.0 < hi, "{fit:?}");
        let fit = exponential_data.fit().unwrap();
        assert!(!fit.lognormal, "{fit:?}");
        assert!((fit.mean.value / 240.0 - 1.0).abs() < 0.04, "{fit:?}");
        assert_eq!(Survival::default().fit(), None);
    }

    #[test]
    fn lognormal_recovers_mean_and_cv() {
        let mut rng = stream(12, Purpose::Service, 0);
        let sigma2 = libm::log1p(0.8f64 * 0.8);
        let mu = libm::log(30.0) - sigma2 / 2.0;
        let samples: Vec<f64> = (0..20_000)
            .map(|_| {
                // Box–Muller.
                let (u, v) = (open01(&mut rng), open01(&mut rng));
                let z = libm::sqrt(-2.0 * libm::log(u)) * libm::cos(std::f64::consts::TAU * v);
                libm::exp(mu + libm::sqrt(sigma2) * z)
            })
            .collect();
        let (mean, cv) = lognormal(samples.into_iter()).unwrap();
        assert!((mean.value / 30.0 - 1.0).abs() < 0.03, "{mean:?}");
        assert!((cv / 0.8 - 1.0).abs() < 0.04, "{cv}");
        let (lo, hi) = mean.ci95.unwrap();
        assert!(lo < 30.0 && 30.0 < hi);
    }

    #[test]
    fn wilson_matches_a_worked_example() {
        // 8 of 10: Wilson's interval is about (0.490, 0.943).
        let e = wilson(8, 10).unwrap();
        let (lo, hi) = e.ci95.unwrap();
        assert!(
            (lo - 0.4902).abs() < 1e-3 && (hi - 0.9433).abs() < 1e-3,
            "{e:?}"
        );
        let zero = wilson(0, 50).unwrap().ci95.unwrap();
        assert_eq!(zero.0, 0.0);
        assert!(zero.1 > 0.0 && zero.1 < 0.08);
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn decay_fit_recovers_tau_floor_and_qualification() {
        // Two grades, q = 0.6 and 0.2, τ = 150 min, f = 0.05; response
        // times spread from minutes to days (lognormal, median 90 min).
        let (tau, floor, q) = (150.0, 0.05, [0.6, 0.2]);
        let mut rng = stream(13, Purpose::Qualify, 0);
        let mut bins = DecayBins::new(2);
        for i in 0..200_000 {
            let g = i % 2;
            let (u, v) = (open01(&mut rng), open01(&mut rng));
            let z = libm::sqrt(-2.0 * libm::log(u)) * libm::cos(std::f64::consts::TAU * v);
            let t = libm::exp(libm::log(90.0) + 1.8 * z);
            let p = q[g] * (floor + (1.0 - floor) * libm::exp(-t / tau));
            bins.add(g, t, open01(&mut rng) < p);
        }
        let fit = fit_decay(&bins.finish()).unwrap();
        assert!((fit.tau.value / tau - 1.0).abs() < 0.08, "{fit:?}");
        assert!((fit.floor.value - floor).abs() < 0.01, "{fit:?}");
        for (g, &qg) in q.iter().enumerate() {
            let e = fit.qualify[g].unwrap();
            assert!((e.value - qg).abs() < 0.02, "grade {g}: {e:?}");
            let (lo, hi) = e.ci95.unwrap();
            assert!(lo < qg && qg < hi, "grade {g}: {e:?}");
        }
        let (lo, hi) = fit.tau.ci95.unwrap();
        assert!(lo < tau && tau < hi, "{fit:?}");
        let (lo, hi) = fit.floor.ci95.unwrap();
        assert!(lo < floor && floor < hi, "{fit:?}");
        assert_eq!(fit.leads, 200_000);
    }

    #[test]
    fn the_tau_range_is_the_formats() {
        assert!((libm::exp(LN_TAU_RANGE.1) - 525_600.0).abs() < 1e-6);
        // Two leads tell nothing: the fit stays inside the format's range.
        let mut bins = DecayBins::new(1);
        bins.add(0, 5.0, true);
        bins.add(0, 50.0, false);
        let fit = fit_decay(&bins.finish()).unwrap();
        assert!(fit.tau.value > 0.0 && fit.tau.value <= 525_600.0, "{fit:?}");
        assert!((0.0..=1.0).contains(&fit.floor.value));
    }

    #[test]
    fn a_matrix_inverts() {
        let a = vec![vec![4.0, 1.0], vec![1.0, 3.0]];
        let inv = invert(&a).unwrap();
        assert!((inv[0][0] - 3.0 / 11.0).abs() < 1e-12);
        assert!((inv[0][1] + 1.0 / 11.0).abs() < 1e-12);
        assert_eq!(invert(&[vec![1.0, 2.0], vec![2.0, 4.0]]), None);
    }
}

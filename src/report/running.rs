//! Statistics that grow one replication at a time, for progress reports.
//!
//! While a run is going the app shows its KPIs after every few results. A
//! report rebuilt from every finished replication costs time in proportion
//! to their number, so a long run slowed the page down more with every
//! update. These accumulators take each replication once, in replication
//! order, and answer at any moment at a cost that does not depend on how
//! many came before:
//! - mean and standard deviation by Welford's update;
//! - P10 / P50 / P90 by the P² algorithm (Jain & Chlamtac, CACM 1985): five
//!   markers per quantile, moved towards their ideal positions by a
//!   piecewise-parabolic step. Exact up to five values, an estimate after.
//!
//! The finished run's report is still computed exactly from all results
//! ([`super::Report::from_replications`]); these figures only stand in for
//! it while the run is going. They depend on the replications' order, which
//! is their number, so they are the same whichever workers ran them.

use super::stats::{Summary, t_quantile_975};
use super::{Comparison, Difference, Kpi, Payback, Report};
use crate::sim::{Model, ReplicationResult};

/// Running estimate of one quantile (P²).
#[derive(Clone, Debug)]
struct Quantile {
    p: f64,
    /// Marker heights; the first `count` hold the raw values while fewer
    /// than five have been seen.
    heights: [f64; 5],
    /// Actual marker positions (1-based ranks).
    positions: [f64; 5],
    /// Desired marker positions.
    desired: [f64; 5],
    count: u64,
}

impl Quantile {
    fn new(p: f64) -> Quantile {
        Quantile {
            p,
            heights: [0.0; 5],
            positions: [1.0, 2.0, 3.0, 4.0, 5.0],
            desired: [1.0, 1.0 + 2.0 * p, 1.0 + 4.0 * p, 3.0 + 2.0 * p, 5.0],
            count: 0,
        }
    }

    fn push(&mut self, x: f64) {
        if self.count < 5 {
            self.heights[self.count as usize] = x;
            self.count += 1;
            if self.count == 5 {
                self.heights.sort_by(f64::total_cmp);
            }
            return;
        }
        self.count += 1;
        let h = &mut self.heights;
        // The cell the value falls in; the extreme markers follow the
        // minimum and maximum.
        let cell = if x < h[0] {
            h[0] = x;
            0
        } else if x >= h[4] {
            h[4] = x;
            3
        } else {
            (1..5).find(|&i| x < h[i]).map_or(3, |i| i - 1)
        };
        for position in &mut self.positions[cell + 1..] {
            *position += 1.0;
        }
        let step = [0.0, self.p / 2.0, self.p, (1.0 + self.p) / 2.0, 1.0];
        for (desired, step) in self.desired.iter_mut().zip(step) {
            *desired += step;
        }
        for i in 1..4 {
            let gap = self.desired[i] - self.positions[i];
            let room_up = self.positions[i + 1] - self.positions[i] > 1.0;
            let room_down = self.positions[i - 1] - self.positions[i] < -1.0;
            if (gap >= 1.0 && room_up) || (gap <= -1.0 && room_down) {
                let d = gap.signum();
                let candidate = self.parabolic(i, d);
                self.heights[i] =
                    if self.heights[i - 1] < candidate && candidate < self.heights[i + 1] {
                        candidate
                    } else {
                        self.linear(i, d)
                    };
                self.positions[i] += d;
            }
        }
    }

    fn parabolic(&self, i: usize, d: f64) -> f64 {
        let (q, n) = (&self.heights, &self.positions);
        q[i] + d / (n[i + 1] - n[i - 1])
            * ((n[i] - n[i - 1] + d) * (q[i + 1] - q[i]) / (n[i + 1] - n[i])
                + (n[i + 1] - n[i] - d) * (q[i] - q[i - 1]) / (n[i] - n[i - 1]))
    }

    fn linear(&self, i: usize, d: f64) -> f64 {
        let j = if d > 0.0 { i + 1 } else { i - 1 };
        let (q, n) = (&self.heights, &self.positions);
        q[i] + d * (q[j] - q[i]) / (n[j] - n[i])
    }

    fn estimate(&self) -> f64 {
        if self.count >= 5 {
            return self.heights[2];
        }
        super::stats::quantile(&self.heights[..self.count as usize], self.p)
    }
}

/// Running mean, standard deviation and 95 % half-width (Welford).
#[derive(Clone, Debug, Default)]
pub struct Moments {
    count: u64,
    mean: f64,
    /// Sum of squared deviations from the running mean.
    squares: f64,
}

impl Moments {
    pub fn push(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.squares += delta * (x - self.mean);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The 95 % half-width of the mean, as [`super::ci95`] computes it from
    /// the values (to rounding).
    pub fn ci95(&self) -> Option<f64> {
        (self.count >= 2).then(|| {
            let n = self.count as f64;
            let sd = (self.squares.max(0.0) / (n - 1.0)).sqrt();
            t_quantile_975(self.count as usize - 1) * sd / n.sqrt()
        })
    }
}

/// One quantity across replications: moments and three quantiles.
#[derive(Clone, Debug)]
pub struct RunningSummary {
    moments: Moments,
    quantiles: [Quantile; 3],
}

impl Default for RunningSummary {
    fn default() -> Self {
        RunningSummary {
            moments: Moments::default(),
            quantiles: [Quantile::new(0.1), Quantile::new(0.5), Quantile::new(0.9)],
        }
    }
}

impl RunningSummary {
    pub fn push(&mut self, x: f64) {
        self.moments.push(x);
        for q in &mut self.quantiles {
            q.push(x);
        }
    }

    pub fn moments(&self) -> &Moments {
        &self.moments
    }

    pub fn summary(&self) -> Summary {
        Summary {
            mean: self.moments.mean(),
            ci95: self.moments.ci95(),
            p10: self.quantiles[0].estimate(),
            p50: self.quantiles[1].estimate(),
            p90: self.quantiles[2].estimate(),
        }
    }
}

/// The KPIs of one scenario, growing one replication at a time.
#[derive(Clone, Debug)]
pub struct RunningReport {
    kpis: Vec<RunningSummary>,
    /// Every lead simulated, warm-up included.
    simulated_leads: u64,
}

impl Default for RunningReport {
    fn default() -> Self {
        RunningReport {
            kpis: vec![RunningSummary::default(); Kpi::ALL.len()],
            simulated_leads: 0,
        }
    }
}

impl RunningReport {
    /// Takes the next replication (in replication order).
    pub fn push(&mut self, result: &ReplicationResult) {
        for (summary, kpi) in self.kpis.iter_mut().zip(Kpi::ALL) {
            summary.push(kpi.read(&result.kpis));
        }
        self.simulated_leads += result.funnel.leads_including_warmup;
    }

    pub fn replications(&self) -> u64 {
        self.kpis.first().map_or(0, |k| k.moments.count())
    }

    pub fn simulated_leads(&self) -> u64 {
        self.simulated_leads
    }

    /// The moments of a KPI so far.
    pub fn kpi_moments(&self, kpi: Kpi) -> Option<&Moments> {
        self.kpis.get(kpi.index()).map(RunningSummary::moments)
    }

    /// A progress report: the KPIs and warnings only (units, funnel,
    /// histograms, segments and pools are shown when the run has finished,
    /// from the exact report).
    pub fn report(&self, model: &Model) -> Report {
        let kpis = self
            .kpis
            .iter()
            .zip(Kpi::ALL)
            .map(|(summary, &kpi)| super::KpiSummary {
                kpi,
                summary: summary.summary(),
            })
            .collect();
        Report {
            // The warning needs only a KPI's running mean, so it shows
            // while the run goes.
            warnings: self
                .kpis
                .get(Kpi::UnfinishedRate.index())
                .map(|k| super::warnings::warnings(k.moments.mean()))
                .unwrap_or_default(),
            ..Report::of_kpis(
                &model.meta.name_en,
                &model.meta.name_zh,
                self.replications() as u32,
                kpis,
            )
        }
    }
}

/// Paired differences (candidate − baseline), one pair at a time.
#[derive(Clone, Debug)]
pub struct RunningComparison {
    differences: Vec<Moments>,
    /// The baseline's values, for the relative materiality thresholds.
    baselines: Vec<Moments>,
    /// Paired differences of monthly gross profit (the payback's divisor).
    monthly_profit: Moments,
}

impl Default for RunningComparison {
    fn default() -> Self {
        RunningComparison {
            differences: vec![Moments::default(); Kpi::ALL.len()],
            baselines: vec![Moments::default(); Kpi::ALL.len()],
            monthly_profit: Moments::default(),
        }
    }
}

impl RunningComparison {
    /// Takes the next pair: the same replication of both scenarios.
    pub fn push(&mut self, baseline: &ReplicationResult, candidate: &ReplicationResult) {
        for ((moments, base), kpi) in self
            .differences
            .iter_mut()
            .zip(self.baselines.iter_mut())
            .zip(Kpi::ALL)
        {
            moments.push(kpi.read(&candidate.kpis) - kpi.read(&baseline.kpis));
            base.push(kpi.read(&baseline.kpis));
        }
        self.monthly_profit.push(
            candidate.economics.monthly_gross_profit() - baseline.economics.monthly_gross_profit(),
        );
    }

    pub fn comparison(&self, baseline: &Model, candidate: &Model) -> Comparison {
        Comparison {
            baseline: baseline.meta.name_en.clone(),
            candidate: candidate.meta.name_en.clone(),
            pairs: self.differences.first().map_or(0, Moments::count) as u32,
            differences: self
                .differences
                .iter()
                .zip(&self.baselines)
                .zip(Kpi::ALL)
                .map(|((moments, base), &kpi)| {
                    let (mean, half) = (moments.mean(), moments.ci95());
                    Difference {
                        kpi,
                        mean,
                        ci95: half,
                        significant: half.is_some_and(|h| mean.abs() > h),
                        baseline_mean: base.mean(),
                    }
                })
                .collect(),
            payback: Payback::of(
                candidate.transition_cost,
                self.monthly_profit.mean(),
                self.monthly_profit.ci95(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::stats::{ci95, mean_sd, quantile};

    /// A deterministic, skewed sample (no RNG crate needed).
    fn sample(n: usize) -> Vec<f64> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let u = (state >> 11) as f64 / (1u64 << 53) as f64;
                -libm::log(1.0 - u) * 10.0
            })
            .collect()
    }

    #[test]
    fn moments_match_the_two_pass_formulas() {
        let values = sample(10_000);
        let mut running = RunningSummary::default();
        values.iter().for_each(|&x| running.push(x));
        let (mean, _) = mean_sd(&values);
        let s = running.summary();
        assert!((s.mean - mean).abs() < 1e-9 * mean.abs());
        let (a, b) = (s.ci95.unwrap(), ci95(&values).unwrap());
        assert!((a - b).abs() < 1e-9 * b, "{a} vs {b}");
    }

    #[test]
    fn quantiles_are_exact_for_few_values_and_close_for_many() {
        let mut few = RunningSummary::default();
        for x in [5.0, 1.0, 3.0] {
            few.push(x);
        }
        let s = few.summary();
        assert_eq!((s.p10, s.p50, s.p90), (1.4, 3.0, 4.6));
        let values = sample(10_000);
        let mut running = RunningSummary::default();
        values.iter().for_each(|&x| running.push(x));
        let s = running.summary();
        for (estimate, q) in [(s.p10, 0.1), (s.p50, 0.5), (s.p90, 0.9)] {
            let exact = quantile(&values, q);
            // Exponential with mean 10: quantiles 1.05, 6.93, 23.0.
            assert!(
                (estimate - exact).abs() < 0.02 * exact + 0.05,
                "q{q}: {estimate} vs {exact}"
            );
        }
    }

    #[test]
    fn paired_differences_match_the_exact_comparison() {
        let model =
            crate::scenario::load(include_str!("../../examples/validation/mm1.json")).unwrap();
        let a: Vec<_> = (0..4)
            .map(|r| crate::sim::run_replication(&model, 1, r))
            .collect();
        let b: Vec<_> = (0..4)
            .map(|r| crate::sim::run_replication(&model, 2, r))
            .collect();
        let mut running = RunningComparison::default();
        let mut report = RunningReport::default();
        for (x, y) in a.iter().zip(&b) {
            running.push(x, y);
            report.push(x);
        }
        let exact = Comparison::paired(&model, &model, &a, &b);
        let interim = running.comparison(&model, &model);
        assert_eq!(interim.pairs, exact.pairs);
        for (i, e) in interim.differences.iter().zip(&exact.differences) {
            assert!(
                (i.mean - e.mean).abs() <= 1e-9 * e.mean.abs().max(1.0),
                "{}",
                e.kpi.key()
            );
            assert_eq!(i.significant, e.significant, "{}", e.kpi.key());
            assert!(
                (i.baseline_mean - e.baseline_mean).abs() <= 1e-9 * e.baseline_mean.abs().max(1.0),
                "{}",
                e.kpi.key()
            );
        }
        let exact = Report::from_replications(&model, &a);
        let interim = report.report(&model);
        for (i, e) in interim.kpis.iter().zip(&exact.kpis) {
            assert!(
                (i.summary.mean - e.summary.mean).abs() <= 1e-9 * e.summary.mean.abs().max(1.0)
            );
            // Four values: the quantiles are exact.
            assert_eq!(
                (i.summary.p10, i.summary.p50),
                (e.summary.p10, e.summary.p50)
            );
        }
    }
}

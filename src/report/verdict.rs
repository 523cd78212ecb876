//! Whether a paired difference is better, worse, or not worth a board's
//! attention: significant *and* material (issue 12.3).
//!
//! A difference whose 95 % interval excludes zero can still be too small to
//! matter — 0.3 minutes of first response, 0.1 percentage points of
//! conversion — and a workshop reads "better" as "worth doing". So a
//! difference is called better or worse only when its interval excludes
//! zero and its size reaches the KPI's materiality threshold; otherwise it
//! is "no material difference" (significant but small) or "no clear
//! difference" (interval includes zero). A KPI that does not apply to
//! either scenario (identical in every pair: no SLA anywhere, no decisions
//! to wait for) gets no verdict at all.
//!
//! Default thresholds are judgement, not sourced: 1 percentage point for
//! shares, 5 % of the baseline for durations, 2 % of the baseline for money
//! and counts, 2 points of NPS, 0.1 points of satisfaction, 0.05 hand-offs
//! or repeated questions per lead. Users set their own per KPI.

use std::collections::BTreeMap;

use super::Difference;
use super::kpi::{Better, Kpi, KpiUnit};
use crate::i18n::Text;

/// How big a difference must be to matter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    /// In the KPI's own unit (a share as a fraction: 0.01 is 1 pp).
    Absolute(f64),
    /// As a fraction of the baseline's mean (0.05 is 5 %).
    Relative(f64),
}

impl Threshold {
    /// The threshold in the KPI's unit, for a baseline mean.
    pub fn absolute(self, baseline_mean: f64) -> f64 {
        match self {
            Threshold::Absolute(x) => x,
            Threshold::Relative(f) => f * baseline_mean.abs(),
        }
    }

    /// The number a user edits: absolute shares in percentage points,
    /// relative thresholds in percent, anything else in the KPI's unit.
    pub fn shown(self, kpi: Kpi) -> f64 {
        match self {
            Threshold::Absolute(x) if kpi.unit() == KpiUnit::Share => x * 100.0,
            Threshold::Absolute(x) => x,
            Threshold::Relative(f) => f * 100.0,
        }
    }

    /// The same kind of threshold, set to what a user typed (see [`Threshold::shown`]).
    pub fn with_shown(self, kpi: Kpi, value: f64) -> Threshold {
        match self {
            Threshold::Absolute(_) if kpi.unit() == KpiUnit::Share => {
                Threshold::Absolute(value / 100.0)
            }
            Threshold::Absolute(_) => Threshold::Absolute(value),
            Threshold::Relative(_) => Threshold::Relative(value / 100.0),
        }
    }
}

impl Kpi {
    /// The default materiality threshold (judgement; see the module docs).
    pub fn default_threshold(self) -> Threshold {
        match self {
            Kpi::Nps => Threshold::Absolute(2.0),
            Kpi::Satisfaction => Threshold::Absolute(0.1),
            Kpi::HandoffsPerLead | Kpi::RepeatedQuestionsPerLead => Threshold::Absolute(0.05),
            _ => match self.unit() {
                KpiUnit::Share => Threshold::Absolute(0.01),
                KpiUnit::Minutes => Threshold::Relative(0.05),
                KpiUnit::Money | KpiUnit::Count | KpiUnit::Score => Threshold::Relative(0.02),
            },
        }
    }
}

/// The thresholds in use: the defaults, with the user's own where set
/// (keyed by KPI key, each value as [`Threshold::shown`] writes it).
pub fn threshold(kpi: Kpi, overrides: &BTreeMap<String, f64>) -> Threshold {
    let default = kpi.default_threshold();
    overrides
        .get(kpi.key())
        .filter(|v| v.is_finite() && **v >= 0.0)
        .map_or(default, |&v| default.with_shown(kpi, v))
}

/// What a paired difference says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Better,
    Worse,
    /// Significant and material, for a KPI with no better direction.
    Clear,
    /// Significant, but smaller than the materiality threshold.
    NotMaterial,
    /// The 95 % interval includes zero.
    Unclear,
    /// The KPI is the same in every pair (it does not apply), or not a number.
    NotApplicable,
}

impl Verdict {
    /// The word programs and tests read (`data-verdict`).
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Clear => "clear",
            Verdict::NotMaterial => "immaterial",
            Verdict::Unclear => "unclear",
            Verdict::NotApplicable => "not-applicable",
        }
    }
}

impl Verdict {
    /// How the verdict reads in the comparison table and the report.
    pub fn words(self) -> Text {
        match self {
            Verdict::Better => Text::Better,
            Verdict::Worse => Text::Worse,
            Verdict::Clear => Text::ClearDifference,
            Verdict::NotMaterial => Text::NotMaterial,
            Verdict::Unclear => Text::NoClearDifference,
            Verdict::NotApplicable => Text::DoesNotApply,
        }
    }
}

impl Difference {
    /// This difference's verdict under `threshold`.
    pub fn verdict(&self, threshold: Threshold) -> Verdict {
        if !self.mean.is_finite() {
            return Verdict::NotApplicable;
        }
        if self.mean == 0.0 && self.ci95.is_none_or(|h| h == 0.0) {
            return Verdict::NotApplicable;
        }
        if !self.significant {
            return Verdict::Unclear;
        }
        if self.mean.abs() < threshold.absolute(self.baseline_mean) {
            return Verdict::NotMaterial;
        }
        match self.kpi.better() {
            Better::Higher if self.mean > 0.0 => Verdict::Better,
            Better::Lower if self.mean < 0.0 => Verdict::Better,
            Better::Higher | Better::Lower => Verdict::Worse,
            Better::Neither => Verdict::Clear,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn difference(kpi: Kpi, mean: f64, half: f64, baseline_mean: f64) -> Difference {
        Difference {
            kpi,
            mean,
            ci95: Some(half),
            significant: mean.abs() > half,
            baseline_mean,
        }
    }

    #[test]
    fn better_and_worse_need_significance_and_size() {
        let rule = Kpi::FirstResponseMinutes.default_threshold();
        // 5 % of a 100-minute baseline is 5 minutes.
        let faster = difference(Kpi::FirstResponseMinutes, -12.0, 3.0, 100.0);
        assert_eq!(faster.verdict(rule), Verdict::Better);
        let slower = difference(Kpi::FirstResponseMinutes, 12.0, 3.0, 100.0);
        assert_eq!(slower.verdict(rule), Verdict::Worse);
        // Significant (interval ±0.5 excludes 0) but under 5 minutes.
        let small = difference(Kpi::FirstResponseMinutes, -2.0, 0.5, 100.0);
        assert_eq!(small.verdict(rule), Verdict::NotMaterial);
        // Large but the interval includes zero.
        let noisy = difference(Kpi::FirstResponseMinutes, -30.0, 40.0, 100.0);
        assert_eq!(noisy.verdict(rule), Verdict::Unclear);
        // Shares: 1 pp absolute.
        let conversion = Kpi::ConversionRate.default_threshold();
        assert_eq!(
            difference(Kpi::ConversionRate, 0.004, 0.001, 0.1).verdict(conversion),
            Verdict::NotMaterial
        );
        assert_eq!(
            difference(Kpi::ConversionRate, 0.02, 0.005, 0.1).verdict(conversion),
            Verdict::Better
        );
        // No better direction: clear, never better.
        let leads = difference(Kpi::Leads, 50.0, 5.0, 1000.0);
        assert_eq!(
            leads.verdict(Kpi::Leads.default_threshold()),
            Verdict::Clear
        );
    }

    #[test]
    fn a_kpi_that_does_not_apply_gets_no_verdict() {
        // No SLA in either scenario: zero in every pair.
        let none = difference(Kpi::SlaBreachRate, 0.0, 0.0, 0.0);
        assert_eq!(
            none.verdict(Kpi::SlaBreachRate.default_threshold()),
            Verdict::NotApplicable
        );
        let nan = difference(Kpi::Orders, f64::NAN, 1.0, 10.0);
        assert_eq!(
            nan.verdict(Kpi::Orders.default_threshold()),
            Verdict::NotApplicable
        );
    }

    #[test]
    fn the_users_thresholds_replace_the_defaults_in_the_units_they_see() {
        let mut overrides = BTreeMap::new();
        // 3 pp for conversion, 10 % for first response, 0 for orders.
        overrides.insert("conversion_rate".to_string(), 3.0);
        overrides.insert("first_response_minutes".to_string(), 10.0);
        overrides.insert("orders".to_string(), 0.0);
        overrides.insert("nps".to_string(), f64::NAN);
        assert_eq!(
            threshold(Kpi::ConversionRate, &overrides),
            Threshold::Absolute(0.03)
        );
        assert_eq!(
            threshold(Kpi::FirstResponseMinutes, &overrides),
            Threshold::Relative(0.1)
        );
        assert_eq!(threshold(Kpi::Orders, &overrides), Threshold::Relative(0.0));
        assert_eq!(
            threshold(Kpi::Nps, &overrides),
            Kpi::Nps.default_threshold()
        );
        assert_eq!(Threshold::Absolute(0.03).shown(Kpi::ConversionRate), 3.0);
        let two_pp = difference(Kpi::ConversionRate, 0.02, 0.005, 0.1);
        assert_eq!(
            two_pp.verdict(threshold(Kpi::ConversionRate, &overrides)),
            Verdict::NotMaterial
        );
    }
}

//! Payback of a design change: the candidate's one-off transition cost
//! divided by the monthly gross profit it gains over the baseline.
//!
//! `payback = T / d̄`, where `T` is the candidate's `transition_cost` and
//! `d̄` the mean over paired replications of
//! `dᵣ = GP_B,r / months_B − GP_A,r / months_A` (gross profit after every
//! cost, per month of each scenario's own arrival window, so designs with
//! different horizons compare).
//!
//! Intervals. `ci95` is the delta method's half-width: `T · h / d̄²`, with
//! `h` the 95 % half-width of `d̄` (symmetric, like every other `ci95`, and
//! good when `h ≪ d̄`). `low` and `high` map the ends of `d̄`'s interval
//! through `T / d` (exact for a constant `T`, and asymmetric): `high` is
//! `None` where that interval reaches 0 or below, i.e. the gain may be
//! nothing and payback may never come.
//!
//! "Never": where `d̄ ≤ 0` the change gains nothing per month, so it never
//! pays back; the months are `None` and [`Never::ProfitNotHigher`] says
//! why (JSON: `"mean": null` with `"reason": "profit_not_higher"`).

use serde::Serialize;
use serde_json::{Value, json};

/// Why a change never pays back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Never {
    /// The candidate's monthly gross profit is not higher than the
    /// baseline's (mean paired difference ≤ 0).
    ProfitNotHigher,
}

impl Never {
    /// The published word (JSON).
    pub fn key(self) -> &'static str {
        match self {
            Never::ProfitNotHigher => "profit_not_higher",
        }
    }
}

/// The payback of one comparison pair.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Payback {
    /// The candidate's one-off transition cost.
    pub transition_cost: f64,
    /// Mean paired difference of monthly gross profit (candidate −
    /// baseline), and its 95 % half-width.
    pub monthly_difference: f64,
    pub monthly_difference_ci95: Option<f64>,
    /// Months to pay back; `None` = never (see `reason`).
    pub months: Option<f64>,
    /// Delta-method 95 % half-width of `months`.
    pub ci95: Option<f64>,
    /// `T / (d̄ + h)` and `T / (d̄ − h)`; `high` is `None` when `d̄ − h ≤ 0`.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Why `months` is `None`.
    pub reason: Option<Never>,
}

impl Payback {
    /// The payback of `transition_cost` from a monthly gross-profit
    /// difference with mean `difference` and 95 % half-width `half`.
    pub fn of(transition_cost: f64, difference: f64, half: Option<f64>) -> Payback {
        let base = Payback {
            transition_cost,
            monthly_difference: difference,
            monthly_difference_ci95: half,
            ..Payback::default()
        };
        // NaN is no gain either, hence the `is_nan`.
        if difference <= 0.0 || difference.is_nan() {
            return Payback {
                reason: Some(Never::ProfitNotHigher),
                ..base
            };
        }
        let t = transition_cost;
        Payback {
            months: Some(t / difference),
            ci95: half.map(|h| t * h / (difference * difference)),
            low: half.map(|h| t / (difference + h)),
            high: half.and_then(|h| (difference - h > 0.0).then(|| t / (difference - h))),
            ..base
        }
    }

    /// The JSON object of `orgflow run A B`'s comparison.
    pub fn to_json_value(&self) -> Value {
        json!({
            "mean": self.months,
            "ci95": self.ci95,
            "low": self.low,
            "high": self.high,
            "reason": self.reason.map(Never::key),
            "transition_cost": self.transition_cost,
            "monthly_gross_profit_difference": {
                "mean": self.monthly_difference,
                "ci95": self.monthly_difference_ci95,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payback_is_the_transition_cost_over_the_monthly_gain() {
        let p = Payback::of(1_200_000.0, 100_000.0, Some(20_000.0));
        assert_eq!(p.months, Some(12.0));
        assert_eq!(p.reason, None);
        // Delta method: T·h/d² = 1.2e6 · 2e4 / 1e10.
        assert_eq!(p.ci95, Some(2.4));
        assert_eq!(p.low, Some(10.0));
        assert_eq!(p.high, Some(15.0));
        // An interval that reaches zero has no upper end.
        let wide = Payback::of(1_200_000.0, 100_000.0, Some(100_000.0));
        assert_eq!((wide.months, wide.high), (Some(12.0), None));
    }

    #[test]
    fn no_gain_never_pays_back() {
        for d in [0.0, -5.0, f64::NAN] {
            let p = Payback::of(1_000.0, d, Some(1.0));
            assert_eq!((p.months, p.ci95, p.low, p.high), (None, None, None, None));
            assert_eq!(p.reason, Some(Never::ProfitNotHigher));
            let json = p.to_json_value();
            assert_eq!(json["mean"], Value::Null);
            assert_eq!(json["reason"], "profit_not_higher");
        }
        // Free changes that gain pay back at once.
        assert_eq!(Payback::of(0.0, 10.0, None).months, Some(0.0));
    }
}

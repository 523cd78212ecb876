//! Service targets the optimiser must meet: a KPI of the registry, a
//! direction and a value, read from text such as
//! `contacted_within_60_minutes>=0.8` or `abandonment_rate<=0.05`.
//!
//! A target is met *with 95 % confidence* when the whole 95 % interval of
//! the KPI's mean across replications lies on the right side of the value:
//! `mean − ci95 ≥ value` for `>=`, `mean + ci95 ≤ value` for `<=`. Values
//! are written in the KPI's own unit as the JSON output gives it: shares
//! as fractions (0.8, not 80 %), durations in minutes, money in yuan.

use serde_json::{Value, json};

use crate::analysis::crn::Estimate;
use crate::analysis::erlang::Staffing;
use crate::i18n::Lang;
use crate::report::Kpi;

/// Which side of the value the KPI must stay on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// `>=`: at least the value.
    AtLeast,
    /// `<=`: at most the value.
    AtMost,
}

impl Bound {
    pub const fn symbol(self) -> &'static str {
        match self {
            Bound::AtLeast => ">=",
            Bound::AtMost => "<=",
        }
    }
}

/// One target: `kpi` `bound` `value`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub kpi: Kpi,
    pub bound: Bound,
    pub value: f64,
}

/// Why a target's text cannot be read; each names the bad part.
#[derive(Clone, Debug, PartialEq)]
pub enum TargetError {
    /// No `>=` or `<=` in the text.
    NoComparison { text: String },
    /// The left side is no KPI of the registry.
    UnknownKpi { found: String },
    /// The right side is not a finite number.
    NotANumber { found: String },
}

impl TargetError {
    /// The problem in words, with what is allowed.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            TargetError::NoComparison { text } => {
                if zh {
                    format!(
                        "目标 “{text}” 应写作 KPI>=数值 或 KPI<=数值，例如 contacted_within_60_minutes>=0.8"
                    )
                } else {
                    format!(
                        "target \"{text}\" must read KPI>=VALUE or KPI<=VALUE, e.g. contacted_within_60_minutes>=0.8"
                    )
                }
            }
            TargetError::UnknownKpi { found } => {
                let keys: Vec<&str> = Kpi::ALL.iter().map(|k| k.key()).collect();
                if zh {
                    format!("“{found}” 不是 KPI；可用：{}", keys.join("、"))
                } else {
                    format!("\"{found}\" is not a KPI; allowed: {}", keys.join(", "))
                }
            }
            TargetError::NotANumber { found } => {
                if zh {
                    format!("目标值 “{found}” 不是有限数字（比例写作小数，如 0.8；时长以分钟计）")
                } else {
                    format!(
                        "target value \"{found}\" is not a finite number (shares as fractions such as 0.8, durations in minutes)"
                    )
                }
            }
        }
    }
}

impl Target {
    /// Reads `KPI>=VALUE` or `KPI<=VALUE` (spaces around the parts allowed).
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let (kpi, bound, value) = if let Some((k, v)) = text.split_once(">=") {
            (k, Bound::AtLeast, v)
        } else if let Some((k, v)) = text.split_once("<=") {
            (k, Bound::AtMost, v)
        } else {
            return Err(TargetError::NoComparison {
                text: text.to_string(),
            });
        };
        let kpi = kpi.trim();
        let kpi = Kpi::parse(kpi).ok_or_else(|| TargetError::UnknownKpi {
            found: kpi.to_string(),
        })?;
        let value_text = value.trim();
        let value = value_text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| TargetError::NotANumber {
                found: value_text.to_string(),
            })?;
        Ok(Target { kpi, bound, value })
    }

    /// How far the 95 % interval's bound on the wrong side is from the
    /// value, relative to the value's size (0 when the target is met with
    /// 95 % confidence). Relative, so that targets in different units can
    /// be added up into one shortfall.
    pub fn shortfall(&self, estimate: &Estimate) -> f64 {
        let half = estimate.ci95.unwrap_or(0.0);
        let gap = match self.bound {
            Bound::AtLeast => self.value - (estimate.mean - half),
            Bound::AtMost => (estimate.mean + half) - self.value,
        };
        let scale = if self.value.abs() > 1e-9 {
            self.value.abs()
        } else {
            1.0
        };
        (gap / scale).max(0.0)
    }

    /// Whether the estimate meets the target with 95 % confidence.
    pub fn met(&self, estimate: &Estimate) -> bool {
        let half = estimate.ci95.unwrap_or(0.0);
        match self.bound {
            Bound::AtLeast => estimate.mean - half >= self.value,
            Bound::AtMost => estimate.mean + half <= self.value,
        }
    }

    /// Whether Erlang's figures meet the target, for the KPIs the formulas
    /// give (the shares contacted within 15 minutes, 1 hour and 24 hours,
    /// the abandonment rate); `None` for any other KPI.
    pub fn met_by(&self, staffing: &Staffing) -> Option<bool> {
        let value = match self.kpi {
            Kpi::ContactedWithin15Minutes => staffing.served_within(15.0),
            Kpi::ContactedWithin60Minutes => staffing.served_within(60.0),
            Kpi::ContactedWithin24Hours => staffing.served_within(1440.0),
            Kpi::AbandonmentRate => staffing.p_abandon,
            _ => return None,
        };
        Some(match self.bound {
            Bound::AtLeast => value >= self.value,
            Bound::AtMost => value <= self.value,
        })
    }

    /// `{"kpi", "bound", "value"}`.
    pub fn to_json_value(&self) -> Value {
        json!({"kpi": self.kpi.key(), "bound": self.bound.symbol(), "value": self.value})
    }
}

/// Written as it is read: `contacted_within_60_minutes>=0.8`.
impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.kpi.key(), self.bound.symbol(), self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_back_and_bad_parts_are_named() {
        let t = Target::parse("contacted_within_60_minutes>=0.8").expect("valid");
        assert_eq!(
            t,
            Target {
                kpi: Kpi::ContactedWithin60Minutes,
                bound: Bound::AtLeast,
                value: 0.8
            }
        );
        assert_eq!(t.to_string(), "contacted_within_60_minutes>=0.8");
        let t = Target::parse(" abandonment_rate <= 0.05 ").expect("valid");
        assert_eq!((t.kpi, t.bound), (Kpi::AbandonmentRate, Bound::AtMost));
        assert_eq!(Target::parse(&t.to_string()), Ok(t));

        let e = Target::parse("abandonment_rate=0.05").expect_err("no comparison");
        assert!(e.message(Lang::En).contains("KPI>=VALUE"));
        let e = Target::parse("reach_rate>=0.5").expect_err("unknown KPI");
        let en = e.message(Lang::En);
        assert!(
            en.contains("\"reach_rate\"") && en.contains("abandonment_rate"),
            "{en}"
        );
        assert!(e.message(Lang::Zh).contains("不是 KPI"));
        let e = Target::parse("orders>=lots").expect_err("not a number");
        assert_eq!(
            e,
            TargetError::NotANumber {
                found: "lots".into()
            }
        );
        assert!(Target::parse("orders>=inf").is_err());
    }

    #[test]
    fn met_means_the_whole_interval_is_on_the_right_side() {
        let at_least = Target::parse("contacted_within_60_minutes>=0.8").expect("valid");
        let estimate = |mean, half| Estimate {
            mean,
            ci95: Some(half),
        };
        assert!(at_least.met(&estimate(0.85, 0.04)));
        assert!(!at_least.met(&estimate(0.82, 0.04)));
        assert_eq!(at_least.shortfall(&estimate(0.85, 0.04)), 0.0);
        assert!((at_least.shortfall(&estimate(0.72, 0.04)) - 0.15).abs() < 1e-12);
        let at_most = Target::parse("abandonment_rate<=0.05").expect("valid");
        assert!(at_most.met(&estimate(0.04, 0.01)));
        assert!(!at_most.met(&estimate(0.045, 0.01)));
    }
}

//! Distributions: from a distribution as written (its kind word and the
//! parameters that kind needs) to the engine's [`Dist`], in minutes.

use super::Checker;
use crate::scenario::error::ErrorKind;
use crate::scenario::format::DistSpec;
use crate::scenario::vocab::{DistKind, DistParam};
use crate::sim::dist::Dist;

impl Checker {
    /// Converts a distribution; `scale` turns file units into minutes.
    pub(super) fn dist(&mut self, spec: &DistSpec, path: &str, scale: f64) -> Option<Dist> {
        let need =
            |checker: &mut Checker, value: Option<f64>, parameter: DistParam| -> Option<f64> {
                if value.is_none() {
                    let parameter = parameter.key();
                    checker.push(
                        format!("{path}.{parameter}"),
                        ErrorKind::MissingParameter {
                            parameter: parameter.to_string(),
                            kind: spec.kind.clone(),
                        },
                    );
                }
                value
            };
        // The schema already reported a kind it does not know.
        let kind = DistKind::parse(&spec.kind)?;
        let dist = match kind {
            DistKind::Exponential => Dist::Exponential {
                mean: need(self, spec.mean, DistParam::Mean)? * scale,
            },
            DistKind::Lognormal => {
                let (mean, cv) = (
                    need(self, spec.mean, DistParam::Mean),
                    need(self, spec.cv, DistParam::Cv),
                );
                Dist::lognormal(mean? * scale, cv?)
            }
            DistKind::Gamma => {
                let (mean, cv) = (
                    need(self, spec.mean, DistParam::Mean),
                    need(self, spec.cv, DistParam::Cv),
                );
                Dist::gamma(mean? * scale, cv?)
            }
            DistKind::Triangular => {
                let min = need(self, spec.min, DistParam::Min);
                let mode = need(self, spec.mode, DistParam::Mode);
                let max = need(self, spec.max, DistParam::Max);
                let (min, mode, max) = (min?, mode?, max?);
                if !(min <= mode && mode <= max && min < max) {
                    self.push(
                        path,
                        ErrorKind::Inconsistent {
                            rule: "triangular needs min ≤ mode ≤ max and min < max".into(),
                        },
                    );
                    return None;
                }
                Dist::Triangular {
                    min: min * scale,
                    mode: mode * scale,
                    max: max * scale,
                }
            }
            DistKind::Deterministic => Dist::Deterministic {
                value: need(self, spec.value, DistParam::Value)? * scale,
            },
            DistKind::Empirical => {
                let values = spec.values.as_ref().filter(|v| !v.is_empty());
                if values.is_none() {
                    self.push(
                        format!("{path}.{}", DistParam::Values.key()),
                        ErrorKind::MissingParameter {
                            parameter: DistParam::Values.key().into(),
                            kind: spec.kind.clone(),
                        },
                    );
                }
                Dist::Empirical {
                    values: values?.iter().map(|v| v * scale).collect(),
                }
            }
        };
        Some(dist)
    }
}

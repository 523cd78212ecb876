//! Distributions: from a distribution as written (its kind word and the
//! parameters that kind needs) to the engine's [`Dist`], in minutes. What
//! each kind means is [`DistKind::build`]'s; this file reads the written
//! parameters and turns the problems it finds into located errors.

use super::Checker;
use crate::scenario::error::ErrorKind;
use crate::scenario::format::DistSpec;
use crate::scenario::vocab::{DistKind, DistParam, DistProblem};
use crate::sim::dist::Dist;

/// The numeric parameter `parameter` as written in `spec`.
fn written(spec: &DistSpec, parameter: DistParam) -> Option<f64> {
    match parameter {
        DistParam::Mean => spec.mean,
        DistParam::Cv => spec.cv,
        DistParam::Min => spec.min,
        DistParam::Mode => spec.mode,
        DistParam::Max => spec.max,
        DistParam::Value => spec.value,
        DistParam::Values => None,
    }
}

impl Checker {
    /// Converts a distribution; `scale` turns file units into minutes.
    pub(super) fn dist(&mut self, spec: &DistSpec, path: &str, scale: f64) -> Option<Dist> {
        // The schema already reported a kind it does not know.
        let kind = DistKind::parse(&spec.kind)?;
        let built = kind.build(|p| written(spec, p), spec.values.as_deref(), scale);
        match built {
            Ok(dist) => Some(dist),
            Err(problems) => {
                for problem in problems {
                    match problem {
                        DistProblem::Missing(parameter) => self.push(
                            format!("{path}.{}", parameter.key()),
                            ErrorKind::MissingParameter {
                                parameter: parameter.key().to_string(),
                                kind: spec.kind.clone(),
                            },
                        ),
                        DistProblem::Inconsistent(rule) => {
                            self.push(path, ErrorKind::Inconsistent { rule })
                        }
                    }
                }
                None
            }
        }
    }
}

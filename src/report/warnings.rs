//! What a report says about its own trustworthiness, before anyone reads
//! its numbers.

use serde::Serialize;

/// Above this share of measured leads still in the funnel at the end, the
/// KPIs describe a run that stopped mid-journey: conversion and
/// satisfaction are biased towards journeys that end quickly. The presets'
/// drain keeps it under this limit.
pub const UNFINISHED_LIMIT: f64 = 0.02;

/// A warning about a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportWarning {
    /// `unfinished_rate` (mean over replications) is above
    /// [`UNFINISHED_LIMIT`]: lengthen `horizon.drain_days`.
    UnfinishedRate { value: f64, limit: f64 },
}

impl ReportWarning {
    /// The warning in English, for the CLI (the app words it through its
    /// 中文 / English tables).
    pub fn en(&self) -> String {
        match self {
            ReportWarning::UnfinishedRate { value, limit } => format!(
                "{:.1} % of the measured leads are still in the funnel at the end (above {:.0} %): \
                 lengthen horizon.drain_days so their journeys finish",
                value * 100.0,
                limit * 100.0
            ),
        }
    }
}

/// The warnings for a mean unfinished rate.
pub fn warnings(unfinished_rate: f64) -> Vec<ReportWarning> {
    let mut out = Vec::new();
    if unfinished_rate > UNFINISHED_LIMIT {
        out.push(ReportWarning::UnfinishedRate {
            value: unfinished_rate,
            limit: UNFINISHED_LIMIT,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_only_above_the_limit() {
        assert!(warnings(0.02).is_empty());
        let w = warnings(0.14);
        assert_eq!(w.len(), 1);
        assert!(w[0].en().contains("14.0 %"));
    }
}

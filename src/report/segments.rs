//! Results by grade and by source: the same lead-level KPIs as the report's,
//! for one segment of the measured leads, with intervals across
//! replications.
//!
//! The definitions match the scenario-wide KPIs: first response is the mean
//! over the segment's contacted leads; conversion and abandonment are shares
//! of the segment's leads (a lead that is never contacted counts in the
//! denominator).

use serde::Serialize;

use super::kpi::Kpi;
use super::stats::Summary;
use crate::sim::result::{ReplicationResult, SegmentCounts};

/// One grade's or one source's KPIs across replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentSummary {
    pub name: String,
    pub leads: Summary,
    pub first_response_minutes: Summary,
    pub conversion_rate: Summary,
    pub abandonment_rate: Summary,
}

impl SegmentSummary {
    /// Summarises segment `index` of each replication, as `pick` selects the
    /// segment list (by grade or by source). Replications that lack the
    /// segment are skipped.
    pub fn of(
        name: &str,
        index: usize,
        results: &[&ReplicationResult],
        pick: fn(&ReplicationResult) -> &[SegmentCounts],
    ) -> SegmentSummary {
        let segments: Vec<&SegmentCounts> =
            results.iter().filter_map(|r| pick(r).get(index)).collect();
        let summary = |f: &dyn Fn(&SegmentCounts) -> f64| -> Summary {
            Summary::of(&segments.iter().map(|s| f(s)).collect::<Vec<_>>())
        };
        let share = |count: u64, of: u64| {
            if of > 0 {
                count as f64 / of as f64
            } else {
                0.0
            }
        };
        SegmentSummary {
            name: name.to_string(),
            leads: summary(&|s| s.leads as f64),
            first_response_minutes: summary(&|s| {
                if s.contacted > 0 {
                    s.first_response_minutes_sum / s.contacted as f64
                } else {
                    0.0
                }
            }),
            conversion_rate: summary(&|s| share(s.ordered, s.leads)),
            abandonment_rate: summary(&|s| share(s.abandoned, s.leads)),
        }
    }

    /// The segment's figures, each under the KPI it is a segment of (the
    /// same definition as the whole run's KPI), in display order.
    pub fn columns(&self) -> [(Kpi, &Summary); 4] {
        [
            (Kpi::Leads, &self.leads),
            (Kpi::FirstResponseMinutes, &self.first_response_minutes),
            (Kpi::ConversionRate, &self.conversion_rate),
            (Kpi::AbandonmentRate, &self.abandonment_rate),
        ]
    }

    /// The JSON row, `key` naming the segment kind (`grade` or `source`).
    pub fn to_json(&self, key: &str) -> serde_json::Value {
        let mut row = serde_json::Map::new();
        row.insert(key.to_string(), self.name.clone().into());
        for (kpi, summary) in self.columns() {
            row.insert(
                kpi.key().to_string(),
                serde_json::to_value(summary).unwrap_or(serde_json::Value::Null),
            );
        }
        serde_json::Value::Object(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replication(
        r: u32,
        leads: u64,
        contacted: u64,
        sum: f64,
        ordered: u64,
    ) -> ReplicationResult {
        ReplicationResult {
            replication: r,
            by_grade: vec![SegmentCounts {
                leads,
                contacted,
                first_response_minutes_sum: sum,
                ordered,
                abandoned: leads - contacted,
            }],
            ..ReplicationResult::default()
        }
    }

    #[test]
    fn segment_kpis_use_the_report_definitions() {
        let a = replication(0, 10, 8, 80.0, 2);
        let b = replication(1, 20, 10, 300.0, 2);
        let s = SegmentSummary::of("H", 0, &[&a, &b], |r| &r.by_grade);
        // First response: mean over contacted leads, per replication (10, 30).
        assert!((s.first_response_minutes.mean - 20.0).abs() < 1e-12);
        // Conversion over every lead (0.2, 0.1), abandonment likewise.
        assert!((s.conversion_rate.mean - 0.15).abs() < 1e-12);
        assert!((s.abandonment_rate.mean - 0.35).abs() < 1e-12);
        assert!(s.leads.ci95.is_some());
        let row = s.to_json("grade");
        assert_eq!(row["grade"], "H");
        assert!(row["conversion_rate"]["ci95"].is_number());
    }
}
